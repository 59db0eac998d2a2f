// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/account.h"

#include <QList>
#include <QObject>

#include <optional>

namespace crosstalk {

/// Accounts and their connections, as the protocol layer runs them.
class AccountService : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual QList<ProtocolInfo> protocols() const = 0;
    virtual QList<AccountInfo> accounts() const = 0;
    virtual std::optional<AccountInfo> account(AccountId id) const = 0;

    /// Creates the account (disabled until setEnabled) and returns its id;
    /// an invalid id when the protocol is not loaded.
    virtual AccountId addAccount(const AccountSpec &spec) = 0;
    /// Creates the account under an id the store already gave it (e.g. a Pidgin import);
    /// an invalid id when the protocol is not loaded or the id is taken.
    virtual AccountId addAccountWithId(const AccountSpec &spec, AccountId id) = 0;
    virtual void removeAccount(AccountId id) = 0;
    virtual void updateSettings(AccountId id, const QVariantMap &settings) = 0;

    /// Hands the password to the protocol in memory; it is never written to disk.
    virtual void provideSecret(AccountId id, const QString &password) = 0;

    /// Enabled accounts connect now and whenever the app starts.
    virtual void setEnabled(AccountId id, bool enabled) = 0;
    virtual void connectAccount(AccountId id) = 0;
    virtual void disconnectAccount(AccountId id) = 0;

Q_SIGNALS:
    void accountAdded(crosstalk::AccountId id);
    void accountRemoved(crosstalk::AccountId id);
    /// reason is the server's or the network's own words when state is Error.
    void connectionStateChanged(crosstalk::AccountId id, crosstalk::ConnectionState state,
                                const QString &reason);
    /// A lost connection will be retried after delayMs (not for fatal errors).
    void reconnectScheduled(crosstalk::AccountId id, int delayMs);
};

} // namespace crosstalk
