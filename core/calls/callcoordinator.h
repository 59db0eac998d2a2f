// SPDX-License-Identifier: GPL-3.0-or-later
// The one-call-at-a-time policy between the UI and the CallService.
#pragma once

#include "core/network/callservice.h"

#include <QObject>

namespace crosstalk::calls {

/// At most one call is *active* (placed by us, or answered) at a time:
/// - a new outgoing call while one is active is refused, saying with whom the user talks;
/// - an incoming call during a call is offered as "end and answer" or decline
///   (incomingCall's `busy`); answerEndingCurrent() hangs up the active call first;
/// - missed calls (calltext's isMissed) are counted until the user has seen them.
class CallCoordinator : public QObject
{
    Q_OBJECT
public:
    explicit CallCoordinator(CallService &calls, QObject *parent = nullptr);

    CallService &service() const { return m_calls; }

    /// Places a call; 0 with `error` set when refused (another call is active) or when the
    /// protocol could not place it.
    CallKey startCall(const BuddyAddress &buddy, QString *error = nullptr);
    /// Answers an incoming call, ending the active one first if there is one.
    void answer(CallKey call);
    void decline(CallKey call);
    void hangUp(CallKey call);

    /// The call we are in (placed, or answered and not ended); 0 when none.
    CallKey activeCall() const { return m_active; }
    bool isBusy() const { return m_active != 0; }
    /// Incoming calls ringing now.
    QList<CallKey> ringing() const;

    int missedCalls() const { return m_missed; }
    void clearMissed();

Q_SIGNALS:
    /// A call rings here. `busy`: we are in another call (offer "end and answer").
    void incomingCall(const crosstalk::CallInfo &call, bool busy);
    /// The active call changed (0: none).
    void activeCallChanged(crosstalk::CallKey call);
    void missedCall(const crosstalk::CallInfo &call);
    void missedCallsChanged(int missed);

private:
    void onAdded(const CallInfo &call);
    void onChanged(const CallInfo &call);
    void onEnded(const CallInfo &call);
    void setActive(CallKey key);

    CallService &m_calls;
    CallKey m_active = 0;
    int m_missed = 0;
};

} // namespace crosstalk::calls
