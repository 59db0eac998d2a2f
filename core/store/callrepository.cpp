// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/callrepository.h"

#include "core/store/connection.h"

namespace crosstalk::store {

namespace {
void bindOptionalTime(Statement &stmt, int index, const QDateTime &t)
{
    if (t.isValid())
        stmt.bind(index, t.toMSecsSinceEpoch());
    else
        stmt.bindNull(index);
}
} // namespace

CallId CallRepository::begin(const CallRecord &call)
{
    Statement &stmt = m_db.cached(
        "INSERT INTO calls(person_id, account_id, buddy_id, direction, started_at, answered_at, ended_at, "
        "outcome, stats) VALUES (nullif(?1, 0), ?2, nullif(?3, 0), ?4, ?5, ?6, ?7, ?8, ?9)");
    stmt.bind(1, call.person.value()).bind(2, call.account.value());
    stmt.bind(3, call.buddy.value());
    stmt.bind(4, call.direction == MessageDirection::Outgoing ? 1 : 0);
    stmt.bind(5, toStoreTime(call.startedAt));
    bindOptionalTime(stmt, 6, call.answeredAt);
    bindOptionalTime(stmt, 7, call.endedAt);
    stmt.bind(8, int(call.outcome));
    stmt.bind(9, call.statsJson.isEmpty() ? QStringLiteral("{}") : call.statsJson);
    stmt.run();
    return CallId(m_db.lastInsertRowId());
}

void CallRepository::answered(CallId id, const QDateTime &at)
{
    Statement &stmt = m_db.cached("UPDATE calls SET answered_at = ?2 WHERE id = ?1");
    stmt.bind(1, id.value()).bind(2, toStoreTime(at)).run();
}

void CallRepository::ended(CallId id, const QDateTime &at, CallOutcome outcome, const QString &statsJson)
{
    Statement &stmt = m_db.cached("UPDATE calls SET ended_at = ?2, outcome = ?3, stats = ?4 WHERE id = ?1");
    stmt.bind(1, id.value()).bind(2, toStoreTime(at)).bind(3, int(outcome));
    stmt.bind(4, statsJson.isEmpty() ? QStringLiteral("{}") : statsJson).run();
}

QList<CallRecord> CallRepository::forPerson(PersonId person, int limit)
{
    Statement stmt = m_db.prepare(QStringLiteral(
        "SELECT id, person_id, account_id, buddy_id, direction, started_at, answered_at, ended_at, outcome, "
        "stats FROM calls WHERE person_id = ?1 ORDER BY started_at DESC LIMIT ?2"));
    stmt.bind(1, person.value()).bind(2, limit);
    QList<CallRecord> calls;
    while (stmt.step()) {
        CallRecord c;
        c.id = CallId(stmt.int64(0));
        c.person = PersonId(stmt.int64(1));
        c.account = AccountId(stmt.int64(2));
        c.buddy = BuddyId(stmt.int64(3));
        c.direction = stmt.int64(4) ? MessageDirection::Outgoing : MessageDirection::Incoming;
        c.startedAt = fromStoreTime(stmt.int64(5));
        if (!stmt.isNull(6))
            c.answeredAt = fromStoreTime(stmt.int64(6));
        if (!stmt.isNull(7))
            c.endedAt = fromStoreTime(stmt.int64(7));
        c.outcome = CallOutcome(stmt.int32(8));
        c.statsJson = stmt.text(9);
        calls.append(c);
    }
    return calls;
}

} // namespace crosstalk::store
