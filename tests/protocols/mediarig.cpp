// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/protocols/mediarig.h"

#include "tests/support/waitfor.h"

#include <catch2/catch.hpp>

namespace crosstalk::test {

namespace {
/// The backend owns the device it is given; the test keeps the FileDevice to read what it played.
class SharedDevice final : public voice::AudioDevice
{
public:
    explicit SharedDevice(std::shared_ptr<voice::FileDevice> device)
        : m_device(std::move(device))
    {
    }
    bool start(std::string &error) override { return m_device->start(error); }
    void stop() override { m_device->stop(); }
    voice::DeviceState state() const override { return m_device->state(); }
    std::string lastError() const override { return m_device->lastError(); }
    bool readCapture(voice::Block out) override { return m_device->readCapture(out); }
    bool writePlayback(voice::ConstBlock in) override { return m_device->writePlayback(in); }
    void readEchoReference(voice::Block out) override { m_device->readEchoReference(out); }
    voice::DeviceStats stats() const override { return m_device->stats(); }

private:
    std::shared_ptr<voice::FileDevice> m_device;
};

std::shared_ptr<voice::FileDevice> makeDevice(const std::vector<voice::Sample> &input)
{
    voice::FileDeviceConfig config;
    config.clock = voice::FileDeviceConfig::Clock::RealTime;
    config.inputSamples = input;
    config.loopInput = !input.empty();
    config.maxRecordSeconds = 120;
    return std::make_shared<voice::FileDevice>(config);
}

void onCandidatesPrepared(PurpleMedia *, gchar *, gchar *, gpointer data)
{
    static_cast<MediaSide *>(data)->candidatesPrepared = true;
}

void onStateChanged(PurpleMedia *, PurpleMediaState state, gchar *sid, gchar *name, gpointer data)
{
    auto *side = static_cast<MediaSide *>(data);
    if (state == PURPLE_MEDIA_STATE_CONNECTED && sid && name)
        side->connected = true;
    if (state == PURPLE_MEDIA_STATE_END && !sid && !name)
        side->ended = true;
}

void onPair(PurpleMedia *, gchar *, gchar *, PurpleMediaCandidate *, PurpleMediaCandidate *, gpointer data)
{
    static_cast<MediaSide *>(data)->pairEstablished = true;
}

void onCodecsChanged(PurpleMedia *, gchar *, gpointer data)
{
    ++static_cast<MediaSide *>(data)->codecsChanged;
}

void onError(PurpleMedia *, gchar *message, gpointer data)
{
    static_cast<MediaSide *>(data)->errors.push_back(message ? message : "");
}

void onNewCandidate(PurpleMedia *, gchar *, gchar *, PurpleMediaCandidate *candidate, gpointer data)
{
    gchar *ip = purple_media_candidate_get_ip(candidate);
    static_cast<MediaSide *>(data)->newCandidateTypes.push_back(purple_media_candidate_get_candidate_type(candidate));
    static_cast<MediaSide *>(data)->newCandidates.push_back(std::string(ip ? ip : "") + ':'
                                                            + std::to_string(purple_media_candidate_get_port(candidate)));
    g_free(ip);
}
} // namespace

MediaTestRuntime::MediaTestRuntime()
    : m_runtime(std::make_unique<protocols::PurpleRuntime>(
          protocols::PurpleRuntime::Options{m_dir.filePath(QStringLiteral("purple")), {}}))
{
    QString error;
    if (!m_runtime->init(&error))
        FAIL("libpurple did not start: " << error.toStdString());
}

MediaTestRuntime::~MediaTestRuntime() = default;

void freeObjectList(GList *list)
{
    g_list_free_full(list, g_object_unref);
}

MediaRig::MediaRig(Options options)
    : m_options(std::move(options))
{
    a.name = "alice";
    b.name = "bob";
    a.device = makeDevice(m_options.inputA);
    b.device = makeDevice(m_options.inputB);
    m_accountA = purple_account_new("alice@localhost/rig", "prpl-jabber");
    m_accountB = purple_account_new("bob@localhost/rig", "prpl-jabber");

    // Each media copies the configuration when it is created: one device factory per side.
    for (MediaSide *side : {&a, &b}) {
        protocols::MediaBackendConfig config;
        auto device = side->device;
        config.audioDevice = [device](std::string &) { return std::make_unique<SharedDevice>(device); };
        config.iceTimeoutMs = m_options.iceTimeoutMs;
        config.mediaTimeoutMs = m_options.mediaTimeoutMs;
        config.audioProcessing = m_options.audioProcessing;
        if (m_options.configure)
            m_options.configure(config);
        protocols::installMediaBackend(config);
        const bool caller = side == &a;
        side->media = purple_media_manager_create_media(purple_media_manager_get(), caller ? m_accountA : m_accountB,
                                                        "fsrtpconference", caller ? "bob" : "alice", caller);
        g_object_ref(side->media);
        attach(*side);
    }
}

MediaRig::~MediaRig()
{
    for (MediaSide *side : {&a, &b}) {
        if (!side->media)
            continue;
        g_signal_handlers_disconnect_matched(side->media, G_SIGNAL_MATCH_DATA, 0, 0, nullptr, nullptr, side);
        if (!side->ended)
            purple_media_end(side->media, nullptr, nullptr);
        g_object_unref(side->media);
        side->media = nullptr;
    }
    spin(50); // retired streams are freed from idle callbacks
    purple_account_destroy(m_accountA);
    purple_account_destroy(m_accountB);
}

void MediaRig::attach(MediaSide &side)
{
    g_signal_connect(side.media, "candidates-prepared", G_CALLBACK(onCandidatesPrepared), &side);
    g_signal_connect(side.media, "state-changed", G_CALLBACK(onStateChanged), &side);
    g_signal_connect(side.media, "candidate-pair-established", G_CALLBACK(onPair), &side);
    g_signal_connect(side.media, "codecs-changed", G_CALLBACK(onCodecsChanged), &side);
    g_signal_connect(side.media, "error", G_CALLBACK(onError), &side);
    g_signal_connect(side.media, "new-candidate", G_CALLBACK(onNewCandidate), &side);
}

GList *MediaRig::deliverable(GList *candidates) const
{
    if (!m_options.deliverIf)
        return candidates;
    GList *kept = nullptr;
    for (GList *l = candidates; l; l = l->next) {
        if (m_options.deliverIf(PURPLE_MEDIA_CANDIDATE(l->data)))
            kept = g_list_append(kept, g_object_ref(l->data));
    }
    freeObjectList(candidates);
    return kept;
}

bool MediaRig::startCaller()
{
    if (!purple_media_add_stream(a.media, kSession, "bob", PURPLE_MEDIA_AUDIO, TRUE, m_options.transmitter.c_str(), 0,
                                 nullptr))
        return false;
    return waitFor([this] { return a.candidatesPrepared && purple_media_codecs_ready(a.media, kSession); }, 15000);
}

bool MediaRig::deliverOffer(PurpleMediaCodec *const *offerOverride, int overrideCount)
{
    if (!purple_media_add_stream(b.media, kSession, "alice", PURPLE_MEDIA_AUDIO, FALSE, m_options.transmitter.c_str(),
                                 0, nullptr))
        return false;
    GList *codecs = nullptr;
    if (offerOverride) {
        for (int i = 0; i < overrideCount; ++i)
            codecs = g_list_append(codecs, g_object_ref(offerOverride[i]));
    } else {
        codecs = purple_media_get_codecs(a.media, kSession);
    }
    const bool codecsOk = purple_media_set_remote_codecs(b.media, kSession, "alice", codecs);
    freeObjectList(codecs);
    GList *candidates = deliverable(purple_media_get_local_candidates(a.media, kSession, "bob"));
    purple_media_add_remote_candidates(b.media, kSession, "alice", candidates);
    freeObjectList(candidates);
    return codecsOk;
}

bool MediaRig::acceptAndAnswer()
{
    purple_media_stream_info(b.media, PURPLE_MEDIA_INFO_ACCEPT, nullptr, nullptr, TRUE);
    if (!waitFor([this] { return b.candidatesPrepared && purple_media_codecs_ready(b.media, kSession); }, 15000))
        return false;
    GList *codecs = purple_media_get_codecs(b.media, kSession);
    const bool codecsOk = purple_media_set_remote_codecs(a.media, kSession, "bob", codecs);
    freeObjectList(codecs);
    GList *candidates = deliverable(purple_media_get_local_candidates(b.media, kSession, "alice"));
    purple_media_add_remote_candidates(a.media, kSession, "bob", candidates);
    freeObjectList(candidates);
    purple_media_stream_info(a.media, PURPLE_MEDIA_INFO_ACCEPT, kSession, "bob", FALSE);
    return codecsOk;
}

bool MediaRig::connect(int timeoutMs)
{
    return startCaller() && deliverOffer() && acceptAndAnswer()
        && waitFor([this] { return a.connected && b.connected; }, timeoutMs);
}

std::vector<PurpleMediaCodec *> MediaRig::codecsOf(MediaSide &side)
{
    std::vector<PurpleMediaCodec *> out;
    GList *list = purple_media_get_codecs(side.media, kSession);
    for (GList *l = list; l; l = l->next)
        out.push_back(PURPLE_MEDIA_CODEC(l->data));
    g_list_free(list); // the caller owns the codecs now
    return out;
}

void MediaRig::hangUp(MediaSide &side)
{
    MediaSide &other = &side == &a ? b : a;
    if (!side.ended)
        purple_media_stream_info(side.media, PURPLE_MEDIA_INFO_HANGUP, nullptr, nullptr, TRUE);
    // What the peer's prpl does on session-terminate.
    if (!other.ended)
        purple_media_end(other.media, nullptr, nullptr);
}

} // namespace crosstalk::test
