// SPDX-License-Identifier: GPL-3.0-or-later
// Voice calls as the UI sees them: one interface whatever signalling carries them (XMPP Jingle
// through libpurple today). The media itself runs in Crosstalk's engine (core/voice).
#pragma once

#include "core/model/address.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

namespace crosstalk {

/// A call's id for the lifetime of the process (never reused, 0 = none).
using CallKey = quint64;

enum class CallDirection { Outgoing, Incoming };

enum class CallState {
    Calling,    ///< outgoing: invitation sent, waiting for the peer to ring
    Ringing,    ///< outgoing: the peer's device rings / incoming: ours rings
    Connecting, ///< answered, media transport being established (ICE)
    Active,     ///< audio flowing
    Ended       ///< final; see CallEndReason
};

enum class CallEndReason {
    None,
    HungUpLocally,
    HungUpRemotely,
    DeclinedLocally,
    DeclinedRemotely,
    CancelledLocally,  ///< we hung up before the peer answered
    CancelledRemotely, ///< the caller gave up before we answered (a missed call)
    NoAnswer,          ///< nobody answered within the ring timeout
    Unreachable,       ///< callee offline or without a voice-capable client
    NoCommonCodec,
    ConnectionFailed,  ///< ICE / transport never connected
    NetworkLost,       ///< the account or the media path went away mid-call
    AudioDeviceFailed,
    Error              ///< anything else; detail says what
};

/// What the call window's quality indicator and details panel show.
struct CallQuality
{
    QString codec;            ///< "Opus 48 kHz", "PCMU 8 kHz"
    bool encrypted = false;   ///< SRTP on the media path
    QString transport;        ///< "ICE-UDP host 192.0.2.2:40000 ↔ 192.0.2.3:41000", "raw UDP ..."
    double sendKbps = 0;
    double receiveKbps = 0;
    double lossPercent = 0;
    double jitterMs = 0;
    double rttMs = -1;        ///< -1 until RTCP measured it
    int jitterBufferMs = 0;
    double mos = 0;           ///< 1..4.5, 0 before any audio
    quint64 concealedFrames = 0;
    quint64 fecRecoveredFrames = 0;
    float inputLevel = 0;     ///< peak of the last capture block, 0..1
    float outputLevel = 0;
    bool deviceFailed = false;
};

struct CallInfo
{
    CallKey key = 0;
    BuddyAddress peer;
    CallDirection direction = CallDirection::Outgoing;
    CallState state = CallState::Calling;
    CallEndReason endReason = CallEndReason::None;
    QString endDetail;       ///< the protocol's or engine's words, for the UI
    bool muted = false;
    bool held = false;       ///< held by us
    bool remoteHeld = false; ///< the peer put us on hold
    QDateTime startedAt;     ///< invitation sent / received
    QDateTime answeredAt;    ///< invalid until answered
    QDateTime endedAt;
};

/// Whether and how a buddy can be called.
struct CallCapability
{
    bool audio = false;
    QString whyNot; ///< "bob@host is offline", "the account is not connected", "no voice-capable client"
};

/// Calls through the protocols. Main thread only. Every started or incoming call produces
/// callAdded, then callChanged for each state/mute/hold change, and exactly one callEnded.
class CallService : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual CallCapability capability(const BuddyAddress &buddy) const = 0;
    /// Starts ringing `buddy`; 0 with `error` set when the call could not even be placed.
    virtual CallKey startCall(const BuddyAddress &buddy, QString *error) = 0;
    virtual void answer(CallKey call) = 0;
    virtual void decline(CallKey call) = 0;
    /// Hangs up an active call or cancels one still ringing.
    virtual void hangUp(CallKey call) = 0;
    virtual void setMuted(CallKey call, bool muted) = 0;
    virtual void setHeld(CallKey call, bool held) = 0;

    virtual QList<CallInfo> calls() const = 0;
    virtual CallInfo call(CallKey key) const = 0;
    /// A snapshot of the engine's live statistics (cheap; poll a few times a second).
    virtual CallQuality quality(CallKey call) const = 0;

Q_SIGNALS:
    void callAdded(const crosstalk::CallInfo &call);
    void callChanged(const crosstalk::CallInfo &call);
    void callEnded(const crosstalk::CallInfo &call);
    /// A buddy's call capability may have changed (caps arrived, presence changed).
    void capabilityChanged(const crosstalk::BuddyAddress &buddy);
};

} // namespace crosstalk

Q_DECLARE_METATYPE(crosstalk::CallInfo)
