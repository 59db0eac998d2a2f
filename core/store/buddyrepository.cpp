// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/buddyrepository.h"

#include "core/store/connection.h"

namespace crosstalk::store {

namespace {
qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

BuddyId BuddyRepository::ensure(const BuddyAddress &address)
{
    if (auto id = find(address))
        return *id;
    Statement &insert =
        m_db.cached("INSERT INTO buddies(account_id, handle, on_list, updated_at) VALUES (?1, ?2, 0, ?3)");
    insert.bind(1, address.account.value()).bind(2, address.handle).bind(3, now()).run();
    const BuddyId id(m_db.lastInsertRowId());
    Statement &person = m_db.cached("INSERT INTO people(display_name, created_at) VALUES (?1, ?2)");
    person.bind(1, address.handle).bind(2, now()).run();
    Statement &member = m_db.cached("INSERT INTO person_members(buddy_id, person_id) VALUES (?1, ?2)");
    member.bind(1, id.value()).bind(2, m_db.lastInsertRowId()).run();
    return id;
}

BuddyId BuddyRepository::upsert(const BuddyInfo &info)
{
    const BuddyId id = ensure(info.address);
    Statement &stmt =
        m_db.cached("UPDATE buddies SET alias = ?2, server_alias = ?3, group_name = ?4, presence = ?5, "
                    "status_text = ?6, avatar_hash = ?8, on_list = 1, updated_at = ?7 WHERE id = ?1");
    stmt.bind(1, id.value()).bind(2, info.alias.isNull() ? QStringLiteral("") : info.alias);
    stmt.bind(3, info.serverAlias.isNull() ? QStringLiteral("") : info.serverAlias);
    stmt.bind(4, info.group.isNull() ? QStringLiteral("") : info.group);
    stmt.bind(5, int(info.presence.kind));
    stmt.bind(6, info.presence.message.isNull() ? QStringLiteral("") : info.presence.message);
    stmt.bind(8, info.avatarHash.isNull() ? QStringLiteral("") : info.avatarHash);
    stmt.bind(7, now()).run();
    // A person still named after the raw handle takes the friendlier name.
    const QString name = !info.alias.isEmpty() ? info.alias : info.serverAlias;
    if (!name.isEmpty()) {
        Statement &rename = m_db.cached(
            "UPDATE people SET display_name = ?2 WHERE id = (SELECT person_id FROM person_members "
            "WHERE buddy_id = ?1) AND display_name = ?3");
        rename.bind(1, id.value()).bind(2, name).bind(3, info.address.handle).run();
    }
    return id;
}

void BuddyRepository::setPresence(const BuddyAddress &address, const Presence &presence)
{
    Statement &stmt = m_db.cached("UPDATE buddies SET presence = ?3, status_text = ?4, updated_at = ?5 "
                                  "WHERE account_id = ?1 AND handle = ?2");
    stmt.bind(1, address.account.value()).bind(2, address.handle).bind(3, int(presence.kind));
    stmt.bind(4, presence.message.isNull() ? QStringLiteral("") : presence.message).bind(5, now()).run();
}

void BuddyRepository::setVoiceCapable(const BuddyAddress &address, bool capable)
{
    Statement &stmt =
        m_db.cached("UPDATE buddies SET voice_capable = ?3 WHERE account_id = ?1 AND handle = ?2");
    stmt.bind(1, address.account.value()).bind(2, address.handle).bind(3, capable).run();
}

void BuddyRepository::setAvatarHash(const BuddyAddress &address, const QString &hash)
{
    Statement &stmt =
        m_db.cached("UPDATE buddies SET avatar_hash = ?3 WHERE account_id = ?1 AND handle = ?2");
    stmt.bind(1, address.account.value()).bind(2, address.handle).bind(3, hash).run();
}

void BuddyRepository::markRemoved(const BuddyAddress &address)
{
    Statement &stmt = m_db.cached("UPDATE buddies SET on_list = 0 WHERE account_id = ?1 AND handle = ?2");
    stmt.bind(1, address.account.value()).bind(2, address.handle).run();
}

std::optional<BuddyId> BuddyRepository::find(const BuddyAddress &address)
{
    Statement &stmt = m_db.cached("SELECT id FROM buddies WHERE account_id = ?1 AND handle = ?2");
    stmt.bind(1, address.account.value()).bind(2, address.handle);
    std::optional<BuddyId> id;
    if (stmt.step())
        id = BuddyId(stmt.int64(0));
    stmt.reset();
    return id;
}

QList<BuddyRecord> BuddyRepository::select(const QString &where, qint64 key)
{
    Statement stmt = m_db.prepare(
        QStringLiteral("SELECT b.id, m.person_id, b.account_id, b.handle, b.alias, b.server_alias, "
                       "b.group_name, b.avatar_hash, b.presence, b.status_text, b.voice_capable, b.on_list "
                       "FROM buddies b JOIN person_members m ON m.buddy_id = b.id WHERE ") +
        where + QStringLiteral(" ORDER BY b.id"));
    stmt.bind(1, key);
    QList<BuddyRecord> rows;
    while (stmt.step()) {
        BuddyRecord r;
        r.id = BuddyId(stmt.int64(0));
        r.person = PersonId(stmt.int64(1));
        r.address = {AccountId(stmt.int64(2)), stmt.text(3)};
        r.alias = stmt.text(4);
        r.serverAlias = stmt.text(5);
        r.group = stmt.text(6);
        r.avatarHash = stmt.text(7);
        r.presence.kind = PresenceKind(stmt.int32(8));
        r.presence.message = stmt.text(9);
        r.voiceCapable = stmt.int64(10) != 0;
        r.onList = stmt.int64(11) != 0;
        rows.append(r);
    }
    return rows;
}

std::optional<BuddyRecord> BuddyRepository::get(BuddyId id)
{
    const auto rows = select(QStringLiteral("b.id = ?1"), id.value());
    return rows.isEmpty() ? std::nullopt : std::optional(rows.first());
}

QList<BuddyRecord> BuddyRepository::forAccount(AccountId account)
{
    return select(QStringLiteral("b.account_id = ?1"), account.value());
}

QList<BuddyRecord> BuddyRepository::forPerson(PersonId person)
{
    return select(QStringLiteral("m.person_id = ?1"), person.value());
}

} // namespace crosstalk::store
