// SPDX-License-Identifier: GPL-3.0-or-later
// Private to protocols/: CallService over libpurple's media API (XMPP Jingle RTP today).
#pragma once

#include "core/network/callservice.h"
#include "protocols/purplejinglewatch.h"

#include <QDateTime>
#include <QSet>
#include <QTimer>

#include <deque>
#include <map>
#include <memory>

typedef struct _PurpleAccount PurpleAccount;
typedef struct _PurpleBuddy PurpleBuddy;
typedef struct _PurpleConnection PurpleConnection;
typedef struct _PurpleMedia PurpleMedia;

namespace crosstalk::protocols {

struct CallTimeouts
{
    int ringMs = 45000;    ///< an unanswered call ends as NoAnswer after this
    int connectMs = 30000; ///< answered but no working transport after this: ConnectionFailed
};

/// Calls through libpurple. The prpl signals (Jingle over XMPP), the media backend (Crosstalk's
/// engine, see purplemediabackend.h) carries audio; this class turns libpurple's media signals,
/// plus what PurpleJingleWatch reads off the wire, into CallService's states and reasons.
///
/// Why the wire watch: libpurple tells its UI only that a media ended, so a decline, a busy
/// callee, a timeout and a hang-up would all look alike; and it never says when the callee's
/// client started ringing. Main thread only (libpurple's thread).
class PurpleCalls final : public CallService
{
    Q_OBJECT
public:
    explicit PurpleCalls(QObject *parent = nullptr);
    ~PurpleCalls() override;

    void setTimeouts(CallTimeouts timeouts) { m_timeouts = timeouts; }
    CallTimeouts timeouts() const { return m_timeouts; }
    /// Connects to libpurple's signals; after purple_core_init, before accounts sign on.
    void start();
    /// Ends every call (libpurple is about to quit) and disconnects from libpurple.
    void shutdown();

    CallCapability capability(const BuddyAddress &buddy) const override;
    CallKey startCall(const BuddyAddress &buddy, QString *error) override;
    void answer(CallKey call) override;
    void decline(CallKey call) override;
    void hangUp(CallKey call) override;
    void setMuted(CallKey call, bool muted) override;
    void setHeld(CallKey call, bool held) override;
    QList<CallInfo> calls() const override;
    CallInfo call(CallKey key) const override;
    CallQuality quality(CallKey call) const override;

    // libpurple callbacks (file-static trampolines forward here).
    void onInitMedia(PurpleMedia *media, PurpleAccount *account, const char *who);
    void onStateChanged(PurpleMedia *media, int state, const char *sessionId, const char *participant);
    void onStreamInfo(PurpleMedia *media, int type, const char *sessionId, const char *participant, bool local);
    void onMediaError(PurpleMedia *media, const char *message);
    void onBuddyChanged(PurpleBuddy *buddy);
    void onUiCapsChanged();
    void onSignedOff(PurpleAccount *account);
    void onConnectionLost(PurpleConnection *gc, const QString &why);

private:
    struct Call
    {
        CallInfo info;
        PurpleAccount *account = nullptr;
        PurpleMedia *media = nullptr; ///< a reference we hold until the call ends
        QString participant;          ///< the peer as libpurple names it (full JID)
        bool announced = false;       ///< callAdded emitted
        bool ending = false;          ///< we asked libpurple to end it
        CallEndReason reason = CallEndReason::None; ///< decided before the media ends
        QString detail;
        QTimer ringTimer;
        QTimer connectTimer;
        QTimer flowPoll;
    };

    Call *find(CallKey key) const;
    Call *findByMedia(PurpleMedia *media) const;
    Call *findByPeer(PurpleAccount *account, const QString &jid) const;
    Call &create(CallDirection direction, PurpleAccount *account, const QString &handle);
    void attachMedia(Call &call, PurpleMedia *media, const QString &participant);
    void announceIncoming(CallKey key);
    void setState(Call &call, CallState state);
    void changed(Call &call);
    void accepted(Call &call);
    /// Ends the call from our side: `type` is the PurpleMediaInfoType libpurple sends (hang-up or
    /// reject), `jingleReason` what the peer is told.
    void endLocally(Call &call, CallEndReason reason, int type, const char *jingleReason, const QString &detail = {});
    /// The media is gone (or never came): emits callEnded once and forgets the call.
    void finish(CallKey key);
    void onJingle(const JingleEvent &event);
    CallEndReason remoteReason(const Call &call, const QString &jingleReason) const;
    static bool sameBareJid(PurpleAccount *account, const QString &a, const QString &b);

    CallTimeouts m_timeouts;
    PurpleJingleWatch m_jingle;
    std::map<CallKey, std::unique_ptr<Call>> m_calls;
    std::deque<CallInfo> m_ended; ///< the last few ended calls, for call(key) after the end
    QSet<BuddyAddress> m_callable; ///< buddies last reported callable (capabilityChanged on a flip)
    CallKey m_nextKey = 1;
    Call *m_placing = nullptr; ///< the outgoing call purple_prpl_initiate_media is creating
    QString m_placeError;      ///< why it ended before startCall returned
    bool m_started = false;
};

} // namespace crosstalk::protocols
