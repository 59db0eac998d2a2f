// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/account.h"
#include "core/model/address.h"
#include "core/store/records.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

#include <deque>

namespace crosstalk {
class AccountService;
class MessagingService;
} // namespace crosstalk
namespace crosstalk::history {
class HistoryRecorder;
}
namespace crosstalk::store {
class Store;
}

namespace crosstalk::conversations {

/// The durable outgoing path of one-to-one messages.
///
/// send() commits the message as Pending first; only then is it handed to the protocol, and
/// its state becomes Sent or Failed (with a reason). While the account is offline the
/// message waits in the queue (and in the store, so a restart finds it); when the account
/// connects the queue is sent in order, each message exactly once. A message still unsent
/// after `sendTimeoutMs` becomes Failed — never dropped silently; retry() queues it again.
/// Where the protocol confirms delivery (XMPP receipts), a sent message becomes Delivered
/// when the peer it went to confirms it.
class Outbox : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int sendTimeoutMs = 5 * 60 * 1000;
        /// How long after handing a message over a protocol error still counts as its failure.
        int lateErrorWindowMs = 30 * 1000;
    };

    Outbox(store::Store &store, history::HistoryRecorder &recorder, MessagingService &messaging,
           AccountService &accounts, Options options, QObject *parent = nullptr);
    ~Outbox() override;

    /// Queues an HTML body (already in the form the protocol takes) to `to`.
    void send(const BuddyAddress &to, const QString &html);
    /// A failed message goes back to Pending and into the queue.
    void retry(MessageId id);
    /// Picks up messages left Pending by an earlier run (a crash, or quitting while offline).
    void restorePending();

    /// Why a message failed (kept in memory: the store has no column for it yet).
    QString failureReason(MessageId id) const { return m_reasons.value(id); }
    int queued() const { return int(m_queue.size()); }

Q_SIGNALS:
    /// The message is durable as Pending (show it now, with a clock).
    void queuedMessage(const crosstalk::store::StoredMessage &message);
    void stateChanged(crosstalk::MessageId id, crosstalk::store::MessageState state, const QString &reason);

private:
    struct Entry
    {
        MessageId id;
        BuddyAddress to;
        QString html;
        QDeadlineTimer deadline;
    };
    struct Handed
    {
        MessageId id;
        BuddyAddress to;
        QDeadlineTimer window;
    };

    void enqueue(Entry entry);
    void flush(AccountId account);
    bool isConnected(AccountId account) const;
    void setState(MessageId id, store::MessageState state, const QString &reason = {});
    void onSendFailed(const BuddyAddress &to, const QString &reason);
    void awaitReceipt(const QString &receiptId, MessageId id, const BuddyAddress &to);
    void onDelivered(const BuddyAddress &from, const QString &receiptId);
    void expire();

    store::Store &m_store;
    history::HistoryRecorder &m_recorder;
    MessagingService &m_messaging;
    AccountService &m_accounts;
    Options m_options;
    QList<Entry> m_queue;
    QList<Handed> m_handed;
    QHash<MessageId, QString> m_reasons;
    QHash<MessageId, Entry> m_failed; ///< bodies of failed messages, for retry
    struct Awaited
    {
        MessageId id;
        BuddyAddress to;
    };
    /// Sent messages whose receipt may still come (a peer offline for days confirms on its
    /// return), by receipt id; the oldest are forgotten beyond kMaxAwaited.
    QHash<QString, Awaited> m_awaiting;
    std::deque<std::pair<QString, MessageId>> m_awaitingOrder;
    static constexpr qsizetype kMaxAwaited = 5000;
    QTimer m_expiry;
    bool m_flushing = false;
};

} // namespace crosstalk::conversations
