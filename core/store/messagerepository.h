// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/store/records.h"
#include "core/store/statement.h"

#include <QHash>

#include <optional>

/// The columns MessageRepository::read() expects, from "messages m JOIN conversations c"; a
/// literal so that hot queries can be cached statements.
#define CROSSTALK_MESSAGE_COLUMNS                                                                            \
    "m.id, m.conversation_id, c.account_id, c.buddy_id, c.kind, c.peer, m.direction, m.sender, m.sent_at, "  \
    "m.received_at, m.body, coalesce(m.plain, m.body), m.state, m.flags"

namespace crosstalk::store {

class Connection;

/// Conversations and messages: the write side of history.
///
/// Message ids are time-ordered (sentAt in ms * 1000 + a sequence within that ms), so that
/// keyset paging and newest-first full-text search run on the primary key alone.
class MessageRepository
{
public:
    explicit MessageRepository(Connection &connection)
        : m_db(connection)
    {}

    /// The one-to-one conversation with a buddy, created (with the buddy) if needed.
    ConversationId ensureConversation(const BuddyAddress &peer);
    ConversationId ensureChat(const ChatAddress &chat);
    std::optional<ConversationId> findConversation(const BuddyAddress &peer);

    /// Stores the message unless one with the same protocolId is already in the conversation.
    /// Does not open a transaction: the caller decides (one per live message, many per import).
    /// The message is queued for the full-text index (fts_pending); indexPending() adds it.
    InsertResult insert(const NewMessage &message);
    /// The import path: no read-back, duplicates skipped by the unique index, the text goes
    /// straight into the index's in-memory buffer (flushed once at commit). Call finishBulk()
    /// before committing. Returns whether the message was new.
    bool insertBulk(const NewMessage &message);
    void finishBulk();

    /// Adds queued messages to the full-text index in one statement (one FTS5 segment).
    /// Call inside a transaction; returns how many were indexed.
    int indexPending();
    void setState(MessageId id, MessageState state);
    std::optional<StoredMessage> get(MessageId id);
    /// Outgoing messages still pending, oldest first (e.g. to retry after a crash).
    QList<StoredMessage> pending();

    /// The id a message sent at `ms` would get, without any sequence: for date anchors.
    static qint64 idFloorForTime(qint64 ms);

    /// The columns read(...) expects, from "messages m JOIN conversations c".
    static QString selectColumns();
    static StoredMessage read(const Statement &stmt);

private:
    qint64 allocateId(qint64 sentAtMs);

    Connection &m_db;
    QHash<qint64, qint64> m_bulkLastMessage; // conversation -> newest sent_at seen in bulk
};

} // namespace crosstalk::store
