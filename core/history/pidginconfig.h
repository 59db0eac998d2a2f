// SPDX-License-Identifier: GPL-3.0-or-later
// Pidgin 2.x configuration files: accounts.xml and blist.xml.
#pragma once

#include <QList>
#include <QString>
#include <QVariantMap>

#include <optional>

class QIODevice;

namespace crosstalk::history {

struct PidginAccount
{
    QString protocol; ///< "prpl-jabber"
    QString name;     ///< "alice@example.org/Home"
    QString password; ///< in memory only, for the SecretStore
    QString alias;
    QVariantMap settings; ///< protocol settings, never a password
    bool enabled = false; ///< Pidgin's per-UI auto-login
};

struct PidginBuddy
{
    QString protocol;
    QString account; ///< the account's name as in accounts.xml
    QString name;
    QString alias;
    QString serverAlias;
    QString group;
};

/// Pidgin's <contact>: one or more buddies shown as one entry; becomes one person.
struct PidginContact
{
    QString alias;
    QList<PidginBuddy> buddies;
};

std::optional<QList<PidginAccount>> parsePidginAccounts(QIODevice &device, QString *error);
std::optional<QList<PidginContact>> parsePidginBlist(QIODevice &device, QString *error);

/// The folder libpurple names after a protocol under logs/ (its list_icon): "jabber", "irc".
QString pidginLogFolder(const QString &protocolId);
/// The protocol id for a logs/ folder, the inverse of pidginLogFolder.
QString pidginProtocolForFolder(const QString &folder);
/// libpurple's normalisation of names as used for log folders and buddy handles.
QString pidginNormalize(const QString &protocolId, const QString &name);

} // namespace crosstalk::history
