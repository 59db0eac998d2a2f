// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/calls/calllogrecorder.h"

#include "core/calls/calltext.h"
#include "core/store/buddyrepository.h"
#include "core/store/callrepository.h"
#include "core/store/connection.h"
#include "core/store/messagerepository.h"
#include "core/store/personrepository.h"
#include "core/store/store.h"
#include "core/store/transaction.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace crosstalk::calls {

using store::CallOutcome;

struct CallLogRecorder::Shared
{
    QHash<CallKey, CallId> rows; // writer thread only
};

CallLogRecorder::CallLogRecorder(store::Store &store, CallService &calls, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_calls(calls)
    , m_shared(std::make_shared<Shared>())
{
    connect(&calls, &CallService::callAdded, this, &CallLogRecorder::onAdded);
    connect(&calls, &CallService::callChanged, this, &CallLogRecorder::onChanged);
    connect(&calls, &CallService::callEnded, this, &CallLogRecorder::onEnded);
    // The engine's statistics are gone once a call ends: keep the latest snapshot.
    m_sampler.setInterval(1000);
    connect(&m_sampler, &QTimer::timeout, this, &CallLogRecorder::sample);
}

CallLogRecorder::~CallLogRecorder() = default;

void CallLogRecorder::sample()
{
    for (auto it = m_answered.cbegin(); it != m_answered.cend(); ++it) {
        const CallQuality q = m_calls.quality(it.key());
        if (!q.codec.isEmpty())
            m_lastQuality[it.key()] = q;
    }
}

void CallLogRecorder::onAdded(const CallInfo &call)
{
    const auto shared = m_shared;
    const CallInfo info = call;
    m_store.write([shared, info](store::Connection &db) {
        store::Transaction tx(db);
        store::CallRecord r;
        r.account = info.peer.account;
        r.buddy = store::BuddyRepository(db).ensure(info.peer);
        r.person = store::PersonRepository(db).personOf(r.buddy);
        r.direction = info.direction == CallDirection::Outgoing ? MessageDirection::Outgoing : MessageDirection::Incoming;
        r.startedAt = info.startedAt.isValid() ? info.startedAt : QDateTime::currentDateTimeUtc();
        const CallId id = store::CallRepository(db).begin(r);
        tx.commit();
        shared->rows.insert(info.key, id);
    }).onFailed(this, [this](const std::exception &e) { Q_EMIT writeFailed(QString::fromUtf8(e.what())); });
}

void CallLogRecorder::onChanged(const CallInfo &call)
{
    if (call.answeredAt.isValid() && m_answered.contains(call.key)) {
        sample(); // a state change (connected, hold) is a moment worth a snapshot
        return;
    }
    if (!call.answeredAt.isValid())
        return;
    m_answered.insert(call.key, true);
    if (!m_sampler.isActive())
        m_sampler.start();
    const auto shared = m_shared;
    const CallKey key = call.key;
    const QDateTime at = call.answeredAt;
    m_store.write([shared, key, at](store::Connection &db) {
        if (const auto it = shared->rows.constFind(key); it != shared->rows.cend())
            store::CallRepository(db).answered(*it, at);
    }).onFailed(this, [this](const std::exception &e) { Q_EMIT writeFailed(QString::fromUtf8(e.what())); });
}

void CallLogRecorder::onEnded(const CallInfo &call)
{
    if (call.answeredAt.isValid() && !m_answered.contains(call.key))
        onChanged(call); // answered and ended between two signals
    CallQuality quality = m_calls.quality(call.key);
    if (quality.codec.isEmpty())
        quality = m_lastQuality.value(call.key);
    m_lastQuality.remove(call.key);
    m_answered.remove(call.key);
    if (m_answered.isEmpty())
        m_sampler.stop();

    const CallOutcome outcome = outcomeOf(call);
    const QString stats = statsJson(quality, call);
    const QString line = timelineText(call, outcome);
    const auto shared = m_shared;
    const CallInfo info = call;
    struct Done
    {
        CallId id;
        std::optional<store::StoredMessage> line;
    };
    m_store.write([shared, info, outcome, stats, line](store::Connection &db) {
        Done done;
        done.id = shared->rows.take(info.key);
        if (!done.id.isValid())
            return done; // its begin failed; the failure was reported then
        store::Transaction tx(db);
        const QDateTime ended = info.endedAt.isValid() ? info.endedAt : QDateTime::currentDateTimeUtc();
        store::CallRepository(db).ended(done.id, ended, outcome, stats);
        store::MessageRepository messages(db);
        store::NewMessage m;
        m.conversation = messages.ensureConversation(info.peer);
        m.direction = info.direction == CallDirection::Outgoing ? MessageDirection::Outgoing : MessageDirection::Incoming;
        m.sender = info.direction == CallDirection::Incoming ? info.peer.handle : QString();
        // At the end time: that is where an open conversation appends it live, so a reload
        // shows it in the same place (messages exchanged during the call stay above it).
        m.sentAt = ended;
        m.receivedAt = ended;
        // A telephone sign marks the line in the chat (DejaVu has it; no colour-emoji font
        // needed); search sees the words only. No delivery state: no ✓ under a call.
        m.body = QStringLiteral("\u260E ") + line.toHtmlEscaped();
        m.plainText = line;
        m.state = store::MessageState::Received;
        m.protocolId = QStringLiteral("call:%1").arg(done.id.value());
        m.flags = store::MessageFlag::CallEvent;
        const store::InsertResult inserted = messages.insert(m);
        tx.commit();
        if (inserted.inserted)
            done.line = messages.get(inserted.id);
        return done;
    }).then(this, [this, key = call.key, outcome](const Done &done) {
        if (!done.id.isValid())
            return;
        if (done.line)
            Q_EMIT timelineEntry(*done.line);
        Q_EMIT callLogged(key, done.id, outcome);
    }).onFailed(this, [this](const std::exception &e) { Q_EMIT writeFailed(QString::fromUtf8(e.what())); });
}

QFuture<QHash<BuddyAddress, qint64>> CallLogRecorder::loadLastCalls()
{
    return m_store.write([](store::Connection &db) {
        store::Statement stmt = db.prepare(QStringLiteral(
            "SELECT b.account_id, b.handle, MAX(c.started_at) FROM calls c JOIN buddies b ON b.id = c.buddy_id "
            "WHERE c.direction = 1 OR c.answered_at IS NOT NULL GROUP BY c.buddy_id"));
        QHash<BuddyAddress, qint64> last;
        while (stmt.step())
            last.insert(BuddyAddress{AccountId(stmt.int64(0)), stmt.text(1)}, stmt.int64(2));
        return last;
    });
}

CallOutcome CallLogRecorder::outcomeOf(const CallInfo &call)
{
    if (call.answeredAt.isValid())
        return CallOutcome::Completed;
    switch (call.endReason) {
    case CallEndReason::DeclinedLocally:
    case CallEndReason::DeclinedRemotely: return CallOutcome::Declined;
    case CallEndReason::CancelledLocally: return CallOutcome::Cancelled;
    case CallEndReason::CancelledRemotely:
    case CallEndReason::NoAnswer: return CallOutcome::Missed;
    default: break;
    }
    // An incoming call we never answered is missed whatever ended it.
    return isMissed(call) ? CallOutcome::Missed : CallOutcome::Failed;
}

QString CallLogRecorder::timelineText(const CallInfo &call, CallOutcome outcome)
{
    const bool out = call.direction == CallDirection::Outgoing;
    switch (outcome) {
    case CallOutcome::Completed: {
        const QDateTime end = call.endedAt.isValid() ? call.endedAt : QDateTime::currentDateTimeUtc();
        const QString length = durationText(call.answeredAt.secsTo(end));
        return out ? QCoreApplication::translate("Call", "Outgoing call, %1").arg(length)
                   : QCoreApplication::translate("Call", "Incoming call, %1").arg(length);
    }
    case CallOutcome::Missed:
        return out ? QCoreApplication::translate("Call", "Call not answered")
                   : QCoreApplication::translate("Call", "Missed call");
    case CallOutcome::Declined:
        return call.endReason == CallEndReason::DeclinedLocally
                   ? QCoreApplication::translate("Call", "Call declined")
                   : QCoreApplication::translate("Call", "Call declined by the other side");
    case CallOutcome::Cancelled: return QCoreApplication::translate("Call", "Call cancelled");
    case CallOutcome::Failed:
    case CallOutcome::Ongoing: break;
    }
    return QCoreApplication::translate("Call", "Call failed: %1").arg(endReasonText(call, call.peer.handle));
}

QString CallLogRecorder::statsJson(const CallQuality &q, const CallInfo &call)
{
    // Small on purpose: what a user (or a bug report) wants to know about a call afterwards.
    auto round1 = [](double v) { return std::round(v * 10) / 10; };
    QJsonObject o;
    if (!q.codec.isEmpty()) {
        o.insert(QStringLiteral("codec"), q.codec);
        o.insert(QStringLiteral("sendKbps"), round1(q.sendKbps));
        o.insert(QStringLiteral("receiveKbps"), round1(q.receiveKbps));
        o.insert(QStringLiteral("lossPercent"), round1(q.lossPercent));
        o.insert(QStringLiteral("jitterMs"), round1(q.jitterMs));
        if (q.rttMs >= 0)
            o.insert(QStringLiteral("rttMs"), round1(q.rttMs));
        o.insert(QStringLiteral("mos"), round1(q.mos));
        o.insert(QStringLiteral("encrypted"), q.encrypted);
        if (!q.transport.isEmpty())
            o.insert(QStringLiteral("transport"), q.transport);
    }
    o.insert(QStringLiteral("endReason"), int(call.endReason));
    if (!call.endDetail.isEmpty())
        o.insert(QStringLiteral("endDetail"), call.endDetail.left(200));
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace crosstalk::calls
