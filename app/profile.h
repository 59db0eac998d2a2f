// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLockFile>
#include <QString>

#include <memory>

namespace crosstalk::app {

/// The profile directory: the store, libpurple's user dir, and a lock that keeps a second
/// instance from running on the same profile.
class Profile
{
public:
    /// dir empty: $XDG_DATA_HOME/crosstalk.
    explicit Profile(QString dir);

    /// Creates the directory and takes the single-instance lock; false with a reason.
    bool open(QString *error);

    QString path() const { return m_dir; }
    QString purpleDir() const { return m_dir + QStringLiteral("/purple"); }
    QString databasePath() const { return m_dir + QStringLiteral("/crosstalk.sqlite"); }

private:
    QString m_dir;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace crosstalk::app
