// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/ids.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace crosstalk {

/// One protocol option (libpurple's PurpleAccountOption), described well enough that a form
/// can be generated for it: a protocol plugin installed tomorrow gets a working form today.
struct ProtocolOption
{
    enum class Type { String, Int, Bool, List };
    QString key;   ///< the settings key (AccountSpec::settings)
    QString label;
    Type type = Type::String;
    QVariant defaultValue;              ///< QString, int or bool; for List the default value string
    QList<QPair<QString, QString>> choices; ///< List: (label, value)
    bool masked = false;                ///< String: a secret-looking field (shown as dots)
};

/// One part of the username the protocol asks for separately ("Domain", "Resource",
/// "Server"): libpurple's PurpleAccountUserSplit.
struct UsernameSplit
{
    QString label;
    QString defaultValue;
    QChar separator;
    bool reverse = false; ///< split at the last separator rather than the first
};

struct ProtocolDescription
{
    QString id;   ///< "prpl-jabber"
    QString name; ///< "XMPP"
    QString usernameLabel; ///< what the first field is called ("Username" unless the protocol says)
    QList<UsernameSplit> splits;
    QList<ProtocolOption> options;
    bool passwordRequired = true;
    bool passwordOptional = false; ///< a password may be given (IRC NickServ) but is not needed
    bool supportsAvatar = false;
    bool supportsRegistration = false;
};

/// Describes every loaded protocol and turns a username into its parts and back, by the
/// protocol's own rules.
class ProtocolCatalog
{
public:
    virtual ~ProtocolCatalog() = default;

    virtual QList<ProtocolDescription> describeProtocols() const = 0;
    virtual std::optional<ProtocolDescription> describe(const QString &protocolId) const = 0;

    /// "alice@example.org/Home" → {"alice", "example.org", "Home"} for XMPP (first entry is
    /// the base name, then one per split, defaults filled in).
    virtual QStringList splitUsername(const QString &protocolId, const QString &username) const = 0;
    virtual QString joinUsername(const QString &protocolId, const QStringList &parts) const = 0;
};

/// Account settings that are not protocol options; AccountSpec::settings carries them under
/// these keys (the protocol layer applies them its own way).
namespace AccountKeys {
inline QString alias() { return QStringLiteral("crosstalk:alias"); }
inline QString avatarPath() { return QStringLiteral("crosstalk:avatar"); } ///< image file; empty removes
inline QString proxyType() { return QStringLiteral("crosstalk:proxy-type"); } ///< global, none, http, socks4, socks5, tor, envvar
inline QString proxyHost() { return QStringLiteral("crosstalk:proxy-host"); }
inline QString proxyPort() { return QStringLiteral("crosstalk:proxy-port"); }
inline QString proxyUser() { return QStringLiteral("crosstalk:proxy-user"); }
} // namespace AccountKeys

/// What the accounts dialog does beyond AccountService: order and immediate reconnects.
class AccountAdministration
{
public:
    virtual ~AccountAdministration() = default;

    /// Moves the account to position index in the list (accounts() returns them in order).
    virtual void moveAccount(AccountId account, int index) = 0;
    /// Retries now instead of waiting for the backoff (the user pressed Reconnect, or the
    /// network came back).
    virtual void reconnectNow(AccountId account) = 0;
    /// reconnectNow for every enabled account that is waiting to retry.
    virtual void reconnectAllWaiting() = 0;
};

} // namespace crosstalk
