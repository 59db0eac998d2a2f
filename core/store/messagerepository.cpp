// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/messagerepository.h"

#include "core/store/buddyrepository.h"
#include "core/store/connection.h"
#include "core/store/plaintext.h"

#include <algorithm>

namespace crosstalk::store {

namespace {
constexpr qint64 kSlotsPerMs = 1000;
// Far enough to hold any real timestamp, small enough that ms * 1000 fits in 63 bits.
constexpr qint64 kMaxMs = 9'000'000'000'000'000LL / kSlotsPerMs;
} // namespace

// Most chat messages have no markup: their plain text is their body, stored once.
static void bindPlain(Statement &stmt, int index, const QString &body, const QString &plain)
{
    if (plain == body || (plain.isEmpty() && body.isEmpty()))
        stmt.bindNull(index);
    else
        stmt.bind(index, plain.isNull() ? QStringLiteral("") : plain);
}

qint64 MessageRepository::idFloorForTime(qint64 ms)
{
    return std::clamp<qint64>(ms, 1, kMaxMs) * kSlotsPerMs;
}

QString MessageRepository::selectColumns()
{
    return QStringLiteral(CROSSTALK_MESSAGE_COLUMNS);
}

StoredMessage MessageRepository::read(const Statement &stmt)
{
    StoredMessage m;
    m.id = MessageId(stmt.int64(0));
    m.conversation = ConversationId(stmt.int64(1));
    m.account = AccountId(stmt.int64(2));
    m.buddy = BuddyId(stmt.int64(3));
    m.kind = ConversationKind(stmt.int32(4));
    m.peer = stmt.text(5);
    m.direction = stmt.int64(6) ? MessageDirection::Outgoing : MessageDirection::Incoming;
    m.sender = stmt.text(7);
    m.sentAt = fromStoreTime(stmt.int64(8));
    m.receivedAt = fromStoreTime(stmt.int64(9));
    m.body = stmt.text(10);
    m.plainText = stmt.text(11);
    m.state = MessageState(stmt.int32(12));
    m.flags = stmt.int32(13);
    return m;
}

std::optional<ConversationId> MessageRepository::findConversation(const BuddyAddress &peer)
{
    Statement &stmt =
        m_db.cached("SELECT id FROM conversations WHERE account_id = ?1 AND kind = 0 AND peer = ?2");
    stmt.bind(1, peer.account.value()).bind(2, peer.handle);
    std::optional<ConversationId> id;
    if (stmt.step())
        id = ConversationId(stmt.int64(0));
    stmt.reset();
    return id;
}

ConversationId MessageRepository::ensureConversation(const BuddyAddress &peer)
{
    if (auto id = findConversation(peer))
        return *id;
    const BuddyId buddy = BuddyRepository(m_db).ensure(peer);
    Statement &stmt =
        m_db.cached("INSERT INTO conversations(account_id, kind, peer, buddy_id) VALUES (?1, 0, ?2, ?3)");
    stmt.bind(1, peer.account.value()).bind(2, peer.handle).bind(3, buddy.value()).run();
    return ConversationId(m_db.lastInsertRowId());
}

ConversationId MessageRepository::ensureChat(const ChatAddress &chat)
{
    Statement &stmt =
        m_db.cached("INSERT INTO conversations(account_id, kind, peer) VALUES (?1, 1, ?2) "
                    "ON CONFLICT(account_id, kind, peer) DO UPDATE SET peer = excluded.peer RETURNING id");
    stmt.bind(1, chat.account.value()).bind(2, chat.room);
    stmt.step();
    const ConversationId id(stmt.int64(0));
    stmt.reset();
    return id;
}

qint64 MessageRepository::allocateId(qint64 sentAtMs)
{
    Statement &stmt = m_db.cached("SELECT max(id) FROM messages WHERE id >= ?1 AND id < ?2");
    for (qint64 base = idFloorForTime(sentAtMs);; base += kSlotsPerMs) {
        stmt.bind(1, base).bind(2, base + kSlotsPerMs);
        stmt.step();
        const bool free = stmt.isNull(0);
        const qint64 last = stmt.int64(0);
        stmt.reset();
        if (free)
            return base;
        if (last + 1 < base + kSlotsPerMs)
            return last + 1;
        // More than 1000 messages in one millisecond (bulk imports with second precision):
        // spill into the next millisecond; order stays right to within a millisecond.
    }
}

namespace {

// The columns of one new message, shared by the live and the bulk insert; returns the plain
// text it stored (the bulk insert indexes it).
QString bindMessage(Statement &stmt, qint64 id, const NewMessage &message, qint64 sentAt)
{
    stmt.bind(1, id).bind(2, message.conversation.value());
    stmt.bind(3, message.direction == MessageDirection::Outgoing ? 1 : 0);
    stmt.bind(4, message.sender.isNull() ? QStringLiteral("") : message.sender);
    stmt.bind(5, sentAt).bind(6, toStoreTime(message.receivedAt));
    stmt.bind(7, message.body.isNull() ? QStringLiteral("") : message.body);
    const QString plain = message.plainText.isNull() ? htmlToPlainText(message.body) : message.plainText;
    bindPlain(stmt, 8, message.body, plain);
    stmt.bind(9, int(message.state)).bind(10, message.protocolId).bind(11, message.flags);
    return plain;
}

} // namespace

InsertResult MessageRepository::insert(const NewMessage &message)
{
    if (!message.protocolId.isNull()) {
        Statement &existing =
            m_db.cached("SELECT id FROM messages WHERE conversation_id = ?1 AND protocol_id = ?2");
        existing.bind(1, message.conversation.value()).bind(2, message.protocolId);
        const bool found = existing.step();
        const MessageId id(found ? existing.int64(0) : 0);
        existing.reset();
        if (found)
            return {id, false};
    }
    const qint64 sentAt = toStoreTime(message.sentAt);
    const qint64 id = allocateId(sentAt);
    Statement &stmt = m_db.cached(
        "INSERT INTO messages(id, conversation_id, direction, sender, sent_at, received_at, body, plain, "
        "state, protocol_id, flags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    bindMessage(stmt, id, message, sentAt);
    stmt.run();
    Statement &pending = m_db.cached("INSERT INTO fts_pending(id) VALUES (?1)");
    pending.bind(1, id).run();
    Statement &touch = m_db.cached(
        "UPDATE conversations SET last_message_at = max(coalesce(last_message_at, 0), ?2) WHERE id = ?1");
    touch.bind(1, message.conversation.value()).bind(2, sentAt).run();
    return {MessageId(id), true};
}

bool MessageRepository::insertBulk(const NewMessage &message)
{
    const qint64 sentAt = toStoreTime(message.sentAt);
    // Most messages find the first slot of their millisecond free: try it without a lookup, and
    // pay for the search only on a collision (a conflict on the id or on the de-duplication key).
    qint64 id = idFloorForTime(sentAt);
    Statement &stmt = m_db.cached(
        "INSERT INTO messages(id, conversation_id, direction, sender, sent_at, received_at, body, plain, "
        "state, protocol_id, flags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO "
        "NOTHING");
    const QString plain = bindMessage(stmt, id, message, sentAt);
    stmt.run();
    if (m_db.changes() == 0) {
        if (!message.protocolId.isNull()) {
            Statement &existing =
                m_db.cached("SELECT 1 FROM messages WHERE conversation_id = ?1 AND protocol_id = ?2");
            existing.bind(1, message.conversation.value()).bind(2, message.protocolId);
            const bool duplicate = existing.step();
            existing.reset();
            if (duplicate)
                return false;
        }
        id = allocateId(sentAt);
        stmt.bind(1, id).run(); // the other bindings are kept
        if (m_db.changes() == 0)
            return false;
    }
    Statement &fts = m_db.cached("INSERT INTO messages_fts(rowid, plain) VALUES (?1, ?2)");
    fts.bind(1, id).bind(2, plain.isNull() ? QStringLiteral("") : plain).run();
    qint64 &last = m_bulkLastMessage[message.conversation.value()];
    last = std::max(last, sentAt);
    return true;
}

void MessageRepository::finishBulk()
{
    Statement &touch = m_db.cached(
        "UPDATE conversations SET last_message_at = max(coalesce(last_message_at, 0), ?2) WHERE id = ?1");
    for (auto it = m_bulkLastMessage.cbegin(); it != m_bulkLastMessage.cend(); ++it)
        touch.bind(1, it.key()).bind(2, it.value()).run();
    m_bulkLastMessage.clear();
}

void MessageRepository::setState(MessageId id, MessageState state)
{
    Statement &stmt = m_db.cached("UPDATE messages SET state = ?2 WHERE id = ?1");
    stmt.bind(1, id.value()).bind(2, int(state)).run();
}

std::optional<StoredMessage> MessageRepository::get(MessageId id)
{
    Statement &stmt =
        m_db.cached("SELECT " CROSSTALK_MESSAGE_COLUMNS
                    " FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?1");
    stmt.bind(1, id.value());
    std::optional<StoredMessage> message;
    if (stmt.step())
        message = read(stmt);
    stmt.reset();
    return message;
}

int MessageRepository::indexPending()
{
    m_db.cached("INSERT INTO messages_fts(rowid, plain) "
                "SELECT m.id, coalesce(m.plain, m.body) FROM fts_pending p JOIN messages m ON m.id = p.id "
                "ORDER BY p.id")
        .run();
    const int indexed = m_db.changes();
    m_db.cached("DELETE FROM fts_pending").run();
    return indexed;
}

QList<StoredMessage> MessageRepository::pending()
{
    Statement stmt = m_db.prepare(QStringLiteral("SELECT ") + selectColumns() +
                                  QStringLiteral(" FROM messages m JOIN conversations c ON c.id = "
                                                 "m.conversation_id WHERE m.state = 1 ORDER BY m.id"));
    QList<StoredMessage> rows;
    while (stmt.step())
        rows.append(read(stmt));
    return rows;
}

} // namespace crosstalk::store
