// SPDX-License-Identifier: GPL-3.0-or-later
// An in-process CallService for UI, routing and call-log tests: the test decides what the
// network does (capabilities, ringing, answer, hang-up) and sees what the app asked for.
// The real path (libpurple Jingle + the engine) is tested against Prosody in tests/protocols.
#pragma once

#include "core/network/callservice.h"

#include <QHash>
#include <QList>

#include <functional>

namespace crosstalk::test {

class FakeCalls : public CallService
{
    Q_OBJECT
public:
    using CallService::CallService;

    // What the network says.
    void setCapability(const BuddyAddress &buddy, bool audio, const QString &whyNot = {});
    /// The next startCall fails with this reason (once).
    void failNextStart(const QString &reason) { m_failNext = reason; }
    /// A call comes in from `peer`; returns its key.
    CallKey ring(const BuddyAddress &peer);
    void remoteRinging(CallKey call);   ///< outgoing: the peer's device rings
    void remoteAnswered(CallKey call);  ///< outgoing: Connecting, then Active
    void connectMedia(CallKey call);    ///< incoming after answer: Active
    void remoteHold(CallKey call, bool held);
    void end(CallKey call, CallEndReason reason, const QString &detail = {});
    void setQuality(CallKey call, const CallQuality &quality) { m_quality[call] = quality; }

    // What the app asked for.
    QList<BuddyAddress> started;
    QList<CallKey> answered;
    QList<CallKey> declined;
    QList<CallKey> hungUp;

    CallCapability capability(const BuddyAddress &buddy) const override;
    CallKey startCall(const BuddyAddress &buddy, QString *error) override;
    void answer(CallKey call) override;
    void decline(CallKey call) override;
    void hangUp(CallKey call) override;
    void setMuted(CallKey call, bool muted) override;
    void setHeld(CallKey call, bool held) override;
    QList<CallInfo> calls() const override;
    CallInfo call(CallKey key) const override { return m_calls.value(key); }
    CallQuality quality(CallKey call) const override { return m_quality.value(call); }

private:
    CallKey add(const BuddyAddress &peer, CallDirection direction, CallState state);
    void change(CallKey call, const std::function<void(CallInfo &)> &edit);

    QHash<BuddyAddress, CallCapability> m_caps;
    QHash<CallKey, CallInfo> m_calls;
    QHash<CallKey, CallQuality> m_quality;
    QString m_failNext;
    CallKey m_next = 1;
};

} // namespace crosstalk::test
