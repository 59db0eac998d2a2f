// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/message.h"
#include "core/store/records.h"

#include <QFuture>
#include <QObject>

#include <exception>

namespace crosstalk::store {
class Store;
}

namespace crosstalk::history {

struct Recorded
{
    store::StoredMessage message;
    bool duplicate = false; ///< already stored earlier; message is the stored copy
};

/// The durable write path of live chat. Each message is its own transaction on the store's
/// writer thread; the signals come (on this object's thread) only after the commit.
///
/// - Incoming: recordIncoming(); show the message on messageCommitted, never before.
/// - Outgoing: recordOutgoing() stores it as Pending; hand it to the network when the future
///   resolves, then setState(Sent/Delivered/Failed).
/// - The same message twice (reconnect, server replay) is stored once: by protocol message
///   id, or, for delayed messages without one, by a hash of sender, time and body.
class HistoryRecorder : public QObject
{
    Q_OBJECT
public:
    explicit HistoryRecorder(store::Store &store, QObject *parent = nullptr);

    QFuture<Recorded> recordIncoming(const ImMessage &message, const QString &protocolMessageId = {});
    QFuture<Recorded> recordOutgoing(const BuddyAddress &to, const QString &html,
                                     const QString &protocolMessageId = {});
    QFuture<Recorded> recordChat(const ChatMessage &message, const QString &protocolMessageId = {});
    QFuture<void> setState(MessageId id, store::MessageState state);

    /// The de-duplication key used when the protocol gives no message id.
    static QString fallbackKey(MessageDirection direction, const QString &sender, const QDateTime &sentAt,
                               const QString &body);

Q_SIGNALS:
    /// A new message is durable (not emitted for duplicates).
    void messageCommitted(const crosstalk::store::StoredMessage &message);
    void messageStateChanged(crosstalk::MessageId id, crosstalk::store::MessageState state);
    /// A write failed (e.g. the disk is full); `error` is for the user.
    void writeFailed(const QString &error);

private:
    QFuture<Recorded> record(store::NewMessage message, const BuddyAddress *peer, const ChatAddress *chat);
    void reportFailure(const std::exception_ptr &error);

    store::Store &m_store;
};

} // namespace crosstalk::history
