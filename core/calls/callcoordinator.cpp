// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/calls/callcoordinator.h"

#include "core/calls/calltext.h"

#include <QCoreApplication>

namespace crosstalk::calls {

CallCoordinator::CallCoordinator(CallService &calls, QObject *parent)
    : QObject(parent)
    , m_calls(calls)
{
    connect(&calls, &CallService::callAdded, this, &CallCoordinator::onAdded);
    connect(&calls, &CallService::callChanged, this, &CallCoordinator::onChanged);
    connect(&calls, &CallService::callEnded, this, &CallCoordinator::onEnded);
}

CallKey CallCoordinator::startCall(const BuddyAddress &buddy, QString *error)
{
    if (m_active != 0) {
        if (error) {
            const CallInfo current = m_calls.call(m_active);
            *error = current.peer == buddy
                         ? QCoreApplication::translate("Call", "You are already in a call with %1.").arg(buddy.handle)
                         : QCoreApplication::translate("Call", "Hang up the call with %1 first.").arg(current.peer.handle);
        }
        return 0;
    }
    QString why;
    const CallKey key = m_calls.startCall(buddy, &why);
    if (key == 0) {
        if (error)
            *error = why.isEmpty() ? QCoreApplication::translate("Call", "The call could not be placed.") : why;
        return 0;
    }
    // callAdded may already have made it active (a synchronous service); either way it is.
    setActive(key);
    return key;
}

void CallCoordinator::answer(CallKey call)
{
    if (m_active != 0 && m_active != call)
        m_calls.hangUp(m_active); // "end and answer"
    setActive(call);
    m_calls.answer(call);
}

void CallCoordinator::decline(CallKey call)
{
    m_calls.decline(call);
}

void CallCoordinator::hangUp(CallKey call)
{
    m_calls.hangUp(call);
}

QList<CallKey> CallCoordinator::ringing() const
{
    QList<CallKey> keys;
    for (const CallInfo &c : m_calls.calls()) {
        if (c.direction == CallDirection::Incoming && c.state == CallState::Ringing && c.key != m_active)
            keys << c.key;
    }
    return keys;
}

void CallCoordinator::clearMissed()
{
    if (m_missed == 0)
        return;
    m_missed = 0;
    Q_EMIT missedCallsChanged(0);
}

void CallCoordinator::onAdded(const CallInfo &call)
{
    if (call.direction == CallDirection::Outgoing) {
        if (m_active == 0)
            setActive(call.key);
        return;
    }
    if (call.state != CallState::Ended)
        Q_EMIT incomingCall(call, m_active != 0);
}

void CallCoordinator::onChanged(const CallInfo &call)
{
    // Answered elsewhere than through answer() (a tray action wired straight to the
    // service): it is the active call now.
    if (call.direction == CallDirection::Incoming && call.answeredAt.isValid() && m_active == 0
        && call.state != CallState::Ended)
        setActive(call.key);
}

void CallCoordinator::onEnded(const CallInfo &call)
{
    if (call.key == m_active)
        setActive(0);
    if (isMissed(call)) {
        ++m_missed;
        Q_EMIT missedCall(call);
        Q_EMIT missedCallsChanged(m_missed);
    }
}

void CallCoordinator::setActive(CallKey key)
{
    if (m_active == key)
        return;
    m_active = key;
    Q_EMIT activeCallChanged(key);
}

} // namespace crosstalk::calls
