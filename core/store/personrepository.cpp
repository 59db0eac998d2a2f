// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/personrepository.h"

#include "core/store/connection.h"

#include <QDateTime>

#include <utility>

namespace crosstalk::store {

PersonId PersonRepository::create(const QString &displayName)
{
    Statement &stmt = m_db.cached("INSERT INTO people(display_name, created_at) VALUES (?1, ?2)");
    stmt.bind(1, displayName.isNull() ? QStringLiteral("") : displayName)
        .bind(2, QDateTime::currentMSecsSinceEpoch())
        .run();
    return PersonId(m_db.lastInsertRowId());
}

std::optional<PersonRecord> PersonRepository::get(PersonId id)
{
    Statement stmt = m_db.prepare(QStringLiteral(
        "SELECT id, display_name, avatar_hash, pinned, hidden, notes FROM people WHERE id = ?1"));
    stmt.bind(1, id.value());
    if (!stmt.step())
        return std::nullopt;
    return PersonRecord{PersonId(stmt.int64(0)), stmt.text(1),       stmt.text(2),
                        stmt.int64(3) != 0,      stmt.int64(4) != 0, stmt.text(5)};
}

QList<PersonRecord> PersonRepository::all()
{
    Statement stmt = m_db.prepare(QStringLiteral(
        "SELECT id, display_name, avatar_hash, pinned, hidden, notes FROM people ORDER BY id"));
    QList<PersonRecord> people;
    while (stmt.step()) {
        people.append({PersonId(stmt.int64(0)), stmt.text(1), stmt.text(2), stmt.int64(3) != 0,
                       stmt.int64(4) != 0, stmt.text(5)});
    }
    return people;
}

PersonId PersonRepository::personOf(BuddyId buddy)
{
    Statement &stmt = m_db.cached("SELECT person_id FROM person_members WHERE buddy_id = ?1");
    stmt.bind(1, buddy.value());
    const PersonId id = stmt.step() ? PersonId(stmt.int64(0)) : PersonId();
    stmt.reset();
    return id;
}

QList<BuddyId> PersonRepository::buddiesOf(PersonId person)
{
    Statement &stmt =
        m_db.cached("SELECT buddy_id FROM person_members WHERE person_id = ?1 ORDER BY buddy_id");
    stmt.bind(1, person.value());
    QList<BuddyId> buddies;
    while (stmt.step())
        buddies.append(BuddyId(stmt.int64(0)));
    stmt.reset();
    return buddies;
}

void PersonRepository::deleteIfEmpty(PersonId id)
{
    Statement &stmt = m_db.cached("DELETE FROM people WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM "
                                  "person_members WHERE person_id = ?1)");
    stmt.bind(1, id.value()).run();
}

void PersonRepository::moveBuddy(BuddyId buddy, PersonId to, Origin origin)
{
    const PersonId from = personOf(buddy);
    Statement &stmt = m_db.cached(
        "INSERT INTO person_members(buddy_id, person_id, origin) VALUES (?1, ?2, ?3) "
        "ON CONFLICT(buddy_id) DO UPDATE SET person_id = excluded.person_id, origin = excluded.origin");
    stmt.bind(1, buddy.value()).bind(2, to.value()).bind(3, int(origin)).run();
    if (from.isValid() && from != to)
        deleteIfEmpty(from);
}

void PersonRepository::merge(PersonId into, PersonId from, Origin origin)
{
    if (into == from)
        return;
    const QList<BuddyId> kept = buddiesOf(into);
    for (BuddyId moved : buddiesOf(from)) {
        for (BuddyId other : kept)
            recordDecision(moved, other, MergeDecision::Accepted);
        moveBuddy(moved, into, origin);
    }
}

PersonId PersonRepository::split(BuddyId buddy)
{
    const PersonId from = personOf(buddy);
    QString name;
    if (const auto person = get(from))
        name = person->displayName;
    const PersonId fresh = create(name);
    for (BuddyId other : buddiesOf(from)) {
        if (other != buddy)
            recordDecision(buddy, other, MergeDecision::Rejected);
    }
    moveBuddy(buddy, fresh, Origin::Manual);
    return fresh;
}

void PersonRepository::setField(PersonId id, const char *sql, const QString &value)
{
    Statement &stmt = m_db.cached(sql);
    stmt.bind(1, id.value()).bind(2, value).run();
}

void PersonRepository::setDisplayName(PersonId id, const QString &name)
{
    setField(id, "UPDATE people SET display_name = ?2 WHERE id = ?1",
             name.isNull() ? QStringLiteral("") : name);
}

void PersonRepository::setAvatarHash(PersonId id, const QString &hash)
{
    setField(id, "UPDATE people SET avatar_hash = ?2 WHERE id = ?1", hash);
}

void PersonRepository::setNotes(PersonId id, const QString &notes)
{
    setField(id, "UPDATE people SET notes = ?2 WHERE id = ?1", notes.isNull() ? QStringLiteral("") : notes);
}

void PersonRepository::setPinned(PersonId id, bool pinned)
{
    Statement &stmt = m_db.cached("UPDATE people SET pinned = ?2 WHERE id = ?1");
    stmt.bind(1, id.value()).bind(2, pinned).run();
}

void PersonRepository::setHidden(PersonId id, bool hidden)
{
    Statement &stmt = m_db.cached("UPDATE people SET hidden = ?2 WHERE id = ?1");
    stmt.bind(1, id.value()).bind(2, hidden).run();
}

void PersonRepository::recordDecision(BuddyId a, BuddyId b, MergeDecision decision)
{
    if (a == b)
        return;
    if (b < a)
        std::swap(a, b);
    if (decision == MergeDecision::None) {
        Statement &stmt = m_db.cached("DELETE FROM merge_decisions WHERE buddy_a = ?1 AND buddy_b = ?2");
        stmt.bind(1, a.value()).bind(2, b.value()).run();
        return;
    }
    Statement &stmt = m_db.cached(
        "INSERT INTO merge_decisions(buddy_a, buddy_b, decision, decided_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT(buddy_a, buddy_b) DO UPDATE SET decision = excluded.decision, "
        "decided_at = excluded.decided_at");
    stmt.bind(1, a.value()).bind(2, b.value()).bind(3, int(decision));
    stmt.bind(4, QDateTime::currentMSecsSinceEpoch()).run();
}

MergeDecision PersonRepository::decision(BuddyId a, BuddyId b)
{
    if (b < a)
        std::swap(a, b);
    Statement &stmt = m_db.cached("SELECT decision FROM merge_decisions WHERE buddy_a = ?1 AND buddy_b = ?2");
    stmt.bind(1, a.value()).bind(2, b.value());
    const MergeDecision d = stmt.step() ? MergeDecision(stmt.int32(0)) : MergeDecision::None;
    stmt.reset();
    return d;
}

} // namespace crosstalk::store
