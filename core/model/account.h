// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/ids.h"

#include <QMetaType>
#include <QString>
#include <QVariantMap>

namespace crosstalk {

/// What defines an account. Never carries a secret: passwords travel separately,
/// in memory only (AccountService::provideSecret).
struct AccountSpec
{
    QString protocolId; ///< libpurple prpl id, e.g. "prpl-jabber", "prpl-irc"
    QString username;   ///< full protocol username, e.g. "alice@example.org/Crosstalk", "nick@irc.host"
    QString alias;
    QVariantMap settings; ///< protocol options by libpurple key: "connect_server", "port", ...
    bool enabled = true;
};

enum class ConnectionState { Disconnected, Connecting, Connected, Error };

struct AccountInfo
{
    AccountId id;
    AccountSpec spec;
    ConnectionState state = ConnectionState::Disconnected;
    QString lastError;
};

struct ProtocolInfo
{
    QString id;   ///< "prpl-jabber"
    QString name; ///< "XMPP"
};

QString connectionStateName(ConnectionState state);

} // namespace crosstalk

Q_DECLARE_METATYPE(crosstalk::ConnectionState)
Q_DECLARE_METATYPE(crosstalk::AccountInfo)
