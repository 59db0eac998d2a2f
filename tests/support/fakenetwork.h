// SPDX-License-Identifier: GPL-3.0-or-later
// An in-process stand-in for the protocol layer, for fast core and UI tests that are about
// Crosstalk's own logic (the protocol layer itself is tested against real servers).
#pragma once

#include "core/network/accountservice.h"
#include "core/network/rosterservice.h"

#include <QHash>
#include <QSet>

namespace crosstalk::test {

class FakeAccounts : public AccountService
{
    Q_OBJECT
public:
    using AccountService::AccountService;

    /// Adds an account that is already connected.
    AccountId add(const QString &protocolId, const QString &username);
    void setState(AccountId id, ConnectionState state, const QString &reason = {});

    QList<ProtocolInfo> protocols() const override;
    QList<AccountInfo> accounts() const override { return m_accounts.values(); }
    std::optional<AccountInfo> account(AccountId id) const override;
    AccountId addAccount(const AccountSpec &spec) override;
    AccountId addAccountWithId(const AccountSpec &spec, AccountId id) override;
    void removeAccount(AccountId id) override;
    void updateSettings(AccountId, const QVariantMap &) override {}
    void provideSecret(AccountId, const QString &) override {}
    void setEnabled(AccountId id, bool enabled) override;
    void connectAccount(AccountId id) override { setState(id, ConnectionState::Connected); }
    void disconnectAccount(AccountId id) override { setState(id, ConnectionState::Disconnected); }

private:
    QHash<AccountId, AccountInfo> m_accounts;
};

class FakeRoster : public RosterService
{
    Q_OBJECT
public:
    using RosterService::RosterService;

    /// The network reports a buddy (added or changed).
    void report(const BuddyInfo &buddy);
    void reportPresence(const BuddyAddress &address, const Presence &presence);
    void reportRemoved(const BuddyAddress &address);

    QList<BuddyInfo> buddies(AccountId account) const override;
    std::optional<BuddyInfo> buddy(const BuddyAddress &address) const override;
    void addBuddy(const BuddyAddress &address, const QString &group, const QString &alias) override;
    void removeBuddy(const BuddyAddress &address) override { reportRemoved(address); }
    void moveBuddy(const BuddyAddress &address, const QString &group) override;
    void setBlocked(const BuddyAddress &address, bool blocked) override;
    bool isBlocked(const BuddyAddress &address) const override { return m_blocked.contains(address); }
    void setOwnPresence(AccountId account, const Presence &presence) override { m_own[account] = presence; }
    Presence ownPresence(AccountId account) const override { return m_own.value(account); }

private:
    QHash<BuddyAddress, BuddyInfo> m_buddies;
    QHash<AccountId, Presence> m_own;
    QSet<BuddyAddress> m_blocked;
};

} // namespace crosstalk::test
