// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/history/historyrecorder.h"

#include "core/store/connection.h"
#include "core/store/messagerepository.h"
#include "core/store/store.h"
#include "core/store/transaction.h"

#include <QCryptographicHash>

namespace crosstalk::history {

using store::MessageState;
using store::StoreError;

HistoryRecorder::HistoryRecorder(store::Store &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{}

QString HistoryRecorder::fallbackKey(MessageDirection direction, const QString &sender,
                                     const QDateTime &sentAt, const QString &body)
{
    // Whole seconds: servers replaying a message often drop the milliseconds.
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(QByteArray::number(direction == MessageDirection::Outgoing ? 1 : 0));
    hash.addData(sender.toUtf8());
    hash.addData(QByteArray::number(sentAt.isValid() ? sentAt.toSecsSinceEpoch() : 0));
    hash.addData(body.toUtf8());
    return QStringLiteral("h:") + QString::fromLatin1(hash.result().toBase64(QByteArray::OmitTrailingEquals));
}

void HistoryRecorder::reportFailure(const std::exception_ptr &error)
{
    try {
        std::rethrow_exception(error);
    } catch (const StoreError &e) {
        Q_EMIT writeFailed(e.message());
    } catch (const std::exception &e) {
        Q_EMIT writeFailed(QString::fromLocal8Bit(e.what()));
    }
}

QFuture<Recorded> HistoryRecorder::record(store::NewMessage message, const BuddyAddress *peer,
                                          const ChatAddress *chat)
{
    const std::optional<BuddyAddress> peerCopy = peer ? std::optional(*peer) : std::nullopt;
    const std::optional<ChatAddress> chatCopy = chat ? std::optional(*chat) : std::nullopt;
    QFuture<Recorded> future = m_store.write([message, peerCopy, chatCopy](store::Connection &db) mutable {
        store::MessageRepository messages(db);
        store::Transaction transaction(db);
        message.conversation =
            peerCopy ? messages.ensureConversation(*peerCopy) : messages.ensureChat(*chatCopy);
        const store::InsertResult result = messages.insert(message);
        transaction.commit();
        Recorded recorded;
        recorded.duplicate = !result.inserted;
        recorded.message = messages.get(result.id).value_or(store::StoredMessage{});
        return recorded;
    });
    future.then(this, [this](QFuture<Recorded> done) {
        try {
            const Recorded recorded = done.result();
            if (!recorded.duplicate)
                Q_EMIT messageCommitted(recorded.message);
        } catch (...) {
            reportFailure(std::current_exception());
        }
    });
    return future;
}

QFuture<Recorded> HistoryRecorder::recordIncoming(const ImMessage &im, const QString &protocolMessageId)
{
    store::NewMessage message;
    message.direction = im.direction;
    message.sender = im.peer.handle;
    message.sentAt = im.timestamp;
    message.body = im.body;
    message.state = MessageState::Received;
    message.flags =
        (im.delayed ? store::MessageFlag::Delayed : 0) | (im.autoReply ? store::MessageFlag::AutoReply : 0);
    message.protocolId = protocolMessageId;
    if (message.protocolId.isEmpty()) {
        // Live messages without an id are never merged: two identical "ok"s are two messages.
        message.protocolId =
            im.delayed ? fallbackKey(im.direction, im.peer.handle, im.timestamp, im.body) : QString();
    }
    return record(message, &im.peer, nullptr);
}

QFuture<Recorded> HistoryRecorder::recordOutgoing(const BuddyAddress &to, const QString &html,
                                                  const QString &protocolMessageId)
{
    store::NewMessage message;
    message.direction = MessageDirection::Outgoing;
    message.sentAt = QDateTime::currentDateTimeUtc();
    message.body = html;
    message.state = MessageState::Pending;
    message.protocolId = protocolMessageId.isEmpty() ? QString() : protocolMessageId;
    return record(message, &to, nullptr);
}

QFuture<Recorded> HistoryRecorder::recordChat(const ChatMessage &chat, const QString &protocolMessageId)
{
    store::NewMessage message;
    message.direction = chat.direction;
    message.sender = chat.sender;
    message.sentAt = chat.timestamp;
    message.body = chat.body;
    message.state =
        chat.direction == MessageDirection::Outgoing ? MessageState::Sent : MessageState::Received;
    message.flags = chat.delayed ? store::MessageFlag::Delayed : 0;
    message.protocolId = protocolMessageId;
    if (message.protocolId.isEmpty() && chat.delayed)
        message.protocolId = fallbackKey(chat.direction, chat.sender, chat.timestamp, chat.body);
    return record(message, nullptr, &chat.chat);
}

QFuture<void> HistoryRecorder::setState(MessageId id, MessageState state)
{
    QFuture<void> future = m_store.write([id, state](store::Connection &db) {
        store::MessageRepository(db).setState(id, state); // autocommit: one statement
    });
    future.then(this, [this, id, state](QFuture<void> done) {
        try {
            done.waitForFinished();
            Q_EMIT messageStateChanged(id, state);
        } catch (...) {
            reportFailure(std::current_exception());
        }
    });
    return future;
}

} // namespace crosstalk::history
