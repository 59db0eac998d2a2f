// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/network/rosterservice.h"
#include "core/store/records.h"

#include <QList>

#include <optional>

namespace crosstalk::store {

class Connection;

/// The cached buddy lists. A new buddy always gets a person of its own (the merge engine
/// joins people later), so "a person's history" is defined for every buddy.
class BuddyRepository
{
public:
    explicit BuddyRepository(Connection &connection)
        : m_db(connection)
    {}

    /// The buddy's row id, creating the row (off-list) and its person if needed.
    BuddyId ensure(const BuddyAddress &address);
    /// Stores what the protocol reports (on the list); returns the row id.
    BuddyId upsert(const BuddyInfo &info);
    void setPresence(const BuddyAddress &address, const Presence &presence);
    void setVoiceCapable(const BuddyAddress &address, bool capable);
    void setAvatarHash(const BuddyAddress &address, const QString &hash);
    /// Off the list, but kept: its history stays reachable.
    void markRemoved(const BuddyAddress &address);

    std::optional<BuddyId> find(const BuddyAddress &address);
    std::optional<BuddyRecord> get(BuddyId id);
    QList<BuddyRecord> forAccount(AccountId account);
    QList<BuddyRecord> forPerson(PersonId person);

private:
    QList<BuddyRecord> select(const QString &where, qint64 key);

    Connection &m_db;
};

} // namespace crosstalk::store
