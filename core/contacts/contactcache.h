// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/contacts/contact.h"
#include "core/network/rosterservice.h"
#include "core/store/records.h"

#include <QFuture>
#include <QHash>
#include <QList>
#include <QSet>

namespace crosstalk::store {
class Store;
}

namespace crosstalk::contacts {

/// The contact list's side of the store: every call is one job on the store's writer
/// thread (one transaction where it writes), so the UI thread never waits for disk.
class ContactCache
{
public:
    explicit ContactCache(store::Store &store) : m_store(store) {}

    /// Every person with their listed buddies, presence unknown (the network has not spoken).
    QFuture<QList<Contact>> loadAll();
    /// When each person's latest conversation had a message (ms since the epoch), for the
    /// "recent conversation" sort.
    QFuture<QHash<PersonId, qint64>> loadLastConversations();
    /// Pairs of buddies the user decided about (either way); keys are (min id, max id).
    QFuture<QSet<QPair<qint64, qint64>>> loadDecisions();

    struct StoredBuddy
    {
        ContactBuddy buddy; ///< with its row id
        PersonId person;
        QString personName;
        bool isNew = false; ///< first time the store saw it
    };
    /// Upserts what the network reported, in one transaction.
    QFuture<QList<StoredBuddy>> storeBuddies(QList<QPair<BuddyInfo, QString>> buddiesWithProtocol);
    QFuture<void> storePresence(QList<QPair<BuddyAddress, Presence>> presences);
    QFuture<void> markRemoved(BuddyAddress address);

    QFuture<void> merge(PersonId into, PersonId from);
    /// Takes the buddy out into a new person; returns its id.
    QFuture<PersonId> split(BuddyId buddy);
    /// A new person named `name` holding `buddies` (undo of a merge).
    QFuture<PersonId> separate(QString name, QList<BuddyId> buddies);
    /// Moves buddies into an existing person and forgets decisions between them (undo of a split).
    QFuture<void> rejoin(QList<BuddyId> buddies, PersonId person);
    QFuture<void> rename(PersonId person, QString name);
    QFuture<void> setHidden(PersonId person, bool hidden);
    QFuture<void> recordDecision(BuddyId a, BuddyId b, store::MergeDecision decision);

    static QPair<qint64, qint64> pairKey(BuddyId a, BuddyId b)
    {
        return a.value() < b.value() ? qMakePair(a.value(), b.value()) : qMakePair(b.value(), a.value());
    }

private:
    store::Store &m_store;
};

} // namespace crosstalk::contacts
