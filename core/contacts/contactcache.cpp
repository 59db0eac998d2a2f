// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/contacts/contactcache.h"

#include "core/store/buddyrepository.h"
#include "core/store/connection.h"
#include "core/store/personrepository.h"
#include "core/store/statement.h"
#include "core/store/store.h"
#include "core/store/transaction.h"

#include <QDateTime>

namespace crosstalk::contacts {

using store::Connection;
using store::Statement;
using store::Transaction;

QFuture<QList<Contact>> ContactCache::loadAll()
{
    return m_store.write([](Connection &db) {
        // One pass over a join, ordered by person: 50,000 people load in one query.
        Statement stmt = db.prepare(QStringLiteral(
            "SELECT p.id, p.display_name, p.avatar_hash, p.pinned, p.hidden, b.id, b.account_id, "
            "b.handle, b.alias, b.server_alias, b.group_name, b.avatar_hash, b.voice_capable, a.protocol "
            "FROM people p JOIN person_members m ON m.person_id = p.id "
            "JOIN buddies b ON b.id = m.buddy_id JOIN accounts a ON a.id = b.account_id "
            "WHERE b.on_list = 1 ORDER BY p.id, b.id"));
        QList<Contact> people;
        while (stmt.step()) {
            const PersonId person(stmt.int64(0));
            if (people.isEmpty() || people.last().id != person) {
                Contact c;
                c.id = person;
                c.storedName = stmt.text(1);
                c.avatarHash = stmt.text(2);
                c.pinned = stmt.int64(3) != 0;
                c.hidden = stmt.int64(4) != 0;
                people.append(std::move(c));
            }
            ContactBuddy b;
            b.id = BuddyId(stmt.int64(5));
            b.address = {AccountId(stmt.int64(6)), stmt.text(7)};
            b.alias = stmt.text(8);
            b.serverAlias = stmt.text(9);
            b.group = stmt.text(10);
            b.avatarHash = stmt.text(11);
            b.voiceCapable = stmt.int64(12) != 0;
            b.protocolId = stmt.text(13);
            people.last().buddies.append(std::move(b));
        }
        return people;
    });
}

QFuture<QHash<PersonId, qint64>> ContactCache::loadLastConversations()
{
    return m_store.write([](Connection &db) {
        Statement stmt = db.prepare(QStringLiteral(
            "SELECT m.person_id, MAX(c.last_message_at) FROM conversations c "
            "JOIN person_members m ON m.buddy_id = c.buddy_id "
            "WHERE c.last_message_at IS NOT NULL GROUP BY m.person_id"));
        QHash<PersonId, qint64> latest;
        while (stmt.step())
            latest.insert(PersonId(stmt.int64(0)), stmt.int64(1));
        return latest;
    });
}

QFuture<QSet<QPair<qint64, qint64>>> ContactCache::loadDecisions()
{
    return m_store.write([](Connection &db) {
        Statement stmt = db.prepare(QStringLiteral("SELECT buddy_a, buddy_b FROM merge_decisions"));
        QSet<QPair<qint64, qint64>> pairs;
        while (stmt.step())
            pairs.insert(pairKey(BuddyId(stmt.int64(0)), BuddyId(stmt.int64(1))));
        return pairs;
    });
}

QFuture<QList<ContactCache::StoredBuddy>> ContactCache::storeBuddies(QList<QPair<BuddyInfo, QString>> buddies)
{
    return m_store.write([buddies = std::move(buddies)](Connection &db) {
        store::BuddyRepository repo(db);
        store::PersonRepository people(db);
        Transaction tx(db);
        QList<StoredBuddy> out;
        out.reserve(buddies.size());
        for (const auto &[info, protocol] : buddies) {
            const bool existed = repo.find(info.address).has_value();
            StoredBuddy s;
            s.buddy.id = repo.upsert(info);
            s.buddy.address = info.address;
            s.buddy.protocolId = protocol;
            s.buddy.alias = info.alias;
            s.buddy.serverAlias = info.serverAlias;
            s.buddy.group = info.group;
            s.buddy.avatarHash = info.avatarHash;
            s.buddy.presence = info.presence;
            s.person = people.personOf(s.buddy.id);
            // A cached statement: at sign-on this runs once per buddy of a big roster.
            Statement &name = db.cached("SELECT display_name FROM people WHERE id = ?1");
            name.bind(1, s.person.value());
            if (name.step())
                s.personName = name.text(0);
            name.reset();
            s.isNew = !existed;
            out.append(std::move(s));
        }
        tx.commit();
        return out;
    });
}

QFuture<void> ContactCache::storePresence(QList<QPair<BuddyAddress, Presence>> presences)
{
    return m_store.write([presences = std::move(presences)](Connection &db) {
        store::BuddyRepository repo(db);
        Transaction tx(db);
        for (const auto &[address, presence] : presences)
            repo.setPresence(address, presence);
        tx.commit();
    });
}

QFuture<void> ContactCache::markRemoved(BuddyAddress address)
{
    return m_store.write([address](Connection &db) { store::BuddyRepository(db).markRemoved(address); });
}

QFuture<void> ContactCache::merge(PersonId into, PersonId from)
{
    return m_store.write([into, from](Connection &db) {
        Transaction tx(db);
        store::PersonRepository(db).merge(into, from);
        tx.commit();
    });
}

QFuture<PersonId> ContactCache::split(BuddyId buddy)
{
    return m_store.write([buddy](Connection &db) {
        Transaction tx(db);
        const PersonId id = store::PersonRepository(db).split(buddy);
        tx.commit();
        return id;
    });
}

QFuture<PersonId> ContactCache::separate(QString name, QList<BuddyId> buddies)
{
    return m_store.write([name = std::move(name), buddies = std::move(buddies)](Connection &db) {
        store::PersonRepository people(db);
        Transaction tx(db);
        const PersonId id = people.create(name);
        for (const BuddyId b : buddies)
            people.moveBuddy(b, id, store::PersonRepository::Origin::Manual);
        // The merge being undone had recorded these pairs as accepted.
        const QList<BuddyId> rest = people.buddiesOf(id);
        for (const BuddyId a : buddies) {
            for (const BuddyId other : rest) {
                if (a != other)
                    people.recordDecision(a, other, store::MergeDecision::None);
            }
        }
        tx.commit();
        return id;
    });
}

QFuture<void> ContactCache::rejoin(QList<BuddyId> buddies, PersonId person)
{
    return m_store.write([buddies = std::move(buddies), person](Connection &db) {
        store::PersonRepository people(db);
        Transaction tx(db);
        const QList<BuddyId> members = people.buddiesOf(person);
        for (const BuddyId b : buddies) {
            people.moveBuddy(b, person, store::PersonRepository::Origin::Manual);
            for (const BuddyId m : members)
                people.recordDecision(b, m, store::MergeDecision::None);
        }
        tx.commit();
    });
}

QFuture<void> ContactCache::rename(PersonId person, QString name)
{
    return m_store.write([person, name = std::move(name)](Connection &db) {
        store::PersonRepository(db).setDisplayName(person, name);
    });
}

QFuture<void> ContactCache::setHidden(PersonId person, bool hidden)
{
    return m_store.write([person, hidden](Connection &db) { store::PersonRepository(db).setHidden(person, hidden); });
}

QFuture<void> ContactCache::recordDecision(BuddyId a, BuddyId b, store::MergeDecision decision)
{
    return m_store.write([a, b, decision](Connection &db) { store::PersonRepository(db).recordDecision(a, b, decision); });
}

} // namespace crosstalk::contacts
