// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

class QCoreApplication;

namespace crosstalk::app {

/// What the user asked for on the command line.
struct CommandLine
{
    QString profileDir;  ///< empty: the default XDG profile
    bool demo = false;
    /// Internal, set by --demo for the second window's process.
    struct DemoPeer
    {
        QString jid;
        quint16 port = 0;
        QString certificate; ///< PEM file to pin
        bool rightHalf = false;
    };
    std::optional<DemoPeer> demoPeer;
};

/// Parses arguments; prints help/version/errors and exits itself for those.
CommandLine parseCommandLine(const QCoreApplication &app);

} // namespace crosstalk::app
