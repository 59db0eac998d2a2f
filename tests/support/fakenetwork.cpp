// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/fakenetwork.h"

namespace crosstalk::test {

QList<ProtocolInfo> FakeAccounts::protocols() const
{
    return {{QStringLiteral("prpl-jabber"), QStringLiteral("XMPP")}, {QStringLiteral("prpl-irc"), QStringLiteral("IRC")}};
}

AccountId FakeAccounts::add(const QString &protocolId, const QString &username)
{
    AccountSpec spec;
    spec.protocolId = protocolId;
    spec.username = username;
    const AccountId id = addAccount(spec);
    setState(id, ConnectionState::Connected);
    return id;
}

std::optional<AccountInfo> FakeAccounts::account(AccountId id) const
{
    const auto it = m_accounts.constFind(id);
    return it == m_accounts.cend() ? std::nullopt : std::optional<AccountInfo>(*it);
}

AccountId FakeAccounts::addAccount(const AccountSpec &spec)
{
    qint64 next = 1;
    for (const AccountId &id : m_accounts.keys())
        next = std::max(next, id.value() + 1);
    return addAccountWithId(spec, AccountId(next));
}

AccountId FakeAccounts::addAccountWithId(const AccountSpec &spec, AccountId id)
{
    if (!id.isValid() || m_accounts.contains(id))
        return {};
    m_accounts.insert(id, {id, spec, ConnectionState::Disconnected, {}});
    Q_EMIT accountAdded(id);
    return id;
}

void FakeAccounts::removeAccount(AccountId id)
{
    if (m_accounts.remove(id))
        Q_EMIT accountRemoved(id);
}

void FakeAccounts::setEnabled(AccountId id, bool enabled)
{
    auto it = m_accounts.find(id);
    if (it != m_accounts.end())
        it->spec.enabled = enabled;
}

void FakeAccounts::setState(AccountId id, ConnectionState state, const QString &reason)
{
    auto it = m_accounts.find(id);
    if (it == m_accounts.end())
        return;
    it->state = state;
    if (state == ConnectionState::Error)
        it->lastError = reason;
    Q_EMIT connectionStateChanged(id, state, reason);
}

void FakeRoster::report(const BuddyInfo &buddy)
{
    const bool known = m_buddies.contains(buddy.address);
    m_buddies.insert(buddy.address, buddy);
    if (known)
        Q_EMIT buddyChanged(buddy);
    else
        Q_EMIT buddyAdded(buddy);
}

void FakeRoster::reportPresence(const BuddyAddress &address, const Presence &presence)
{
    // Networks report presence of buddies a client has not listed yet too (a cached list).
    auto it = m_buddies.find(address);
    if (it != m_buddies.end())
        it->presence = presence;
    Q_EMIT buddyPresenceChanged(address, presence);
}

void FakeRoster::reportRemoved(const BuddyAddress &address)
{
    if (m_buddies.remove(address))
        Q_EMIT buddyRemoved(address);
}

QList<BuddyInfo> FakeRoster::buddies(AccountId account) const
{
    QList<BuddyInfo> out;
    for (const BuddyInfo &b : m_buddies) {
        if (b.address.account == account)
            out << b;
    }
    return out;
}

std::optional<BuddyInfo> FakeRoster::buddy(const BuddyAddress &address) const
{
    const auto it = m_buddies.constFind(address);
    return it == m_buddies.cend() ? std::nullopt : std::optional<BuddyInfo>(*it);
}

void FakeRoster::moveBuddy(const BuddyAddress &address, const QString &group)
{
    auto it = m_buddies.find(address);
    if (it == m_buddies.end())
        return;
    it->group = group;
    Q_EMIT buddyChanged(*it);
}

void FakeRoster::setBlocked(const BuddyAddress &address, bool blocked)
{
    if (blocked)
        m_blocked.insert(address);
    else
        m_blocked.remove(address);
}

void FakeRoster::addBuddy(const BuddyAddress &address, const QString &group, const QString &alias)
{
    report({address, alias, {}, group, {PresenceKind::Offline, {}, false}});
}

} // namespace crosstalk::test
