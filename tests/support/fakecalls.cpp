// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/fakecalls.h"

namespace crosstalk::test {

void FakeCalls::setCapability(const BuddyAddress &buddy, bool audio, const QString &whyNot)
{
    m_caps[buddy] = CallCapability{audio, whyNot};
    Q_EMIT capabilityChanged(buddy);
}

CallCapability FakeCalls::capability(const BuddyAddress &buddy) const
{
    return m_caps.value(buddy, CallCapability{false, QStringLiteral("%1 has no voice-capable client").arg(buddy.handle)});
}

CallKey FakeCalls::add(const BuddyAddress &peer, CallDirection direction, CallState state)
{
    CallInfo c;
    c.key = m_next++;
    c.peer = peer;
    c.direction = direction;
    c.state = state;
    c.startedAt = QDateTime::currentDateTimeUtc();
    m_calls.insert(c.key, c);
    Q_EMIT callAdded(c);
    return c.key;
}

void FakeCalls::change(CallKey key, const std::function<void(CallInfo &)> &edit)
{
    auto it = m_calls.find(key);
    if (it == m_calls.end() || it->state == CallState::Ended)
        return;
    edit(*it);
    const CallInfo c = *it;
    Q_EMIT callChanged(c);
}

CallKey FakeCalls::startCall(const BuddyAddress &buddy, QString *error)
{
    if (!m_failNext.isEmpty()) {
        if (error)
            *error = m_failNext;
        m_failNext.clear();
        return 0;
    }
    started << buddy;
    return add(buddy, CallDirection::Outgoing, CallState::Calling);
}

CallKey FakeCalls::ring(const BuddyAddress &peer)
{
    return add(peer, CallDirection::Incoming, CallState::Ringing);
}

void FakeCalls::remoteRinging(CallKey call)
{
    change(call, [](CallInfo &c) { c.state = CallState::Ringing; });
}

void FakeCalls::remoteAnswered(CallKey call)
{
    change(call, [](CallInfo &c) {
        c.state = CallState::Connecting;
        c.answeredAt = QDateTime::currentDateTimeUtc();
    });
    connectMedia(call);
}

void FakeCalls::connectMedia(CallKey call)
{
    change(call, [](CallInfo &c) { c.state = CallState::Active; });
}

void FakeCalls::remoteHold(CallKey call, bool held)
{
    change(call, [held](CallInfo &c) { c.remoteHeld = held; });
}

void FakeCalls::answer(CallKey call)
{
    answered << call;
    change(call, [](CallInfo &c) {
        c.state = CallState::Connecting;
        c.answeredAt = QDateTime::currentDateTimeUtc();
    });
}

void FakeCalls::decline(CallKey call)
{
    declined << call;
    end(call, CallEndReason::DeclinedLocally);
}

void FakeCalls::hangUp(CallKey call)
{
    hungUp << call;
    const CallInfo c = m_calls.value(call);
    end(call, c.answeredAt.isValid() ? CallEndReason::HungUpLocally : CallEndReason::CancelledLocally);
}

void FakeCalls::setMuted(CallKey call, bool muted)
{
    change(call, [muted](CallInfo &c) { c.muted = muted; });
}

void FakeCalls::setHeld(CallKey call, bool held)
{
    change(call, [held](CallInfo &c) { c.held = held; });
}

void FakeCalls::end(CallKey call, CallEndReason reason, const QString &detail)
{
    auto it = m_calls.find(call);
    if (it == m_calls.end() || it->state == CallState::Ended)
        return;
    it->state = CallState::Ended;
    it->endReason = reason;
    it->endDetail = detail;
    it->endedAt = QDateTime::currentDateTimeUtc();
    const CallInfo c = *it;
    Q_EMIT callEnded(c); // the last statistics are still readable while it is delivered
    m_quality.remove(call);
}

QList<CallInfo> FakeCalls::calls() const
{
    QList<CallInfo> out;
    for (const CallInfo &c : m_calls) {
        if (c.state != CallState::Ended)
            out << c;
    }
    return out;
}

} // namespace crosstalk::test
