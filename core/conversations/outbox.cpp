// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/conversations/outbox.h"

#include "core/history/historyrecorder.h"
#include "core/network/accountservice.h"
#include "core/network/messagingservice.h"
#include "core/store/connection.h"
#include "core/store/messagerepository.h"
#include "core/store/store.h"

#include <QFutureWatcher>

namespace crosstalk::conversations {

using store::MessageState;

namespace {

/// The protocol names a peer as it likes (libpurple may change letter case): the same account
/// and the same handle, ignoring case, is the same peer.
bool samePeer(const BuddyAddress &a, const BuddyAddress &b)
{
    return a.account == b.account && a.handle.compare(b.handle, Qt::CaseInsensitive) == 0;
}

} // namespace

Outbox::Outbox(store::Store &store, history::HistoryRecorder &recorder, MessagingService &messaging,
               AccountService &accounts, Options options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_recorder(recorder)
    , m_messaging(messaging)
    , m_accounts(accounts)
    , m_options(options)
{
    connect(&m_accounts, &AccountService::connectionStateChanged, this,
            [this](AccountId id, ConnectionState state, const QString &) {
                if (state == ConnectionState::Connected)
                    flush(id);
            });
    connect(&m_messaging, &MessagingService::sendFailed, this, &Outbox::onSendFailed);
    connect(&m_messaging, &MessagingService::imDelivered, this, &Outbox::onDelivered);
    m_expiry.setInterval(std::clamp(m_options.sendTimeoutMs / 4, 50, 1000));
    connect(&m_expiry, &QTimer::timeout, this, &Outbox::expire);
}

Outbox::~Outbox() = default;

void Outbox::send(const BuddyAddress &to, const QString &html)
{
    const QDeadlineTimer deadline(m_options.sendTimeoutMs);
    // A watcher, not .then(): a QFuture has room for one continuation and the recorder's own
    // (which emits messageCommitted) must not be replaced.
    auto *watcher = new QFutureWatcher<history::Recorded>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, to, html, deadline] {
        watcher->deleteLater();
        try {
            const history::Recorded recorded = watcher->result();
            Q_EMIT queuedMessage(recorded.message);
            enqueue({recorded.message.id, to, html, deadline});
        } catch (...) {
            // The recorder reports the failed write (writeFailed); nothing was stored to send.
        }
    });
    watcher->setFuture(m_recorder.recordOutgoing(to, html));
}

void Outbox::retry(MessageId id)
{
    auto requeue = [this](Entry entry) {
        entry.deadline = QDeadlineTimer(m_options.sendTimeoutMs);
        m_reasons.remove(entry.id);
        setState(entry.id, MessageState::Pending);
        enqueue(entry);
    };
    if (m_failed.contains(id)) {
        requeue(m_failed.take(id));
        return;
    }
    // Failed in an earlier run: the body comes from the store.
    m_store.write([id](store::Connection &db) { return store::MessageRepository(db).get(id); })
        .then(this, [requeue](std::optional<store::StoredMessage> message) {
            if (message && message->direction == MessageDirection::Outgoing &&
                message->kind == store::ConversationKind::Im)
                requeue({message->id, {message->account, message->peer}, message->body, {}});
        });
}

void Outbox::restorePending()
{
    m_store.write([](store::Connection &db) { return store::MessageRepository(db).pending(); })
        .then(this, [this](QList<store::StoredMessage> pending) {
            for (const store::StoredMessage &m : pending) {
                if (m.kind != store::ConversationKind::Im)
                    continue;
                const bool known = std::any_of(m_queue.cbegin(), m_queue.cend(),
                                               [&](const Entry &e) { return e.id == m.id; });
                if (!known)
                    enqueue({m.id, {m.account, m.peer}, m.body, QDeadlineTimer(m_options.sendTimeoutMs)});
            }
        });
}

void Outbox::enqueue(Entry entry)
{
    const AccountId account = entry.to.account;
    m_queue.append(std::move(entry));
    if (!m_expiry.isActive())
        m_expiry.start();
    flush(account);
}

bool Outbox::isConnected(AccountId account) const
{
    const std::optional<AccountInfo> info = m_accounts.account(account);
    return info && info->state == ConnectionState::Connected;
}

void Outbox::flush(AccountId account)
{
    // sendIm can re-enter through signals (a synchronous error line); one pass at a time.
    if (m_flushing || !isConnected(account))
        return;
    m_flushing = true;
    for (qsizetype i = 0; i < m_queue.size();) {
        if (m_queue[i].to.account != account) {
            ++i;
            continue;
        }
        const Entry entry = m_queue.takeAt(i); // out of the queue before the send: exactly once
        const SendResult result = m_messaging.sendIm(entry.to, entry.html);
        if (result == SendResult::Sent) {
            m_handed.append({entry.id, entry.to, QDeadlineTimer(m_options.lateErrorWindowMs)});
            setState(entry.id, MessageState::Sent);
            if (const QString receipt = m_messaging.lastReceiptId(); !receipt.isEmpty())
                awaitReceipt(receipt, entry.id, entry.to);
        } else if (result == SendResult::NotConnected) {
            m_queue.insert(i, entry); // the account dropped under us: wait for the next connect
            break;
        } else {
            const QString reason = m_messaging.lastSendError();
            m_failed.insert(entry.id, entry);
            setState(entry.id, MessageState::Failed,
                     reason.isEmpty() ? QStringLiteral("The network refused the message") : reason);
        }
    }
    m_flushing = false;
}

void Outbox::setState(MessageId id, MessageState state, const QString &reason)
{
    if (state == MessageState::Failed)
        m_reasons.insert(id, reason);
    m_recorder.setState(id, state);
    Q_EMIT stateChanged(id, state, reason);
}

void Outbox::onSendFailed(const BuddyAddress &to, const QString &reason)
{
    // The protocol reports an error after the fact and without naming the message: blame the
    // newest message handed to that peer within the window.
    for (qsizetype i = m_handed.size() - 1; i >= 0; --i) {
        if (m_handed[i].window.hasExpired())
            continue;
        if (samePeer(m_handed[i].to, to)) {
            const Handed h = m_handed.takeAt(i);
            setState(h.id, MessageState::Failed, reason);
            return;
        }
    }
}

void Outbox::awaitReceipt(const QString &receiptId, MessageId id, const BuddyAddress &to)
{
    // An id seen before (a protocol's counter starting over after a reconnect) now belongs to
    // the newer message: the older one's receipt is long overdue.
    m_awaiting.insert(receiptId, {id, to});
    m_awaitingOrder.emplace_back(receiptId, id);
    while (qsizetype(m_awaitingOrder.size()) > kMaxAwaited) {
        const auto &[oldest, message] = m_awaitingOrder.front();
        if (const auto it = m_awaiting.constFind(oldest); it != m_awaiting.cend() && it->id == message)
            m_awaiting.erase(it);
        m_awaitingOrder.pop_front();
    }
}

void Outbox::onDelivered(const BuddyAddress &from, const QString &receiptId)
{
    const auto it = m_awaiting.constFind(receiptId);
    // Only the peer the message went to can confirm it: anyone can send a receipt with a
    // guessed id.
    if (it == m_awaiting.cend() || !samePeer(it->to, from))
        return;
    const MessageId id = it->id;
    m_awaiting.erase(it); // its place in m_awaitingOrder goes when it reaches the front
    m_handed.removeIf([id](const Handed &h) { return h.id == id; });
    setState(id, MessageState::Delivered);
}

void Outbox::expire()
{
    m_handed.removeIf([](const Handed &h) { return h.window.hasExpired(); });
    for (qsizetype i = 0; i < m_queue.size();) {
        if (!m_queue[i].deadline.hasExpired()) {
            ++i;
            continue;
        }
        const Entry entry = m_queue.takeAt(i);
        m_failed.insert(entry.id, entry);
        setState(entry.id, MessageState::Failed,
                 QStringLiteral("Not sent within %1 s: the account stayed offline")
                     .arg(m_options.sendTimeoutMs / 1000.0, 0, 'g', 3));
    }
    if (m_queue.isEmpty() && m_handed.isEmpty())
        m_expiry.stop();
}

} // namespace crosstalk::conversations
