// SPDX-License-Identifier: GPL-3.0-or-later
// Private to protocols/: what libpurple's Jingle does not tell its UI, read off the XMPP stream.
#pragma once

#include "protocols/purplestanzahooks.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

typedef struct _PurpleAccount PurpleAccount;
typedef struct _PurpleConnection PurpleConnection;

namespace crosstalk::protocols {

/// One fact about a Jingle session, seen on the wire.
struct JingleEvent
{
    enum class Kind {
        InitiateAcked,  ///< the callee's client took our session-initiate: it rings
        InitiateFailed, ///< the session-initiate came back as an error (reason = the stanza error)
        Terminated,     ///< the peer sent session-terminate (reason = the Jingle reason element)
        Info,           ///< the peer sent session-info (reason = ringing, hold, active, mute, unmute)
        PeerGone,       ///< the peer's resource went unavailable
    };
    Kind kind = Kind::Info;
    PurpleAccount *account = nullptr;
    QString peer;   ///< the peer's full JID as on the stanza
    QString reason; ///< see Kind
    QString text;   ///< the reason's <text/>, if any
};

/// libpurple's XMPP prpl drives Jingle RTP itself but reports only "ended" to the UI: not why
/// (decline, busy, timeout, failed-application...), not when the callee's client started ringing,
/// not the peer's hold. This watch reads the "jabber-receiving-xmlnode" / "jabber-sending-xmlnode"
/// signals to recover those facts, can put the real reason on the session-terminate libpurple
/// sends (it only knows "success" and "decline"), and sends XEP-0167 session-info (ringing, hold,
/// mute) through the connection. Main thread only, like all of libpurple.
class PurpleJingleWatch
{
public:
    PurpleJingleWatch();
    ~PurpleJingleWatch();
    PurpleJingleWatch(const PurpleJingleWatch &) = delete;
    PurpleJingleWatch &operator=(const PurpleJingleWatch &) = delete;

    std::function<void(const JingleEvent &)> onEvent;

    /// Connects to the XMPP prpl's signals (after purple_core_init); false when it is not loaded.
    bool start();
    void stop();

    /// The next session-terminate we send to `peer` carries `reason` (a XEP-0166 condition such as
    /// "timeout", "cancel", "failed-application") and `text` instead of libpurple's own.
    void setTerminateReason(PurpleAccount *account, const QString &peer, const QString &reason,
                            const QString &text = {});
    /// Sends a XEP-0167 session-info (`what`: ringing, hold, active, mute, unmute) in the
    /// session with `peer`; false when no such session is known.
    bool sendSessionInfo(PurpleAccount *account, const QString &peer, const QString &what);
    /// The Jingle session id with `peer`, empty if none was seen.
    QString sessionId(PurpleAccount *account, const QString &peer) const;
    /// The online resources of `bareJid` ("desk", "phone"), highest presence priority first
    /// (the newest first among equals), as seen in its presence stanzas.
    QStringList resources(PurpleAccount *account, const QString &bareJid) const;
    /// Forgets the session with `peer` (after the call ended).
    void forget(PurpleAccount *account, const QString &peer);

private:
    void onReceiving(PurpleConnection *gc, void *node);
    void onSending(PurpleConnection *gc, void *node);

    struct Session
    {
        QString sid;
        QString initiator;   ///< full JID of the initiator
        QString initiateIq;  ///< id of our session-initiate IQ (outgoing calls)
        bool weInitiated = false;
        QString terminateReason;
        QString terminateText;
    };
    static QString key(PurpleAccount *account, const QString &peer);

    PurpleStanzaHooks m_hooks;
    struct Resource
    {
        QString name;
        int priority = 0;
    };
    QHash<QString, Session> m_sessions; // key(account, peer)
    QHash<QString, QList<Resource>> m_resources; // key(account, bare JID), newest first
    quint64 m_nextId = 1;
};

} // namespace crosstalk::protocols
