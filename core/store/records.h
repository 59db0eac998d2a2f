// SPDX-License-Identifier: GPL-3.0-or-later
// Plain rows of the store, as the repositories read and write them.
#pragma once

#include "core/model/address.h"
#include "core/model/ids.h"
#include "core/model/message.h"
#include "core/model/presence.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace crosstalk::store {

enum class MessageState { Received = 0, Pending = 1, Sent = 2, Delivered = 3, Failed = 4 };
enum class ConversationKind { Im = 0, Chat = 1 };

namespace MessageFlag {
enum : int { Delayed = 1, AutoReply = 2, Imported = 4, CallEvent = 8 /* a call in the timeline, not a message */ };
}

/// A message about to be stored.
struct NewMessage
{
    ConversationId conversation;
    MessageDirection direction = MessageDirection::Incoming;
    QString sender;
    QDateTime sentAt;     ///< protocol timestamp; invalid = now
    QDateTime receivedAt; ///< invalid = now
    QString body;         ///< as received (HTML)
    QString plainText;    ///< null = derived from body
    MessageState state = MessageState::Received;
    QString protocolId; ///< de-duplication key within the conversation; null = none
    int flags = 0;
};

struct InsertResult
{
    MessageId id;
    bool inserted = false; ///< false: an equal protocolId was already stored (id is that row)
};

/// A stored message as history shows it.
struct StoredMessage
{
    MessageId id;
    ConversationId conversation;
    AccountId account;
    BuddyId buddy; ///< invalid for group chats
    ConversationKind kind = ConversationKind::Im;
    QString peer; ///< buddy handle or room
    MessageDirection direction = MessageDirection::Incoming;
    QString sender;
    QDateTime sentAt;
    QDateTime receivedAt;
    QString body;
    QString plainText;
    MessageState state = MessageState::Received;
    int flags = 0;
};

struct BuddyRecord
{
    BuddyId id;
    PersonId person;
    BuddyAddress address;
    QString alias;
    QString serverAlias;
    QString group;
    QString avatarHash;
    Presence presence;
    bool voiceCapable = false;
    bool onList = true;
};

struct PersonRecord
{
    PersonId id;
    QString displayName;
    QString avatarHash;
    bool pinned = false;
    bool hidden = false;
    QString notes;
};

enum class MergeDecision { None = 0, Accepted = 1, Rejected = 2 };

enum class CallOutcome { Ongoing = 0, Completed = 1, Missed = 2, Declined = 3, Failed = 4, Cancelled = 5 };

struct CallRecord
{
    CallId id;
    PersonId person;
    AccountId account;
    BuddyId buddy;
    MessageDirection direction = MessageDirection::Outgoing;
    QDateTime startedAt;
    QDateTime answeredAt;
    QDateTime endedAt;
    CallOutcome outcome = CallOutcome::Ongoing;
    QString statsJson = QStringLiteral("{}");
};

/// Milliseconds since the epoch (UTC), the store's time unit.
inline qint64 toStoreTime(const QDateTime &t)
{
    return t.isValid() ? t.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch();
}
inline QDateTime fromStoreTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

} // namespace crosstalk::store

Q_DECLARE_METATYPE(crosstalk::store::StoredMessage)
Q_DECLARE_METATYPE(crosstalk::store::MessageState)
