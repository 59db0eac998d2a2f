// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/store/records.h"

#include <QList>

#include <optional>

namespace crosstalk::store {

class Connection;

/// People (merged contacts), their membership, and merge decisions.
class PersonRepository
{
public:
    enum class Origin { Automatic = 0, Manual = 1, Imported = 2 };

    explicit PersonRepository(Connection &connection)
        : m_db(connection)
    {}

    PersonId create(const QString &displayName);
    std::optional<PersonRecord> get(PersonId id);
    QList<PersonRecord> all();
    PersonId personOf(BuddyId buddy);
    QList<BuddyId> buddiesOf(PersonId person);

    /// Moves a buddy into a person; a person left without buddies is deleted.
    void moveBuddy(BuddyId buddy, PersonId to, Origin origin);
    /// Moves every buddy of `from` into `into` and records the pairs as accepted.
    void merge(PersonId into, PersonId from, Origin origin = Origin::Manual);
    /// Takes a buddy out into a person of its own and records it as rejected with the rest.
    PersonId split(BuddyId buddy);

    void setDisplayName(PersonId id, const QString &name);
    void setAvatarHash(PersonId id, const QString &hash);
    void setPinned(PersonId id, bool pinned);
    void setHidden(PersonId id, bool hidden);
    void setNotes(PersonId id, const QString &notes);

    /// Merge suggestions answered by the user, order-independent in (a, b).
    void recordDecision(BuddyId a, BuddyId b, MergeDecision decision);
    MergeDecision decision(BuddyId a, BuddyId b);

private:
    void setField(PersonId id, const char *sql, const QString &value);
    void deleteIfEmpty(PersonId id);

    Connection &m_db;
};

} // namespace crosstalk::store
