// SPDX-License-Identifier: GPL-3.0-or-later
// PurpleCalls, libpurple's side: the signals that move calls along (media manager, media,
// buddy list, connections, the Jingle wire watch) and how an ending is explained.
#include "protocols/purplecalls.h"

#include "protocols/purpleconvert.h"
#include "protocols/purplemediabackend.h"
#include "protocols/purpleruntime.h"

#include <purple.h>

namespace crosstalk::protocols {

namespace {

gboolean initMediaCb(PurpleMediaManager *, PurpleMedia *media, PurpleAccount *account, gchar *who, gpointer self)
{
    static_cast<PurpleCalls *>(self)->onInitMedia(media, account, who);
    return TRUE; // FALSE would make libpurple drop the media
}

void uiCapsChangedCb(PurpleMediaManager *, PurpleMediaCaps, PurpleMediaCaps, gpointer self)
{
    static_cast<PurpleCalls *>(self)->onUiCapsChanged();
}

void stateChangedCb(PurpleMedia *media, PurpleMediaState state, gchar *sessionId, gchar *participant, gpointer self)
{
    static_cast<PurpleCalls *>(self)->onStateChanged(media, state, sessionId, participant);
}

void streamInfoCb(PurpleMedia *media, PurpleMediaInfoType type, gchar *sessionId, gchar *participant, gboolean local,
                  gpointer self)
{
    static_cast<PurpleCalls *>(self)->onStreamInfo(media, type, sessionId, participant, local);
}

void mediaErrorCb(PurpleMedia *media, gchar *message, gpointer self)
{
    static_cast<PurpleCalls *>(self)->onMediaError(media, message);
}

void buddyCapsCb(PurpleBuddy *buddy, int, int, gpointer self)
{
    static_cast<PurpleCalls *>(self)->onBuddyChanged(buddy);
}

void buddyOnOffCb(PurpleBuddy *buddy, gpointer self)
{
    static_cast<PurpleCalls *>(self)->onBuddyChanged(buddy);
}

void buddyStatusCb(PurpleBuddy *buddy, PurpleStatus *, PurpleStatus *, gpointer self)
{
    static_cast<PurpleCalls *>(self)->onBuddyChanged(buddy);
}

void signingOffCb(PurpleConnection *gc, gpointer self)
{
    static_cast<PurpleCalls *>(self)->onConnectionLost(gc, QStringLiteral("The account went offline."));
}

void signedOffCb(PurpleConnection *gc, gpointer self)
{
    static_cast<PurpleCalls *>(self)->onSignedOff(purple_connection_get_account(gc));
}

void connectionErrorCb(PurpleConnection *gc, PurpleConnectionError, const char *description, gpointer self)
{
    static_cast<PurpleCalls *>(self)->onConnectionLost(gc, fromUtf8(description));
}

} // namespace

void PurpleCalls::start()
{
    if (m_started)
        return;
    m_started = true;
    PurpleMediaManager *manager = purple_media_manager_get();
    g_signal_connect(manager, "init-media", G_CALLBACK(initMediaCb), this);
    g_signal_connect(manager, "ui-caps-changed", G_CALLBACK(uiCapsChangedCb), this);
    void *blist = purple_blist_get_handle();
    purple_signal_connect(blist, "buddy-caps-changed", this, PURPLE_CALLBACK(buddyCapsCb), this);
    purple_signal_connect(blist, "buddy-signed-on", this, PURPLE_CALLBACK(buddyOnOffCb), this);
    purple_signal_connect(blist, "buddy-signed-off", this, PURPLE_CALLBACK(buddyOnOffCb), this);
    purple_signal_connect(blist, "buddy-status-changed", this, PURPLE_CALLBACK(buddyStatusCb), this);
    void *connections = purple_connections_get_handle();
    purple_signal_connect(connections, "signing-off", this, PURPLE_CALLBACK(signingOffCb), this);
    purple_signal_connect(connections, "connection-error", this, PURPLE_CALLBACK(connectionErrorCb), this);
    purple_signal_connect(connections, "signed-off", this, PURPLE_CALLBACK(signedOffCb), this);
    if (!m_jingle.start())
        qCWarning(lcPurple) << "calls: the XMPP prpl is not loaded; Jingle details unavailable";
}

void PurpleCalls::shutdown()
{
    if (!m_started)
        return;
    std::vector<CallKey> keys;
    for (const auto &[key, call] : m_calls)
        keys.push_back(key);
    for (CallKey key : keys)
        hangUp(key); // hung up, cancelled or declined, whichever it was
    m_jingle.stop();
    purple_signals_disconnect_by_handle(this);
    g_signal_handlers_disconnect_by_data(purple_media_manager_get(), this);
    m_started = false;
}

// ---- libpurple's side ------------------------------------------------------------------------

void PurpleCalls::onInitMedia(PurpleMedia *media, PurpleAccount *account, const char *who)
{
    const QString peer = fromUtf8(who);
    if (purple_media_is_initiator(media, nullptr, nullptr)) {
        Call *c = m_placing && m_placing->account == account ? m_placing : findByPeer(account, peer);
        if (!c || c->media) {
            // Not started through us (a prpl command, a plugin): still a call the UI must see.
            c = &create(CallDirection::Outgoing, account, normalizedHandle(account, who));
            c->announced = true;
            Q_EMIT callAdded(c->info);
            c->ringTimer.start(m_timeouts.ringMs);
        }
        attachMedia(*c, media, peer);
        return;
    }
    Call &c = create(CallDirection::Incoming, account, normalizedHandle(account, who));
    c.info.state = CallState::Ringing;
    attachMedia(c, media, peer);
    // libpurple is still inside the session-initiate: the codecs and candidates reach the backend
    // after this signal. Ring once it has seen them (a codec mismatch ends the call first).
    const CallKey key = c.info.key;
    QTimer::singleShot(0, this, [this, key] { announceIncoming(key); });
}

void PurpleCalls::announceIncoming(CallKey key)
{
    Call *c = find(key);
    if (!c || c->announced)
        return;
    c->announced = true;
    Q_EMIT callAdded(c->info);
    if ((c = find(key)) && !c->ending) {
        // The caller's own ring timeout should win; ours only cleans up after a silent caller.
        c->ringTimer.start(m_timeouts.ringMs + 5000);
        m_jingle.sendSessionInfo(c->account, c->participant, QStringLiteral("ringing"));
    }
}

void PurpleCalls::onStateChanged(PurpleMedia *media, int state, const char *sessionId, const char *participant)
{
    Call *c = findByMedia(media);
    if (!c)
        return;
    if (state == PURPLE_MEDIA_STATE_END && !sessionId && !participant) {
        finish(c->info.key);
    } else if (state == PURPLE_MEDIA_STATE_CONNECTED && sessionId && participant) {
        // The transport works: a peer that sends nothing yet (it answered on hold) is not a
        // failed connection. "Active" still waits for its first audio.
        c->connectTimer.stop();
    }
}

void PurpleCalls::onStreamInfo(PurpleMedia *media, int type, const char *, const char *, bool local)
{
    Call *c = findByMedia(media);
    if (!c)
        return;
    switch (type) {
    case PURPLE_MEDIA_INFO_ACCEPT:
        if (!c->info.answeredAt.isValid() && !c->ending
            && (local == (c->info.direction == CallDirection::Incoming)))
            accepted(*c);
        break;
    case PURPLE_MEDIA_INFO_HANGUP:
    case PURPLE_MEDIA_INFO_REJECT:
        if (c->ending)
            break;
        c->ending = true;
        if (c->reason != CallEndReason::None)
            break;
        if (local) {
            // libpurple ended it on its own (the prpl closing its sessions).
            const bool online = c->account && purple_account_is_connected(c->account);
            c->reason = online ? CallEndReason::Error : CallEndReason::NetworkLost;
        } else {
            c->reason = remoteReason(*c, type == PURPLE_MEDIA_INFO_REJECT ? QStringLiteral("decline")
                                                                            : QStringLiteral("success"));
        }
        break;
    case PURPLE_MEDIA_INFO_HOLD:
    case PURPLE_MEDIA_INFO_UNHOLD:
        if (!local && c->info.remoteHeld != (type == PURPLE_MEDIA_INFO_HOLD)) {
            c->info.remoteHeld = type == PURPLE_MEDIA_INFO_HOLD;
            changed(*c);
        }
        break;
    default:
        break;
    }
}

void PurpleCalls::onMediaError(PurpleMedia *media, const char *message)
{
    Call *c = findByMedia(media);
    if (!c || c->ending)
        return;
    QString detail;
    const MediaFailure failure = mediaFailure(media, &detail);
    if (detail.isEmpty())
        detail = fromUtf8(message);
    CallEndReason reason = CallEndReason::Error;
    const char *jingleReason = "general-error";
    switch (failure) {
    case MediaFailure::None:
        return; // a warning (garbage candidates ignored...): the call goes on
    case MediaFailure::AudioDevice:
        changed(*c); // not fatal: the call goes on silent, quality().deviceFailed says so
        return;
    case MediaFailure::NoCommonCodec:
        reason = CallEndReason::NoCommonCodec;
        jingleReason = "failed-application";
        break;
    case MediaFailure::ConnectionFailed:
        reason = CallEndReason::ConnectionFailed;
        jingleReason = "connectivity-error";
        break;
    case MediaFailure::Other:
        break;
    }
    // The backend ends the media itself once libpurple is out of the call that failed (ending it
    // here could pull the Jingle session from under the prpl); we only say why, to the UI and, on
    // the session-terminate libpurple is about to send, to the peer.
    if (c->reason == CallEndReason::None) {
        c->reason = reason;
        c->detail = detail;
    }
    m_jingle.setTerminateReason(c->account, c->participant, QString::fromLatin1(jingleReason), detail);
    if (!c->connectTimer.isActive())
        c->connectTimer.start(m_timeouts.connectMs); // in case the backend never ends it
}

void PurpleCalls::onBuddyChanged(PurpleBuddy *buddy)
{
    if (!buddy)
        return;
    // Only when callability flips: a 50,000-buddy roster signing on changes status 50,000 times
    // but makes only the voice-capable few callable (their caps arrive later, by disco).
    const BuddyAddress address = addressOf(buddy);
    const bool audio = capability(address).audio;
    if (audio == m_callable.contains(address))
        return;
    if (audio)
        m_callable.insert(address);
    else
        m_callable.remove(address);
    Q_EMIT capabilityChanged(address);
}

void PurpleCalls::onSignedOff(PurpleAccount *account)
{
    // Nobody on an account that went offline is callable through it any more.
    const AccountId id = accountIdOf(account);
    const QList<BuddyAddress> callable(m_callable.cbegin(), m_callable.cend());
    for (const BuddyAddress &address : callable) {
        if (address.account == id && !capability(address).audio) {
            m_callable.remove(address);
            Q_EMIT capabilityChanged(address);
        }
    }
}

void PurpleCalls::onUiCapsChanged()
{
    for (GList *it = purple_connections_get_all(); it; it = it->next) {
        PurpleAccount *account = purple_connection_get_account(static_cast<PurpleConnection *>(it->data));
        GSList *buddies = purple_find_buddies(account, nullptr);
        for (GSList *b = buddies; b; b = b->next)
            onBuddyChanged(static_cast<PurpleBuddy *>(b->data));
        g_slist_free(buddies);
    }
}

void PurpleCalls::onConnectionLost(PurpleConnection *gc, const QString &why)
{
    PurpleAccount *account = purple_connection_get_account(gc);
    std::vector<CallKey> keys;
    for (const auto &[key, call] : m_calls) {
        if (call->account == account)
            keys.push_back(key);
    }
    for (CallKey key : keys) {
        Call *c = find(key);
        if (!c)
            continue;
        if (c->reason == CallEndReason::None || !c->ending) {
            c->reason = CallEndReason::NetworkLost;
            c->detail = why;
        }
        c->ending = true;
        // No Jingle on a dead stream: end the media directly; the prpl drops its sessions later.
        if (c->media)
            purple_media_end(c->media, nullptr, nullptr);
        if (find(key))
            finish(key);
    }
}

void PurpleCalls::onJingle(const JingleEvent &event)
{
    Call *c = findByPeer(event.account, event.peer);
    if (!c)
        return;
    using Kind = JingleEvent::Kind;
    switch (event.kind) {
    case Kind::InitiateAcked:
        if (c->info.state == CallState::Calling)
            setState(*c, CallState::Ringing);
        break;
    case Kind::InitiateFailed:
        // libpurple ends the media right after this stanza.
        if (c->reason == CallEndReason::None) {
            c->reason = CallEndReason::Unreachable;
            c->detail = event.text.isEmpty()
                            ? QStringLiteral("%1 did not take the call (%2).").arg(c->info.peer.handle, event.reason)
                            : event.text;
        }
        break;
    case Kind::Terminated:
        if (c->reason == CallEndReason::None) {
            c->reason = remoteReason(*c, event.reason);
            // The reason token is in `reason` already; shown to a person, "success" or
            // "decline" would only trail the sentence ("Bob hung up. success").
            c->detail = !event.text.isEmpty() ? event.text
                        : c->reason == CallEndReason::Error ? event.reason
                                                            : QString();
        }
        break;
    case Kind::Info:
        if (event.reason == QLatin1String("ringing") && c->info.state == CallState::Calling) {
            setState(*c, CallState::Ringing);
        } else if ((event.reason == QLatin1String("hold")) != c->info.remoteHeld
                   && (event.reason == QLatin1String("hold") || event.reason == QLatin1String("active")
                       || event.reason == QLatin1String("unhold"))) {
            c->info.remoteHeld = event.reason == QLatin1String("hold");
            changed(*c);
        }
        break;
    case Kind::PeerGone:
        if (!c->ending) {
            const bool answered = c->info.answeredAt.isValid();
            endLocally(*c, answered ? CallEndReason::NetworkLost : CallEndReason::Unreachable,
                       PURPLE_MEDIA_INFO_HANGUP, "gone",
                       QStringLiteral("%1 went offline.").arg(c->info.peer.handle));
        }
        break;
    }
}

CallEndReason PurpleCalls::remoteReason(const Call &call, const QString &r) const
{
    const bool answered = call.info.answeredAt.isValid();
    const bool outgoing = call.info.direction == CallDirection::Outgoing;
    if (r == QLatin1String("connectivity-error") || r == QLatin1String("failed-transport")
        || r == QLatin1String("unsupported-transports"))
        return CallEndReason::ConnectionFailed;
    if (r == QLatin1String("failed-application") || r == QLatin1String("unsupported-applications")
        || r == QLatin1String("incompatible-parameters"))
        return CallEndReason::NoCommonCodec;
    if (r == QLatin1String("gone"))
        return answered ? CallEndReason::NetworkLost : CallEndReason::Unreachable;
    if (r == QLatin1String("media-error") || r == QLatin1String("general-error")
        || r == QLatin1String("security-error"))
        return CallEndReason::Error;
    if (answered)
        return CallEndReason::HungUpRemotely;
    if (!outgoing)
        return CallEndReason::CancelledRemotely; // the caller gave up, whatever word it used
    if (r == QLatin1String("timeout") || r == QLatin1String("expired"))
        return CallEndReason::NoAnswer;
    return CallEndReason::DeclinedRemotely; // decline, busy, or a callee hanging up while ringing
}

void PurpleCalls::attachMedia(Call &call, PurpleMedia *media, const QString &participant)
{
    call.media = media;
    call.participant = participant;
    g_object_ref(media);
    g_signal_connect(media, "state-changed", G_CALLBACK(stateChangedCb), this);
    g_signal_connect(media, "stream-info", G_CALLBACK(streamInfoCb), this);
    g_signal_connect(media, "error", G_CALLBACK(mediaErrorCb), this);
}

} // namespace crosstalk::protocols
