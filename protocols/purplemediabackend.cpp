// SPDX-License-Identifier: GPL-3.0-or-later
// The GObject that libpurple's media manager instantiates for every PurpleMedia: it implements
// PurpleMediaBackendIface by dispatching to one BackendStream per (session, participant) and
// turns their events into the interface's signals. Main thread only.
#include "protocols/purplemediabackend.h"

#include "protocols/mediabackendstream.h"
#include "protocols/mediaconvert.h"

#include <purple.h>
#include <media/backend-iface.h>

#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace crosstalk::protocols;

namespace {

MediaBackendConfig &globalConfig()
{
    static MediaBackendConfig config;
    return config;
}

struct BackendImpl;
std::map<PurpleMedia *, BackendImpl *> &registry()
{
    static std::map<PurpleMedia *, BackendImpl *> map;
    return map;
}

std::string str(const gchar *s)
{
    return s ? std::string(s) : std::string();
}

} // namespace

extern "C" {
struct CrosstalkMediaBackend
{
    GObject parent;
    BackendImpl *impl;
};
struct CrosstalkMediaBackendClass
{
    GObjectClass parentClass;
};
}

namespace {

enum { PROP_0, PROP_CONFERENCE_TYPE, PROP_MEDIA };

struct StreamEntry
{
    std::string session;
    std::string participant;
    std::unique_ptr<BackendStream> stream;
};

struct BackendImpl
{
    CrosstalkMediaBackend *self = nullptr;
    PurpleMedia *media = nullptr; // weak: the media owns us
    std::string conferenceType;
    MediaBackendConfig config = globalConfig();
    std::string cname = "crosstalk";
    std::vector<StreamEntry> streams;
    bool ended = false;
    bool endScheduled = false;
    MediaFailure failure = MediaFailure::None;
    std::string failureDetail;

    BackendStream *find(const gchar *session, const gchar *participant)
    {
        for (StreamEntry &e : streams) {
            if (e.session == str(session) && (!participant || e.participant == participant))
                return e.stream.get();
        }
        return nullptr;
    }
    // NULL session or participant matches all, as in libpurple's stream-info.
    std::vector<BackendStream *> matching(const gchar *session, const gchar *participant)
    {
        std::vector<BackendStream *> out;
        for (StreamEntry &e : streams) {
            if ((!session || e.session == session) && (!participant || e.participant == participant))
                out.push_back(e.stream.get());
        }
        return out;
    }
    // Stops the matching streams now and frees them from an idle callback: this may run inside
    // one of the stream's own hooks.
    void retire(const gchar *session, const gchar *participant)
    {
        for (auto it = streams.begin(); it != streams.end();) {
            if ((!session || it->session == session) && (!participant || it->participant == participant)) {
                it->stream->stop();
                auto *doomed = it->stream.release();
                g_idle_add_full(
                    G_PRIORITY_DEFAULT,
                    [](gpointer) -> gboolean { return G_SOURCE_REMOVE; }, doomed,
                    [](gpointer data) { delete static_cast<BackendStream *>(data); });
                it = streams.erase(it);
            } else {
                ++it;
            }
        }
    }
    void onFailed(MediaFailure kind, const std::string &detail);
    void onWarning(const std::string &detail);
};

void BackendImpl::onFailed(MediaFailure kind, const std::string &detail)
{
    if (failure == MediaFailure::None) {
        failure = kind;
        failureDetail = detail;
    }
    g_signal_emit_by_name(self, "error", detail.c_str());
    if (media)
        purple_media_error(media, "%s", detail.c_str());
    if (endScheduled || ended || !media)
        return;
    // End the call through the prpl (so the peer is told), once the current libpurple call
    // (set_remote_codecs, a timer...) has returned.
    endScheduled = true;
    g_object_ref(media);
    g_idle_add(
        [](gpointer data) -> gboolean {
            auto *m = static_cast<PurpleMedia *>(data);
            auto it = registry().find(m);
            if (it != registry().end() && !it->second->ended) {
                GList *ids = purple_media_get_session_ids(m);
                const bool live = ids != nullptr;
                g_list_free(ids);
                if (live) {
                    const bool accepted = purple_media_accepted(m, nullptr, nullptr);
                    purple_media_stream_info(m, accepted ? PURPLE_MEDIA_INFO_HANGUP : PURPLE_MEDIA_INFO_REJECT, nullptr,
                                             nullptr, TRUE);
                }
            }
            g_object_unref(m);
            return G_SOURCE_REMOVE;
        },
        media);
}

void BackendImpl::onWarning(const std::string &detail)
{
    g_signal_emit_by_name(self, "error", detail.c_str());
    if (media)
        purple_media_error(media, "%s", detail.c_str());
}

BackendImpl *implOf(PurpleMediaBackend *backend)
{
    return reinterpret_cast<CrosstalkMediaBackend *>(backend)->impl;
}

void onStreamInfo(PurpleMedia *, PurpleMediaInfoType type, gchar *sid, gchar *name, gboolean local, gpointer data)
{
    auto *impl = static_cast<BackendImpl *>(data);
    switch (type) {
    case PURPLE_MEDIA_INFO_ACCEPT:
        if (sid && name) {
            if (BackendStream *s = impl->find(sid, name))
                s->setAccepted();
        }
        break;
    case PURPLE_MEDIA_INFO_MUTE:
    case PURPLE_MEDIA_INFO_UNMUTE:
        if (local) {
            for (BackendStream *s : impl->matching(sid, nullptr))
                s->setMuted(type == PURPLE_MEDIA_INFO_MUTE);
        }
        break;
    case PURPLE_MEDIA_INFO_HOLD:
    case PURPLE_MEDIA_INFO_UNHOLD:
        if (local) {
            for (BackendStream *s : impl->matching(sid, name))
                s->setHeld(type == PURPLE_MEDIA_INFO_HOLD);
        }
        break;
    case PURPLE_MEDIA_INFO_HANGUP:
    case PURPLE_MEDIA_INFO_REJECT:
        for (BackendStream *s : impl->matching(sid, name))
            s->stop();
        break;
    default:
        break; // PAUSE/UNPAUSE are for video
    }
}

void onStateChanged(PurpleMedia *, PurpleMediaState state, gchar *sid, gchar *name, gpointer data)
{
    auto *impl = static_cast<BackendImpl *>(data);
    if (state != PURPLE_MEDIA_STATE_END)
        return;
    if (!sid && !name)
        impl->ended = true;
    if (sid || name)
        impl->retire(sid, name);
}

// --- PurpleMediaBackendIface ---

// The interface still speaks GParameter (deprecated in GLib, kept by libpurple 2.x).
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
gboolean addStream(PurpleMediaBackend *backend, const gchar *sessId, const gchar *who, PurpleMediaSessionType type,
                   gboolean initiator, const gchar *transmitter, guint numParams, GParameter *params)
{
    BackendImpl *impl = implOf(backend);
    if (!sessId || !who)
        return FALSE;
    if (impl->find(sessId, who))
        return TRUE; // a direction change: the engine always sends and receives
    if ((type & PURPLE_MEDIA_AUDIO) == 0 || (type & PURPLE_MEDIA_VIDEO) != 0) {
        purple_debug_error("crosstalk-media", "audio only: session %s asks for another media type\n", sessId);
        return FALSE;
    }
    BackendStream::Transmitter kind;
    if (g_strcmp0(transmitter, "nice") == 0)
        kind = BackendStream::Transmitter::Nice;
    else if (g_strcmp0(transmitter, "rawudp") == 0)
        kind = BackendStream::Transmitter::RawUdp;
    else {
        purple_debug_error("crosstalk-media", "transmitter %s is not supported (nice, rawudp)\n",
                           transmitter ? transmitter : "(null)");
        return FALSE;
    }
    MediaBackendConfig config = impl->config;
    // A STUN server the prpl learnt (e.g. from the XMPP server) serves when none is configured.
    for (guint i = 0; i < numParams; ++i) {
        if (config.stunServer.isEmpty() && g_strcmp0(params[i].name, "stun-ip") == 0
            && G_VALUE_HOLDS_STRING(&params[i].value) && g_value_get_string(&params[i].value))
            config.stunServer = QString::fromUtf8(g_value_get_string(&params[i].value));
        else if (g_strcmp0(params[i].name, "stun-port") == 0 && G_VALUE_HOLDS_UINT(&params[i].value))
            config.stunPort = quint16(g_value_get_uint(&params[i].value));
    }

    // Then libpurple's own network preferences (resolved by libpurple), as the stock backend does.
    const gchar *stunIp = purple_network_get_stun_ip();
    if (config.stunServer.isEmpty() && stunIp && *stunIp)
        config.stunServer = QString::fromUtf8(stunIp);
    const gchar *turnIp = purple_network_get_turn_ip();
    if (config.turnServer.isEmpty() && turnIp && *turnIp && kind == BackendStream::Transmitter::Nice) {
        config.turnServer = QString::fromUtf8(turnIp);
        const int port = purple_prefs_get_int("/purple/network/turn_port");
        if (port > 0 && port < 65536)
            config.turnPort = quint16(port);
        config.turnUser = QString::fromUtf8(purple_prefs_get_string("/purple/network/turn_username"));
        config.turnPassword = QString::fromUtf8(purple_prefs_get_string("/purple/network/turn_password"));
    }

    const std::string session = sessId;
    const std::string participant = who;
    BackendStream::Hooks hooks;
    hooks.newLocalCandidate = [impl, session, participant](const IceCandidate &c) {
        PurpleMediaCandidate *pc = toPurple(c);
        g_signal_emit_by_name(impl->self, "new-candidate", session.c_str(), participant.c_str(), pc);
        g_object_unref(pc);
    };
    hooks.candidatesPrepared = [impl, session, participant] {
        g_signal_emit_by_name(impl->self, "candidates-prepared", session.c_str(), participant.c_str());
    };
    hooks.activePair = [impl, session, participant](const IceCandidate &l, const IceCandidate &r) {
        PurpleMediaCandidate *pl = toPurple(l);
        PurpleMediaCandidate *pr = toPurple(r);
        g_signal_emit_by_name(impl->self, "active-candidate-pair", session.c_str(), participant.c_str(), pl, pr);
        g_object_unref(pl);
        g_object_unref(pr);
    };
    hooks.codecsChanged = [impl, session] { g_signal_emit_by_name(impl->self, "codecs-changed", session.c_str()); };
    hooks.mediaStarted = [impl, session, participant] {
        if (impl->media)
            g_signal_emit_by_name(impl->media, "state-changed", PURPLE_MEDIA_STATE_CONNECTED, session.c_str(),
                                  participant.c_str());
    };
    hooks.failed = [impl](MediaFailure what, const std::string &detail) { impl->onFailed(what, detail); };
    hooks.warning = [impl](const std::string &detail) { impl->onWarning(detail); };

    auto stream = std::make_unique<BackendStream>(initiator, kind, std::move(config), std::move(hooks));
    stream->setCname(impl->cname);
    std::string error;
    if (!stream->start(error)) {
        purple_debug_error("crosstalk-media", "could not open the %s transport: %s\n", transmitter, error.c_str());
        return FALSE;
    }
    impl->streams.push_back({session, participant, std::move(stream)});
    return TRUE;
}
G_GNUC_END_IGNORE_DEPRECATIONS

void addRemoteCandidates(PurpleMediaBackend *backend, const gchar *sessId, const gchar *participant, GList *candidates)
{
    BackendStream *s = implOf(backend)->find(sessId, participant);
    if (!s) {
        purple_debug_error("crosstalk-media", "remote candidates for an unknown stream %s/%s\n",
                           sessId ? sessId : "(null)", participant ? participant : "(null)");
        return;
    }
    std::vector<IceCandidate> list;
    for (GList *l = candidates; l; l = l->next) {
        if (PURPLE_IS_MEDIA_CANDIDATE(l->data))
            list.push_back(fromPurple(PURPLE_MEDIA_CANDIDATE(l->data)));
    }
    s->addRemoteCandidates(list);
}

gboolean codecsReady(PurpleMediaBackend *backend, const gchar *sessId)
{
    auto streams = implOf(backend)->matching(sessId, nullptr);
    if (streams.empty())
        return FALSE;
    for (BackendStream *s : streams) {
        if (!s->codecsReady())
            return FALSE;
    }
    return TRUE;
}

GList *getCodecs(PurpleMediaBackend *backend, const gchar *sessId)
{
    BackendStream *s = implOf(backend)->find(sessId, nullptr);
    if (!s)
        return nullptr;
    GList *out = nullptr;
    for (const RtpCodec &c : s->codecs())
        out = g_list_append(out, toPurple(c));
    return out;
}

GList *getLocalCandidates(PurpleMediaBackend *backend, const gchar *sessId, const gchar *participant)
{
    BackendStream *s = implOf(backend)->find(sessId, participant);
    if (!s)
        return nullptr;
    GList *out = nullptr;
    for (const IceCandidate &c : s->localCandidates())
        out = g_list_append(out, toPurple(c));
    return out;
}

gboolean setRemoteCodecs(PurpleMediaBackend *backend, const gchar *sessId, const gchar *participant, GList *codecs)
{
    BackendStream *s = implOf(backend)->find(sessId, participant);
    if (!s)
        return FALSE;
    std::vector<RtpCodec> list;
    for (GList *l = codecs; l; l = l->next) {
        if (PURPLE_IS_MEDIA_CODEC(l->data))
            list.push_back(fromPurple(PURPLE_MEDIA_CODEC(l->data)));
    }
    return s->setRemoteCodecs(list);
}

gboolean setSendCodec(PurpleMediaBackend *backend, const gchar *sessId, PurpleMediaCodec *codec)
{
    BackendStream *s = implOf(backend)->find(sessId, nullptr);
    return s && codec && s->setSendCodec(fromPurple(codec));
}

// libpurple's Jingle negotiates no SRTP, so these stay unused on XMPP today; a signalling layer
// that has keys (SDES a=crypto, or keys exported from a DTLS handshake) hands them in here and the
// engine encrypts (AES_CM_128_HMAC_SHA1_80), with nothing else in the backend to change.
gboolean setEncryptionParameters(PurpleMediaBackend *backend, const gchar *sessId, const gchar *cipher,
                                 const gchar *auth, const gchar *key, gsize keyLength)
{
    BackendImpl *impl = implOf(backend);
    auto streams = impl->matching(sessId, nullptr);
    if (!sessId || streams.empty())
        return FALSE;
    for (BackendStream *s : streams) {
        std::string why;
        if (!s->setSendKey(str(cipher), str(auth), reinterpret_cast<const std::uint8_t *>(key), keyLength, why)) {
            purple_debug_warning("crosstalk-media", "session %s: encryption parameters refused: %s\n", sessId,
                                 why.c_str());
            return FALSE;
        }
    }
    return TRUE;
}

gboolean setDecryptionParameters(PurpleMediaBackend *backend, const gchar *sessId, const gchar *participant,
                                 const gchar *cipher, const gchar *auth, const gchar *key, gsize keyLength)
{
    BackendStream *s = implOf(backend)->find(sessId, participant);
    if (!s)
        return FALSE;
    std::string why;
    if (!s->setReceiveKey(str(cipher), str(auth), reinterpret_cast<const std::uint8_t *>(key), keyLength, why)) {
        purple_debug_warning("crosstalk-media", "session %s: decryption parameters refused: %s\n",
                             sessId ? sessId : "(null)", why.c_str());
        return FALSE;
    }
    return TRUE;
}

gboolean setRequireEncryption(PurpleMediaBackend *, const gchar *, const gchar *, gboolean require)
{
    // No DTLS-SRTP (libpurple's Jingle has none): we cannot promise encrypted media.
    return require ? FALSE : TRUE;
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
void setParams(PurpleMediaBackend *backend, guint numParams, GParameter *params)
{
    BackendImpl *impl = implOf(backend);
    for (guint i = 0; i < numParams; ++i) {
        if (g_strcmp0(params[i].name, "sdes-cname") == 0 && G_VALUE_HOLDS_STRING(&params[i].value)
            && g_value_get_string(&params[i].value)) {
            impl->cname = g_value_get_string(&params[i].value);
            for (StreamEntry &e : impl->streams)
                e.stream->setCname(impl->cname);
        }
    }
}
G_GNUC_END_IGNORE_DEPRECATIONS

const gchar **getAvailableParams()
{
    static const gchar *params[] = {"sdes-cname", nullptr};
    return params;
}

gboolean sendDtmf(PurpleMediaBackend *, const gchar *, gchar, guint8, guint16)
{
    return FALSE; // RFC 4733 telephone-event is not implemented
}

gboolean setSendRtcpMux(PurpleMediaBackend *backend, const gchar *sessId, const gchar *participant, gboolean mux)
{
    BackendStream *s = implOf(backend)->find(sessId, participant);
    if (!s)
        return FALSE;
    s->setRtcpMux(mux);
    return TRUE;
}

} // namespace

// --- the GObject type ---

static void crosstalk_media_backend_iface_init(PurpleMediaBackendIface *iface)
{
    iface->add_stream = addStream;
    iface->add_remote_candidates = addRemoteCandidates;
    iface->codecs_ready = codecsReady;
    iface->get_codecs = getCodecs;
    iface->get_local_candidates = getLocalCandidates;
    iface->set_remote_codecs = setRemoteCodecs;
    iface->set_send_codec = setSendCodec;
    iface->set_encryption_parameters = setEncryptionParameters;
    iface->set_decryption_parameters = setDecryptionParameters;
    iface->set_require_encryption = setRequireEncryption;
    iface->set_params = setParams;
    iface->get_available_params = getAvailableParams;
    iface->send_dtmf = sendDtmf;
    iface->set_send_rtcp_mux = setSendRtcpMux;
}

G_DEFINE_TYPE_WITH_CODE(CrosstalkMediaBackend, crosstalk_media_backend, G_TYPE_OBJECT,
                        G_IMPLEMENT_INTERFACE(PURPLE_TYPE_MEDIA_BACKEND, crosstalk_media_backend_iface_init))

static void crosstalk_media_backend_init(CrosstalkMediaBackend *self)
{
    self->impl = new BackendImpl;
    self->impl->self = self;
}

static void detachMedia(BackendImpl *impl)
{
    if (!impl->media)
        return;
    g_signal_handlers_disconnect_matched(impl->media, G_SIGNAL_MATCH_DATA, 0, 0, nullptr, nullptr, impl);
    g_object_remove_weak_pointer(G_OBJECT(impl->media), reinterpret_cast<gpointer *>(&impl->media));
    registry().erase(impl->media);
    impl->media = nullptr;
}

static void crosstalk_media_backend_dispose(GObject *object)
{
    BackendImpl *impl = reinterpret_cast<CrosstalkMediaBackend *>(object)->impl;
    for (auto it = registry().begin(); it != registry().end();) // the media may be gone already
        it = it->second == impl ? registry().erase(it) : std::next(it);
    detachMedia(impl);
    // The last reference can go from inside one of a stream's own callbacks (a hang-up in a
    // state-changed handler): stop now, free from an idle callback. Stopped streams call nothing.
    impl->retire(nullptr, nullptr);
    G_OBJECT_CLASS(crosstalk_media_backend_parent_class)->dispose(object);
}

static void crosstalk_media_backend_finalize(GObject *object)
{
    delete reinterpret_cast<CrosstalkMediaBackend *>(object)->impl;
    G_OBJECT_CLASS(crosstalk_media_backend_parent_class)->finalize(object);
}

static void crosstalk_media_backend_set_property(GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
    BackendImpl *impl = reinterpret_cast<CrosstalkMediaBackend *>(object)->impl;
    switch (id) {
    case PROP_CONFERENCE_TYPE:
        impl->conferenceType = str(g_value_get_string(value));
        break;
    case PROP_MEDIA:
        detachMedia(impl);
        impl->media = static_cast<PurpleMedia *>(g_value_get_object(value));
        if (impl->media) {
            g_object_add_weak_pointer(G_OBJECT(impl->media), reinterpret_cast<gpointer *>(&impl->media));
            registry()[impl->media] = impl;
            g_signal_connect(impl->media, "stream-info", G_CALLBACK(onStreamInfo), impl);
            g_signal_connect(impl->media, "state-changed", G_CALLBACK(onStateChanged), impl);
        }
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
        break;
    }
}

static void crosstalk_media_backend_get_property(GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
    BackendImpl *impl = reinterpret_cast<CrosstalkMediaBackend *>(object)->impl;
    switch (id) {
    case PROP_CONFERENCE_TYPE:
        g_value_set_string(value, impl->conferenceType.c_str());
        break;
    case PROP_MEDIA:
        g_value_set_object(value, impl->media);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
        break;
    }
}

static void crosstalk_media_backend_class_init(CrosstalkMediaBackendClass *klass)
{
    GObjectClass *object = G_OBJECT_CLASS(klass);
    object->dispose = crosstalk_media_backend_dispose;
    object->finalize = crosstalk_media_backend_finalize;
    object->set_property = crosstalk_media_backend_set_property;
    object->get_property = crosstalk_media_backend_get_property;
    g_object_class_override_property(object, PROP_CONFERENCE_TYPE, "conference-type");
    g_object_class_override_property(object, PROP_MEDIA, "media");
}

namespace crosstalk::protocols {

void installMediaBackend(MediaBackendConfig config)
{
    globalConfig() = std::move(config);
    PurpleMediaManager *manager = purple_media_manager_get();
    purple_media_manager_set_backend_type(manager, crosstalk_media_backend_get_type());
    purple_media_manager_set_ui_caps(manager, PURPLE_MEDIA_CAPS_AUDIO);
}

namespace {
BackendImpl *lookup(PurpleMedia *media)
{
    auto it = registry().find(media);
    return it == registry().end() ? nullptr : it->second;
}
} // namespace

MediaFailure mediaFailure(PurpleMedia *media, QString *detail)
{
    BackendImpl *impl = lookup(media);
    if (!impl)
        return MediaFailure::None;
    if (detail)
        *detail = QString::fromStdString(impl->failureDetail);
    return impl->failure;
}

bool mediaConnectionLost(PurpleMedia *media)
{
    BackendImpl *impl = lookup(media);
    return impl && impl->failure == MediaFailure::ConnectionFailed
        && impl->failureDetail.rfind("media connection lost", 0) == 0;
}

bool mediaCallQuality(PurpleMedia *media, CallQuality &out)
{
    BackendImpl *impl = lookup(media);
    return impl && !impl->streams.empty() && impl->streams.front().stream->quality(out);
}

bool mediaAudioFlowing(PurpleMedia *media)
{
    BackendImpl *impl = lookup(media);
    return impl && !impl->streams.empty() && impl->streams.front().stream->audioFlowing();
}

} // namespace crosstalk::protocols
