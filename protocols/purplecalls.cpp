// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/purplecalls.h"

#include "protocols/purpleconvert.h"
#include "protocols/purplemediabackend.h"

#include <purple.h>

namespace crosstalk::protocols {

namespace {

constexpr std::size_t kEndedKept = 64;

} // namespace

bool PurpleCalls::sameBareJid(PurpleAccount *account, const QString &a, const QString &b)
{
    return normalizedHandle(account, a.toUtf8().constData()) == normalizedHandle(account, b.toUtf8().constData());
}

PurpleCalls::PurpleCalls(QObject *parent)
    : CallService(parent)
{
    qRegisterMetaType<crosstalk::CallInfo>();
    qRegisterMetaType<crosstalk::BuddyAddress>();
    m_jingle.onEvent = [this](const JingleEvent &event) { onJingle(event); };
}

PurpleCalls::~PurpleCalls()
{
    shutdown();
}

CallCapability PurpleCalls::capability(const BuddyAddress &buddy) const
{
    CallCapability cap;
    PurpleAccount *account = findAccount(buddy.account);
    if (!account) {
        cap.whyNot = QStringLiteral("The account no longer exists.");
        return cap;
    }
    if (!purple_account_is_connected(account)) {
        cap.whyNot = QStringLiteral("The account %1 is not connected.")
                         .arg(fromUtf8(purple_account_get_username(account)).section(QLatin1Char('/'), 0, 0));
        return cap;
    }
    PurpleConnection *gc = purple_account_get_connection(account);
    PurplePlugin *prpl = purple_connection_get_prpl(gc);
    PurplePluginProtocolInfo *info = prpl ? PURPLE_PLUGIN_PROTOCOL_INFO(prpl) : nullptr;
    if (!info || !PURPLE_PROTOCOL_PLUGIN_HAS_FUNC(info, initiate_media)) {
        cap.whyNot = QStringLiteral("%1 has no voice calls.").arg(fromUtf8(purple_account_get_protocol_name(account)));
        return cap;
    }
    const QByteArray handle = buddy.handle.toUtf8();
    if (sameBareJid(account, buddy.handle, fromUtf8(purple_account_get_username(account)))) {
        cap.whyNot = QStringLiteral("You cannot call yourself.");
        return cap;
    }
    PurpleBuddy *b = purple_find_buddy(account, handle.constData());
    if (b && !PURPLE_BUDDY_IS_ONLINE(b)) {
        cap.whyNot = QStringLiteral("%1 is offline.").arg(buddy.handle);
        return cap;
    }
    const PurpleMediaCaps caps = purple_prpl_get_media_caps(account, handle.constData());
    if (!(caps & PURPLE_MEDIA_CAPS_AUDIO)) {
        cap.whyNot = b ? QStringLiteral("%1's client does not take voice calls.").arg(buddy.handle)
                       : QStringLiteral("%1 is not in your contact list, or offline.").arg(buddy.handle);
        return cap;
    }
    cap.audio = true;
    return cap;
}

CallKey PurpleCalls::startCall(const BuddyAddress &buddy, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return CallKey(0);
    };
    const CallCapability cap = capability(buddy);
    if (!cap.audio)
        return fail(cap.whyNot);
    PurpleAccount *account = findAccount(buddy.account);
    if (findByPeer(account, buddy.handle))
        return fail(QStringLiteral("You are already in a call with %1.").arg(buddy.handle));

    Call &call = create(CallDirection::Outgoing, account, buddy.handle);
    const CallKey key = call.info.key;
    m_placing = &call;
    // With several resources online, libpurple would ask the user which one to call (a request
    // dialog); we pick the highest-priority resource whose client takes audio.
    QString target = buddy.handle;
    const QStringList resources = m_jingle.resources(account, buddy.handle);
    if (resources.size() > 1) {
        for (const QString &resource : resources) {
            const QByteArray full = (buddy.handle + QLatin1Char('/') + resource).toUtf8();
            if (purple_prpl_get_media_caps(account, full.constData()) & PURPLE_MEDIA_CAPS_AUDIO) {
                target = QString::fromUtf8(full);
                break;
            }
        }
    }
    const QByteArray who = target.toUtf8();
    const bool placed = purple_prpl_initiate_media(account, who.constData(), PURPLE_MEDIA_AUDIO);
    m_placing = nullptr;
    Call *c = find(key);
    if (!placed || !c || c->ending) {
        QString detail = c ? c->detail : m_placeError;
        m_placeError.clear();
        if (c) {
            // Never announced: forget it quietly, the caller gets the error instead.
            if (c->media) {
                g_signal_handlers_disconnect_by_data(c->media, this);
                purple_media_end(c->media, nullptr, nullptr);
                g_object_unref(c->media);
                c->media = nullptr;
            }
            m_calls.erase(key);
        }
        return fail(detail.isEmpty() ? QStringLiteral("The call to %1 could not be placed.").arg(buddy.handle) : detail);
    }
    c->announced = true;
    Q_EMIT callAdded(c->info);
    if (Call *again = find(key))
        again->ringTimer.start(m_timeouts.ringMs);
    return key;
}

void PurpleCalls::answer(CallKey key)
{
    Call *c = find(key);
    if (!c || c->ending || c->info.direction != CallDirection::Incoming || c->info.answeredAt.isValid() || !c->media)
        return;
    purple_media_stream_info(c->media, PURPLE_MEDIA_INFO_ACCEPT, nullptr, nullptr, TRUE);
    if ((c = find(key)))
        accepted(*c);
}

void PurpleCalls::decline(CallKey key)
{
    Call *c = find(key);
    if (!c)
        return;
    if (c->info.direction == CallDirection::Incoming && !c->info.answeredAt.isValid())
        endLocally(*c, CallEndReason::DeclinedLocally, PURPLE_MEDIA_INFO_REJECT, "decline");
    else
        hangUp(key);
}

void PurpleCalls::hangUp(CallKey key)
{
    Call *c = find(key);
    if (!c)
        return;
    if (c->info.answeredAt.isValid())
        endLocally(*c, CallEndReason::HungUpLocally, PURPLE_MEDIA_INFO_HANGUP, "success");
    else if (c->info.direction == CallDirection::Outgoing)
        endLocally(*c, CallEndReason::CancelledLocally, PURPLE_MEDIA_INFO_HANGUP, "cancel");
    else
        endLocally(*c, CallEndReason::DeclinedLocally, PURPLE_MEDIA_INFO_REJECT, "decline");
}

void PurpleCalls::setMuted(CallKey key, bool muted)
{
    Call *c = find(key);
    if (!c || c->ending || c->info.muted == muted)
        return;
    c->info.muted = muted;
    if (c->media)
        purple_media_stream_info(c->media, muted ? PURPLE_MEDIA_INFO_MUTE : PURPLE_MEDIA_INFO_UNMUTE, nullptr, nullptr, TRUE);
    m_jingle.sendSessionInfo(c->account, c->participant, muted ? QStringLiteral("mute") : QStringLiteral("unmute"));
    if ((c = find(key)))
        changed(*c);
}

void PurpleCalls::setHeld(CallKey key, bool held)
{
    Call *c = find(key);
    if (!c || c->ending || c->info.held == held)
        return;
    c->info.held = held;
    if (c->media)
        purple_media_stream_info(c->media, held ? PURPLE_MEDIA_INFO_HOLD : PURPLE_MEDIA_INFO_UNHOLD, nullptr, nullptr, TRUE);
    // XEP-0167: <hold/> and <active/> tell the peer's UI; libpurple's Jingle sends neither.
    m_jingle.sendSessionInfo(c->account, c->participant, held ? QStringLiteral("hold") : QStringLiteral("active"));
    if ((c = find(key)))
        changed(*c);
}

QList<CallInfo> PurpleCalls::calls() const
{
    QList<CallInfo> result;
    for (const auto &[key, call] : m_calls) {
        if (call->announced)
            result << call->info;
    }
    return result;
}

CallInfo PurpleCalls::call(CallKey key) const
{
    if (Call *c = find(key))
        return c->info;
    for (const CallInfo &info : m_ended) {
        if (info.key == key)
            return info;
    }
    return {};
}

CallQuality PurpleCalls::quality(CallKey key) const
{
    CallQuality q;
    if (Call *c = find(key); c && c->media)
        mediaCallQuality(c->media, q);
    return q;
}

// ---- bookkeeping -------------------------------------------------------------------------------

PurpleCalls::Call *PurpleCalls::find(CallKey key) const
{
    auto it = m_calls.find(key);
    return it == m_calls.end() ? nullptr : it->second.get();
}

PurpleCalls::Call *PurpleCalls::findByMedia(PurpleMedia *media) const
{
    for (const auto &[key, call] : m_calls) {
        if (call->media == media)
            return call.get();
    }
    return nullptr;
}

PurpleCalls::Call *PurpleCalls::findByPeer(PurpleAccount *account, const QString &jid) const
{
    for (const auto &[key, call] : m_calls) {
        if (call->account == account && sameBareJid(account, call->info.peer.handle, jid))
            return call.get();
    }
    return nullptr;
}

PurpleCalls::Call &PurpleCalls::create(CallDirection direction, PurpleAccount *account, const QString &handle)
{
    auto owned = std::make_unique<Call>();
    Call &c = *owned;
    c.info.key = m_nextKey++;
    c.info.peer = {accountIdOf(account), handle};
    c.info.direction = direction;
    c.info.state = CallState::Calling;
    c.info.startedAt = QDateTime::currentDateTimeUtc();
    c.account = account;
    c.participant = handle;
    const CallKey key = c.info.key;
    c.ringTimer.setSingleShot(true);
    c.connectTimer.setSingleShot(true);
    QObject::connect(&c.ringTimer, &QTimer::timeout, this, [this, key] {
        if (Call *call = find(key); call && !call->info.answeredAt.isValid()) {
            const bool outgoing = call->info.direction == CallDirection::Outgoing;
            endLocally(*call, CallEndReason::NoAnswer, outgoing ? PURPLE_MEDIA_INFO_HANGUP : PURPLE_MEDIA_INFO_REJECT,
                       "timeout");
        }
    });
    QObject::connect(&c.connectTimer, &QTimer::timeout, this, [this, key] {
        Call *call = find(key);
        if (call && !call->ending && call->reason != CallEndReason::None) {
            // A failure the backend reported but did not end: end it ourselves.
            const bool ringingIn = call->info.direction == CallDirection::Incoming && !call->info.answeredAt.isValid();
            endLocally(*call, call->reason, ringingIn ? PURPLE_MEDIA_INFO_REJECT : PURPLE_MEDIA_INFO_HANGUP,
                       "general-error", call->detail);
        } else if (call && call->info.state == CallState::Connecting)
            endLocally(*call, CallEndReason::ConnectionFailed, PURPLE_MEDIA_INFO_HANGUP, "connectivity-error",
                       QStringLiteral("No audio arrived within %1 s.").arg(m_timeouts.connectMs / 1000));
    });
    // Cheap (an atomic read in the backend); fine-grained so "Active" is not late by a poll.
    c.flowPoll.setInterval(5);
    QObject::connect(&c.flowPoll, &QTimer::timeout, this, [this, key] {
        Call *call = find(key);
        if (!call || !call->media || call->ending) {
            if (call)
                call->flowPoll.stop();
            return;
        }
        if (mediaAudioFlowing(call->media)) {
            call->flowPoll.stop();
            call->connectTimer.stop();
            setState(*call, CallState::Active);
        }
    });
    m_calls.emplace(c.info.key, std::move(owned));
    return c;
}

void PurpleCalls::setState(Call &call, CallState state)
{
    if (call.info.state == state)
        return;
    call.info.state = state;
    changed(call);
}

void PurpleCalls::changed(Call &call)
{
    if (call.announced)
        Q_EMIT callChanged(call.info);
}

void PurpleCalls::accepted(Call &call)
{
    call.info.answeredAt = QDateTime::currentDateTimeUtc();
    call.ringTimer.stop();
    call.connectTimer.start(m_timeouts.connectMs);
    call.flowPoll.start();
    setState(call, CallState::Connecting);
}

void PurpleCalls::endLocally(Call &call, CallEndReason reason, int type, const char *jingleReason, const QString &detail)
{
    if (call.ending)
        return;
    call.ending = true;
    call.reason = reason;
    call.detail = detail;
    const CallKey key = call.info.key;
    if (call.media) {
        if (call.account && purple_account_is_connected(call.account)) {
            m_jingle.setTerminateReason(call.account, call.participant, QString::fromLatin1(jingleReason), detail);
            // libpurple sends session-terminate, then ends the media (state-changed END -> finish).
            purple_media_stream_info(call.media, PurpleMediaInfoType(type), nullptr, nullptr, TRUE);
        } else {
            purple_media_end(call.media, nullptr, nullptr);
        }
    }
    if (find(key))
        finish(key);
}

void PurpleCalls::finish(CallKey key)
{
    auto it = m_calls.find(key);
    if (it == m_calls.end())
        return;
    std::unique_ptr<Call> call = std::move(it->second);
    m_calls.erase(it);
    call->ringTimer.stop();
    call->connectTimer.stop();
    call->flowPoll.stop();
    if (call->media) {
        g_signal_handlers_disconnect_by_data(call->media, this);
        g_object_unref(call->media);
        call->media = nullptr;
    }
    m_jingle.forget(call->account, call->participant);

    CallInfo &info = call->info;
    if (call->reason == CallEndReason::None) {
        // The media ended and nobody said why: the peer's client ended it without a reason.
        call->reason = remoteReason(*call, QString());
    }
    info.state = CallState::Ended;
    info.endReason = call->reason;
    info.endDetail = call->detail;
    info.endedAt = QDateTime::currentDateTimeUtc();
    if (!call->announced && call.get() == m_placing) {
        // Ended inside purple_prpl_initiate_media: startCall reports it as an error instead.
        m_placing = nullptr;
        m_placeError = info.endDetail;
        return;
    }
    m_ended.push_back(info);
    if (m_ended.size() > kEndedKept)
        m_ended.pop_front();
    if (!call->announced) {
        CallInfo added = info;
        added.state = info.direction == CallDirection::Incoming ? CallState::Ringing : CallState::Calling;
        added.endReason = CallEndReason::None;
        Q_EMIT callAdded(added);
    }
    Q_EMIT callEnded(info);
}

} // namespace crosstalk::protocols
