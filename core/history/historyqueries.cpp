// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/history/historyqueries.h"

#include "core/history/ftsquery.h"
#include "core/store/connection.h"
#include "core/store/messagerepository.h"

#include <algorithm>
#include <limits>

namespace crosstalk::history {

using store::MessageRepository;
using store::Statement;

namespace {

// Snippet markers: control characters never present in searchable text.
constexpr QChar kOpen(0x02);
constexpr QChar kClose(0x03);

QString idList(const QList<ConversationId> &ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (ConversationId id : ids)
        parts.append(QString::number(id.value()));
    return parts.join(u',');
}

void splitSnippet(const QString &marked, SearchHit &hit)
{
    hit.snippet.reserve(marked.size());
    int start = -1;
    for (QChar c : marked) {
        if (c == kOpen) {
            start = int(hit.snippet.size());
        } else if (c == kClose) {
            if (start >= 0)
                hit.highlights.append({start, int(hit.snippet.size()) - start});
            start = -1;
        } else {
            hit.snippet.append(c);
        }
    }
}

} // namespace

std::optional<ConversationId> HistoryQueries::conversationWith(const BuddyAddress &peer)
{
    return MessageRepository(m_db).findConversation(peer);
}

QList<ConversationId> HistoryQueries::conversationsOf(PersonId person)
{
    Statement &stmt =
        m_db.cached("SELECT c.id FROM conversations c JOIN person_members pm ON pm.buddy_id = c.buddy_id "
                    "WHERE pm.person_id = ?1 ORDER BY c.id");
    stmt.bind(1, person.value());
    QList<ConversationId> ids;
    while (stmt.step())
        ids.append(ConversationId(stmt.int64(0)));
    stmt.reset();
    return ids;
}

bool HistoryQueries::exists(const QList<ConversationId> &conversations, const char *comparison, qint64 id)
{
    if (conversations.size() == 1) {
        // The common case (one conversation) runs on cached statements: no parsing per page.
        Statement &stmt =
            comparison[0] == '<'
                ? (comparison[1] == '='
                       ? m_db.cached(
                             "SELECT EXISTS(SELECT 1 FROM messages WHERE conversation_id = ?1 AND id <= ?2)")
                       : m_db.cached(
                             "SELECT EXISTS(SELECT 1 FROM messages WHERE conversation_id = ?1 AND id < ?2)"))
                : (comparison[1] == '='
                       ? m_db.cached(
                             "SELECT EXISTS(SELECT 1 FROM messages WHERE conversation_id = ?1 AND id >= ?2)")
                       : m_db.cached(
                             "SELECT EXISTS(SELECT 1 FROM messages WHERE conversation_id = ?1 AND id > ?2)"));
        stmt.bind(1, conversations.first().value()).bind(2, id);
        const bool found = stmt.step() && stmt.int64(0) != 0;
        stmt.reset();
        return found;
    }
    const QString sql = QStringLiteral("SELECT EXISTS(SELECT 1 FROM messages WHERE conversation_id IN (%1) "
                                       "AND id %2 ?1)")
                            .arg(idList(conversations), QLatin1String(comparison));
    Statement stmt = m_db.prepare(sql);
    stmt.bind(1, id);
    return stmt.step() && stmt.int64(0) != 0;
}

Page HistoryQueries::page(const QList<ConversationId> &conversations, const PageRequest &request)
{
    Page result;
    if (conversations.isEmpty() || request.limit <= 0)
        return result;
    const bool older = request.direction == PageDirection::Older;
    const qint64 anchor =
        request.anchor.isValid() ? request.anchor.value() : (older ? std::numeric_limits<qint64>::max() : 0);
    const QString cmp = older ? QStringLiteral("<") : QStringLiteral(">");
    const QString order = older ? QStringLiteral("DESC") : QStringLiteral("ASC");
    if (conversations.size() == 1) {
        Statement &stmt =
            older ? m_db.cached("SELECT " CROSSTALK_MESSAGE_COLUMNS " FROM messages m JOIN conversations c "
                                "ON c.id = m.conversation_id WHERE m.conversation_id = ?3 AND m.id < ?1 "
                                "ORDER BY m.id DESC LIMIT ?2")
                  : m_db.cached("SELECT " CROSSTALK_MESSAGE_COLUMNS " FROM messages m JOIN conversations c "
                                "ON c.id = m.conversation_id WHERE m.conversation_id = ?3 AND m.id > ?1 "
                                "ORDER BY m.id ASC LIMIT ?2");
        stmt.bind(1, anchor).bind(2, request.limit + 1).bind(3, conversations.first().value());
        while (stmt.step())
            result.messages.append(MessageRepository::read(stmt));
        stmt.reset();
        return finishPage(result, conversations, request, older, anchor);
    }
    // One ordered, limited range scan per conversation, merged: each conversation stops after
    // `limit` rows instead of the planner sorting a person's entire history.
    QStringList parts;
    for (ConversationId id : conversations) {
        parts.append(QStringLiteral("SELECT * FROM (SELECT id FROM messages WHERE conversation_id = %1 "
                                    "AND id %2 ?1 ORDER BY id %3 LIMIT ?2)")
                         .arg(id.value())
                         .arg(cmp, order));
    }
    const QString sql =
        QStringLiteral("WITH page(id) AS (SELECT id FROM (%1) ORDER BY id %2 LIMIT ?2) "
                       "SELECT %3 FROM page JOIN messages m ON m.id = page.id "
                       "JOIN conversations c ON c.id = m.conversation_id ORDER BY m.id %2")
            .arg(parts.join(QStringLiteral(" UNION ALL ")), order, MessageRepository::selectColumns());
    Statement stmt = m_db.prepare(sql);
    stmt.bind(1, anchor).bind(2, request.limit + 1);
    while (stmt.step())
        result.messages.append(MessageRepository::read(stmt));
    return finishPage(result, conversations, request, older, anchor);
}

Page HistoryQueries::finishPage(Page &result, const QList<ConversationId> &conversations,
                                const PageRequest &request, bool older, qint64 anchor)
{
    const bool more = result.messages.size() > request.limit;
    if (more)
        result.messages.removeLast();
    if (older)
        std::reverse(result.messages.begin(), result.messages.end());
    if (result.messages.isEmpty()) {
        (older ? result.hasNewer : result.hasOlder) =
            request.anchor.isValid() && exists(conversations, older ? ">=" : "<=", anchor);
        return result;
    }
    if (older) {
        result.hasOlder = more;
        result.hasNewer = exists(conversations, ">", result.messages.last().id.value());
    } else {
        result.hasNewer = more;
        result.hasOlder = exists(conversations, "<", result.messages.first().id.value());
    }
    return result;
}

Page HistoryQueries::conversation(ConversationId conversation, const PageRequest &request)
{
    return page({conversation}, request);
}

Page HistoryQueries::person(PersonId person, const PageRequest &request)
{
    return page(conversationsOf(person), request);
}

Page HistoryQueries::conversationAt(ConversationId conversation, const QDateTime &date, int limit)
{
    const qint64 floor = MessageRepository::idFloorForTime(date.toMSecsSinceEpoch());
    return page({conversation}, {MessageId(floor - 1), PageDirection::Newer, limit});
}

Page HistoryQueries::personAt(PersonId person, const QDateTime &date, int limit)
{
    const qint64 floor = MessageRepository::idFloorForTime(date.toMSecsSinceEpoch());
    return page(conversationsOf(person), {MessageId(floor - 1), PageDirection::Newer, limit});
}

SearchResults HistoryQueries::search(const SearchQuery &query)
{
    SearchResults results;
    const QString match = ftsMatchExpression(query.text);
    if (match.isEmpty() || query.limit <= 0)
        return results;
    QString where = QStringLiteral("messages_fts MATCH ?1");
    if (query.before.isValid())
        where += QStringLiteral(" AND f.rowid < ?2");
    if (query.from.isValid())
        where += QStringLiteral(" AND f.rowid >= ?3");
    if (query.to.isValid())
        where += QStringLiteral(" AND f.rowid < ?4");
    if (query.account.isValid())
        where += QStringLiteral(" AND c.account_id = ?5");
    if (query.direction)
        where += QStringLiteral(" AND m.direction = ?6");
    if (query.person.isValid()) {
        const QList<ConversationId> conversations = conversationsOf(query.person);
        if (conversations.isEmpty())
            return results;
        where += QStringLiteral(" AND m.conversation_id IN (%1)").arg(idList(conversations));
    }
    // Message ids are time-ordered, so FTS5 can walk its index newest-first by rowid and stop
    // at the limit; the snippet is computed for the returned rows only.
    const QString sql = QStringLiteral("SELECT %1, snippet(messages_fts, 0, char(2), char(3), '…', 16) "
                                       "FROM messages_fts f JOIN messages m ON m.id = f.rowid "
                                       "JOIN conversations c ON c.id = m.conversation_id "
                                       "WHERE %2 ORDER BY f.rowid DESC LIMIT ?7")
                            .arg(MessageRepository::selectColumns(), where);
    Statement stmt = m_db.prepare(sql);
    stmt.bind(1, match);
    if (query.before.isValid())
        stmt.bind(2, query.before.value());
    if (query.from.isValid())
        stmt.bind(3, MessageRepository::idFloorForTime(query.from.toMSecsSinceEpoch()));
    if (query.to.isValid())
        stmt.bind(4, MessageRepository::idFloorForTime(query.to.toMSecsSinceEpoch()));
    if (query.account.isValid())
        stmt.bind(5, query.account.value());
    if (query.direction)
        stmt.bind(6, *query.direction == MessageDirection::Outgoing ? 1 : 0);
    stmt.bind(7, query.limit + 1);
    while (stmt.step()) {
        if (results.hits.size() == query.limit) {
            results.more = true;
            break;
        }
        SearchHit hit;
        hit.message = MessageRepository::read(stmt);
        splitSnippet(stmt.text(14), hit);
        results.hits.append(hit);
    }
    return results;
}

} // namespace crosstalk::history
