// SPDX-License-Identifier: GPL-3.0-or-later
// One Pidgin 2.x conversation log (HTML or TXT logger) and where it sits under logs/.
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace crosstalk::history {

/// logs/<protocol folder>/<account>/<peer>[.chat]/<YYYY-MM-DD.HHMMSS+ZZZZTZ>.{html,txt}
struct PidginLogLocation
{
    QString protocolFolder;
    QString account; ///< normalised account name
    QString peer;    ///< normalised buddy name or room (without ".chat")
    bool chat = false;
    bool system = false; ///< logs/<proto>/<account>/.system/: connection events, never imported
    bool html = true;
    QDateTime start; ///< from the file name; local time when it carries no offset
};

struct PidginLogMessage
{
    QDateTime time;
    QString sender;
    QString body; ///< HTML for HTML logs (as Pidgin stored it), plain text for TXT logs
    bool outgoing = false;
    bool autoReply = false;
};

/// Parses a path relative to logs/. nullopt (with *error) when it is not a log's place or name.
std::optional<PidginLogLocation> locatePidginLog(const QString &relativePath, QString *error);

/// Parses the log's messages. System lines (sign-on, "is now known as") are dropped.
/// ownNames are the user's own aliases and usernames, which mark outgoing lines in TXT logs
/// (HTML logs carry the direction in their colours). nullopt (with *error) when malformed.
std::optional<QList<PidginLogMessage>> parsePidginLog(const QByteArray &content,
                                                      const PidginLogLocation &where,
                                                      const QStringList &ownNames, QString *error);

} // namespace crosstalk::history
