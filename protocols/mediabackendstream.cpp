// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/mediabackendstream.h"

#include "core/voice/audiodevice.h"
#include "core/voice/audioprocessor.h"
#include "core/voice/callsession.h"
#include "core/voice/udptransport.h"

#include <glib.h>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <cstdio>

namespace crosstalk::protocols {

namespace {
/// Stands in when no device could be opened: the call goes on (silent) and says why.
class SilentDevice final : public voice::AudioDevice
{
public:
    explicit SilentDevice(std::string why)
        : m_why(std::move(why))
    {
    }
    bool start(std::string &) override { return true; }
    void stop() override {}
    voice::DeviceState state() const override { return voice::DeviceState::Failed; }
    std::string lastError() const override { return m_why; }
    bool readCapture(voice::Block) override { return false; }
    bool writePlayback(voice::ConstBlock) override { return true; }
    void readEchoReference(voice::Block out) override { std::fill(out.begin(), out.end(), voice::Sample(0)); }
    voice::DeviceStats stats() const override { return {}; }

private:
    std::string m_why;
};

/// The address a raw-UDP peer can reach us on: the first IPv4 interface that is up and not
/// loopback, or loopback on a machine without one (both work: we listen on 0.0.0.0).
std::string primaryIpv4()
{
    std::string best = "127.0.0.1";
    ifaddrs *list = nullptr;
    if (getifaddrs(&list) != 0)
        return best;
    for (ifaddrs *i = list; i; i = i->ifa_next) {
        if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || !(i->ifa_flags & IFF_UP) || (i->ifa_flags & IFF_LOOPBACK))
            continue;
        char text[INET_ADDRSTRLEN] = {};
        inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in *>(i->ifa_addr)->sin_addr, text, sizeof text);
        best = text;
        break;
    }
    freeifaddrs(list);
    return best;
}

constexpr guint kPreparedWaitMs = 500; // longest wait for server-reflexive/relayed candidates

void postLater(const std::shared_ptr<bool> &alive, std::function<void()> call)
{
    struct Job
    {
        std::weak_ptr<bool> alive;
        std::function<void()> call;
    };
    g_idle_add_full(
        G_PRIORITY_DEFAULT,
        [](gpointer data) -> gboolean {
            auto *job = static_cast<Job *>(data);
            if (job->alive.lock())
                job->call();
            return G_SOURCE_REMOVE;
        },
        new Job{alive, std::move(call)}, [](gpointer data) { delete static_cast<Job *>(data); });
}
} // namespace

BackendStream::BackendStream(bool initiator, Transmitter transmitter, MediaBackendConfig config, Hooks hooks)
    : m_initiator(initiator)
    , m_transmitter(transmitter)
    , m_config(std::move(config))
    , m_hooks(std::move(hooks))
{
}

BackendStream::~BackendStream()
{
    stop();
}

bool BackendStream::start(std::string &error)
{
    if (m_transmitter == Transmitter::RawUdp)
        return startRawUdp(error);
    m_ice = std::make_unique<IceTransport>();
    IceConfig ice;
    ice.controlling = m_initiator;
    ice.stunServer = m_config.stunServer.toStdString();
    ice.stunPort = m_config.stunPort;
    ice.turnServer = m_config.turnServer.toStdString();
    ice.turnPort = m_config.turnPort;
    ice.turnUser = m_config.turnUser.toStdString();
    ice.turnPassword = m_config.turnPassword.toStdString();
    IceTransport::Events events;
    events.newCandidate = [this](const IceCandidate &c) {
        if (m_hooks.newLocalCandidate)
            m_hooks.newLocalCandidate(c);
    };
    events.gatheringDone = [this] { announcePrepared(); };
    events.selectedPair = [this](const IceCandidate &local, const IceCandidate &remote) {
        if (local.component == 1) {
            m_pairLocal = local;
            m_pairRemote = remote;
        }
        if (m_hooks.activePair)
            m_hooks.activePair(local, remote);
    };
    events.connected = [this] { onTransportConnected(); };
    events.failed = [this](const std::string &why) {
        if (m_transportReady) { // consent checks stopped being answered: the peer is gone
            fail(MediaFailure::ConnectionFailed, "media connection lost: " + why);
            return;
        }
        if (!m_accepted) { // reported once the call is answered, if nothing works by then
            m_iceFailed = true;
            m_iceFailure = why;
            return;
        }
        fail(MediaFailure::ConnectionFailed, why);
    };
    if (!m_ice->start(ice, std::move(events), error))
        return false;
    // libpurple's Jingle sends the invitation at candidates-prepared; a slow or silent STUN/TURN
    // server must not hold it for seconds. The host candidates exist at once; what comes later
    // is trickled (new-candidate -> transport-info).
    m_preparedTimer = g_timeout_add(
        kPreparedWaitMs,
        [](gpointer data) -> gboolean {
            auto *self = static_cast<BackendStream *>(data);
            self->m_preparedTimer = 0;
            self->announcePrepared();
            return G_SOURCE_REMOVE;
        },
        this);
    return true;
}

void BackendStream::announcePrepared()
{
    if (m_prepared || m_stopped)
        return;
    m_prepared = true;
    if (m_preparedTimer)
        g_source_remove(m_preparedTimer);
    m_preparedTimer = 0;
    if (m_hooks.candidatesPrepared)
        m_hooks.candidatesPrepared();
}

bool BackendStream::startRawUdp(std::string &error)
{
    m_udp = std::make_unique<voice::UdpSocket>();
    voice::SocketAddress any;
    voice::SocketAddress::parse("0.0.0.0", 0, any);
    if (!m_udp->bind(any, error))
        return false;
    m_rawLocal.foundation = "1";
    m_rawLocal.component = 1;
    m_rawLocal.ip = primaryIpv4();
    m_rawLocal.port = m_udp->localAddress().port;
    m_rawLocal.priority = 1;
    // Announced once add_stream has returned: libpurple files the stream only afterwards.
    postLater(m_alive, [this] {
        if (m_hooks.newLocalCandidate)
            m_hooks.newLocalCandidate(m_rawLocal);
        if (m_hooks.candidatesPrepared)
            m_hooks.candidatesPrepared();
    });
    return true;
}

std::vector<IceCandidate> BackendStream::localCandidates() const
{
    if (m_ice)
        return m_ice->localCandidates();
    if (m_udp)
        return {m_rawLocal};
    return {};
}

void BackendStream::addRemoteCandidates(const std::vector<IceCandidate> &candidates)
{
    if (m_stopped)
        return;
    std::vector<std::string> rejected;
    if (m_ice && !m_initiator && !m_accepted) {
        // The callee starts checks only once the user answers (as Farstream does): before that
        // the caller cannot complete them anyway, and a ringing phone must not time out ICE.
        m_pendingRemote.insert(m_pendingRemote.end(), candidates.begin(), candidates.end());
        return;
    }
    if (m_ice) {
        m_ice->addRemoteCandidates(candidates, rejected);
        armIceTimer();
    } else if (m_udp) {
        for (const IceCandidate &c : candidates) {
            voice::SocketAddress address;
            if (c.component != 1)
                continue; // RTCP rides on the RTP port (rtcp-mux)
            if (c.ip.size() > 64 || !voice::SocketAddress::parse(c.ip, c.port, address))
                rejected.push_back("raw UDP candidate: not an IPv4 address: " + c.ip.substr(0, 64));
            else if (c.port == 0)
                rejected.push_back("raw UDP candidate " + c.ip + ": port 0");
            else if (!m_rawRemote)
                m_rawRemote = c;
        }
        if (m_rawRemote && !m_transportReady)
            onTransportConnected();
    }
    if (!rejected.empty() && m_hooks.warning) {
        std::string text = "ignored " + std::to_string(rejected.size()) + " bad remote candidate(s): " + rejected.front();
        m_hooks.warning(text);
    }
}

std::vector<RtpCodec> BackendStream::codecs() const
{
    if (m_choice)
        return {m_choice->answer};
    if (m_codecFailed)
        return {};
    return localCodecOffer();
}

bool BackendStream::setRemoteCodecs(const std::vector<RtpCodec> &remote)
{
    std::string why;
    auto choice = negotiateCodecs(remote, why);
    if (m_session) {
        // Media runs: a later description-info may refine parameters, not switch the codec.
        return choice && choice->answer.name == m_choice->answer.name && choice->answer.id == m_choice->answer.id;
    }
    if (!choice) {
        m_codecFailed = true;
        fail(MediaFailure::NoCommonCodec, why);
        return false;
    }
    const bool changed = !m_choice || m_choice->answer.id != choice->answer.id || m_choice->answer.name != choice->answer.name;
    m_choice = std::move(choice);
    if (changed && m_hooks.codecsChanged)
        m_hooks.codecsChanged();
    maybeStartMedia();
    return true;
}

bool BackendStream::setSendCodec(const RtpCodec &codec)
{
    if (m_choice && codec.id == m_choice->answer.id)
        return true;
    if (m_session)
        return false; // one codec per call in this engine
    std::string why;
    auto choice = negotiateCodecs({codec}, why);
    if (!choice)
        return false;
    m_choice = std::move(choice);
    if (m_hooks.codecsChanged)
        m_hooks.codecsChanged();
    return true;
}

void BackendStream::setRtcpMux(bool mux)
{
    if (m_ice)
        m_ice->setRtcpMux(mux);
}

namespace {
bool srtpKeys(const std::string &cipher, const std::string &auth, const std::uint8_t *key, std::size_t length,
              voice::SrtpKeys &out, std::string &why)
{
    // The names Farstream and libpurple use; the engine does AES_CM_128_HMAC_SHA1_80 only.
    if (cipher != "aes-128-icm" || auth != "hmac-sha1-80") {
        why = "SRTP " + cipher.substr(0, 32) + '/' + auth.substr(0, 32) + " is not supported (aes-128-icm/hmac-sha1-80 is)";
        return false;
    }
    if (!key || length != voice::SrtpKeys::kMasterLength) {
        why = "an SRTP master key must be " + std::to_string(voice::SrtpKeys::kMasterLength) + " bytes";
        return false;
    }
    std::copy(key, key + length, out.master.begin());
    return true;
}
} // namespace

bool BackendStream::storeKey(std::optional<voice::SrtpKeys> &slot, const std::string &cipher, const std::string &auth,
                             const std::uint8_t *key, std::size_t length, std::string &why)
{
    voice::SrtpKeys keys;
    if (m_session) {
        why = "media already runs: keys cannot change mid-call";
        return false;
    }
    if (!srtpKeys(cipher, auth, key, length, keys, why))
        return false;
    slot = keys;
    return true;
}

bool BackendStream::setSendKey(const std::string &cipher, const std::string &auth, const std::uint8_t *key,
                               std::size_t length, std::string &why)
{
    return storeKey(m_sendKey, cipher, auth, key, length, why);
}

bool BackendStream::setReceiveKey(const std::string &cipher, const std::string &auth, const std::uint8_t *key,
                                  std::size_t length, std::string &why)
{
    return storeKey(m_receiveKey, cipher, auth, key, length, why);
}

void BackendStream::setAccepted()
{
    if (m_accepted)
        return;
    m_accepted = true;
    if (!m_pendingRemote.empty()) {
        std::vector<IceCandidate> pending;
        pending.swap(m_pendingRemote);
        addRemoteCandidates(pending);
    }
    if (m_iceFailed && !m_transportReady) {
        fail(MediaFailure::ConnectionFailed, m_iceFailure);
        return;
    }
    armIceTimer();
    maybeStartMedia();
}

void BackendStream::setMuted(bool muted)
{
    m_muted = muted;
    if (m_session)
        m_session->setMuted(muted);
}

void BackendStream::setHeld(bool held)
{
    m_held = held;
    if (m_session)
        m_session->setHeld(held);
}

void BackendStream::stop()
{
    m_stopped = true;
    m_alive.reset(); // closures posted earlier (raw UDP's candidate announcement) now do nothing
    disarmIceTimer();
    if (m_preparedTimer)
        g_source_remove(m_preparedTimer);
    m_preparedTimer = 0;
    if (m_watchTimer)
        g_source_remove(m_watchTimer);
    m_watchTimer = 0;
    if (m_session)
        m_session->stop();
    m_session.reset(); // before the device, processor and transport it refers to
    m_device.reset();
    m_processor.reset();
    m_ice.reset();
    if (m_udp)
        m_udp->close();
}

void BackendStream::onTransportConnected()
{
    if (m_transportReady || m_stopped)
        return;
    m_transportReady = true;
    disarmIceTimer();
    if (m_udp && m_hooks.activePair && m_rawRemote)
        m_hooks.activePair(m_rawLocal, *m_rawRemote);
    maybeStartMedia();
}

void BackendStream::maybeStartMedia()
{
    if (m_session || m_stopped || !m_choice || !m_accepted || !m_transportReady)
        return;
    voice::MediaDescription local;
    local.codec = m_choice->local;
    voice::MediaDescription remote;
    remote.codec = m_choice->remote;
    // SRTP needs both directions keyed (the engine refuses one-sided keys: no silent downgrade).
    local.srtp = m_sendKey;
    remote.srtp = m_receiveKey;
    if (m_udp) {
        remote.candidates.push_back({m_rawRemote->ip, m_rawRemote->port, 0});
    } else {
        // The ICE transport sends on its selected pair; the address only has to be valid.
        voice::SocketAddress probe;
        if (m_pairRemote && voice::SocketAddress::parse(m_pairRemote->ip, m_pairRemote->port, probe))
            remote.candidates.push_back({m_pairRemote->ip, m_pairRemote->port, 0});
        else
            remote.candidates.push_back({"127.0.0.1", 9, 0});
    }

    std::string error;
    for (int attempt = 0; attempt < 2; ++attempt) {
        m_session.reset();
        if (attempt == 0 && m_config.audioDevice) {
            m_deviceError.clear();
            m_device = m_config.audioDevice(m_deviceError);
        }
        if (!m_device || attempt == 1) {
            if (m_deviceError.empty())
                m_deviceError = m_config.audioDevice ? "the audio device did not start" : "no audio device configured";
            m_device = std::make_unique<SilentDevice>(m_deviceError);
        }
        voice::CallSession::Options options;
        options.cname = m_cname;
        if (m_config.audioProcessing && !dynamic_cast<SilentDevice *>(m_device.get())) {
            if (!m_processor)
                m_processor = std::make_unique<voice::AudioProcessor>();
            options.processor = m_processor.get();
        }
        m_session = std::make_unique<voice::CallSession>(*m_device, options);
        voice::PacketTransport &transport = m_ice ? static_cast<voice::PacketTransport &>(*m_ice)
                                                  : static_cast<voice::PacketTransport &>(*m_udp);
        if (!m_session->open(local, transport, error)) {
            m_session.reset();
            fail(MediaFailure::Other, "media: " + error);
            return;
        }
        if (m_session->start(remote, error))
            break;
        // A device that refuses to start is not fatal: the call goes on silent and says why.
        m_deviceError = error;
        if (attempt == 1) {
            m_session.reset();
            fail(MediaFailure::Other, "media: " + error);
            return;
        }
    }
    m_session->setMuted(m_muted);
    m_session->setHeld(m_held);
    m_lastProgressUs = g_get_monotonic_time();
    if (m_config.mediaTimeoutMs > 0)
        m_watchTimer = g_timeout_add(
            1000,
            [](gpointer data) -> gboolean {
                static_cast<BackendStream *>(data)->watchMedia();
                return G_SOURCE_CONTINUE;
            },
            this);
    if (m_hooks.mediaStarted)
        m_hooks.mediaStarted();
}

void BackendStream::watchMedia()
{
    if (!m_session || m_failure != MediaFailure::None)
        return;
    const std::uint64_t received = m_session->stats().datagramsReceived;
    const std::int64_t now = g_get_monotonic_time();
    if (received != m_lastReceived) {
        m_lastReceived = received;
        m_lastProgressUs = now;
        return;
    }
    if (now - m_lastProgressUs >= std::int64_t(m_config.mediaTimeoutMs) * 1000)
        fail(MediaFailure::ConnectionFailed, "media connection lost: nothing received from the peer for "
                                                 + std::to_string(m_config.mediaTimeoutMs / 1000) + " s");
}

void BackendStream::fail(MediaFailure kind, const std::string &detail)
{
    if (m_failure != MediaFailure::None)
        return;
    m_failure = kind;
    m_failureDetail = detail;
    if (m_hooks.failed)
        m_hooks.failed(kind, detail);
}

void BackendStream::armIceTimer()
{
    // Runs from the answer on: ringing can take as long as it likes.
    if (m_iceTimer || !m_accepted || m_transportReady || m_stopped || m_config.iceTimeoutMs <= 0)
        return;
    m_iceTimer = g_timeout_add(
        guint(m_config.iceTimeoutMs),
        [](gpointer data) -> gboolean {
            auto *self = static_cast<BackendStream *>(data);
            self->m_iceTimer = 0;
            if (!self->m_transportReady)
                self->fail(MediaFailure::ConnectionFailed,
                           "no media connection: the peer did not answer connectivity checks within "
                               + std::to_string(self->m_config.iceTimeoutMs / 1000) + " s");
            return G_SOURCE_REMOVE;
        },
        this);
}

void BackendStream::disarmIceTimer()
{
    if (m_iceTimer)
        g_source_remove(m_iceTimer);
    m_iceTimer = 0;
}

bool BackendStream::quality(CallQuality &out) const
{
    if (!m_choice)
        return false;
    out.codec = QString::fromStdString(m_choice->label);
    if (m_ice && m_pairLocal && m_pairRemote)
        out.transport = QStringLiteral("ICE-UDP %1 ↔ %2")
                            .arg(QString::fromStdString(m_pairLocal->toString()), QString::fromStdString(m_pairRemote->toString()));
    else if (m_udp && m_rawRemote)
        out.transport = QStringLiteral("raw UDP %1:%2 ↔ %3:%4")
                            .arg(QString::fromStdString(m_rawLocal.ip))
                            .arg(m_rawLocal.port)
                            .arg(QString::fromStdString(m_rawRemote->ip))
                            .arg(m_rawRemote->port);
    if (!m_session)
        return true;
    const voice::CallStats s = m_session->stats();
    out.encrypted = s.srtp;
    out.sendKbps = s.sendBitrateKbps;
    out.receiveKbps = s.receiveBitrateKbps;
    out.lossPercent = s.lossPercent;
    out.jitterMs = s.jitterMs;
    out.rttMs = s.rttMs;
    out.jitterBufferMs = s.jitterBufferMs;
    out.mos = s.mos;
    out.concealedFrames = s.concealedFrames;
    out.fecRecoveredFrames = s.fecRecoveredFrames;
    out.deviceFailed = s.deviceFailed;
    out.inputLevel = s.inputLevel;
    out.outputLevel = s.outputLevel;
    return true;
}

bool BackendStream::audioFlowing() const
{
    return m_session && m_session->stats().normalFrames > 0;
}

} // namespace crosstalk::protocols
