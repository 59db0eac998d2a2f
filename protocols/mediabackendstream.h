// SPDX-License-Identifier: GPL-3.0-or-later
// One audio stream of the media backend (one session id + participant): its transport (ICE via
// libnice, or raw UDP), the codec negotiation and, once the stream is accepted, the codecs agreed
// and a transport pair working, a CallSession of the engine. Main thread only. The GObject glue
// (purplemediabackend.cpp) turns the Hooks into the PurpleMediaBackend interface's signals.
#pragma once

#include "protocols/icetransport.h"
#include "protocols/mediacodecs.h"
#include "protocols/purplemediabackend.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace crosstalk::voice {
class AudioDevice;
class AudioProcessor;
class CallSession;
class UdpSocket;
}

namespace crosstalk::protocols {

class BackendStream
{
public:
    enum class Transmitter { Nice, RawUdp };

    struct Hooks
    {
        std::function<void(const IceCandidate &)> newLocalCandidate;
        std::function<void()> candidatesPrepared;
        std::function<void(const IceCandidate &local, const IceCandidate &remote)> activePair;
        std::function<void()> codecsChanged;
        std::function<void()> mediaStarted; ///< -> state-changed CONNECTED
        std::function<void(MediaFailure, const std::string &)> failed; ///< fatal: the call must end
        std::function<void(const std::string &)> warning; ///< not fatal (bad candidates ignored...)
    };

    BackendStream(bool initiator, Transmitter transmitter, MediaBackendConfig config, Hooks hooks);
    ~BackendStream();
    BackendStream(const BackendStream &) = delete;
    BackendStream &operator=(const BackendStream &) = delete;

    /// Opens the transport and starts gathering; candidates arrive later through the hooks.
    bool start(std::string &error);
    Transmitter transmitter() const { return m_transmitter; }

    std::vector<IceCandidate> localCandidates() const;
    void addRemoteCandidates(const std::vector<IceCandidate> &candidates);

    /// Our offer until the peer's codecs are known, then the one agreed codec (the answer).
    std::vector<RtpCodec> codecs() const;
    /// False (and failed(NoCommonCodec)) when nothing is common.
    bool setRemoteCodecs(const std::vector<RtpCodec> &remote);
    bool codecsReady() const { return !m_codecFailed; }
    /// Accepted when it names the agreed codec (or, before start, another acceptable one).
    bool setSendCodec(const RtpCodec &codec);
    void setRtcpMux(bool mux);
    /// RTCP SDES CNAME (libpurple's "sdes-cname" parameter); before media starts.
    void setCname(std::string cname) { m_cname = std::move(cname); }

    /// SRTP master keys (AES_CM_128_HMAC_SHA1_80: cipher "aes-128-icm", auth "hmac-sha1-80",
    /// 30 bytes) for what we send / what the peer sends. Before media starts; false with `why`.
    bool setSendKey(const std::string &cipher, const std::string &auth, const std::uint8_t *key, std::size_t length,
                    std::string &why);
    bool setReceiveKey(const std::string &cipher, const std::string &auth, const std::uint8_t *key, std::size_t length,
                       std::string &why);

    void setAccepted();
    bool accepted() const { return m_accepted; }
    void setMuted(bool muted);
    void setHeld(bool held);
    /// Ends media and the transport; idempotent.
    void stop();

    bool quality(CallQuality &out) const;
    bool audioFlowing() const;
    MediaFailure failure() const { return m_failure; }
    const std::string &failureDetail() const { return m_failureDetail; }

private:
    /// Both directions' keys go through the same checks; only before media starts.
    bool storeKey(std::optional<voice::SrtpKeys> &slot, const std::string &cipher, const std::string &auth,
                  const std::uint8_t *key, std::size_t length, std::string &why);
    bool startRawUdp(std::string &error);
    void onTransportConnected();
    void maybeStartMedia();
    void fail(MediaFailure kind, const std::string &detail);
    void armIceTimer();
    void disarmIceTimer();
    void watchMedia(); // once a second while media runs
    void announcePrepared(); // candidates-prepared, once

    const bool m_initiator;
    const Transmitter m_transmitter;
    MediaBackendConfig m_config;
    std::string m_cname = "crosstalk";
    Hooks m_hooks;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true); // for posted closures

    std::unique_ptr<IceTransport> m_ice;
    std::unique_ptr<voice::UdpSocket> m_udp;
    IceCandidate m_rawLocal;
    std::optional<IceCandidate> m_rawRemote;
    std::vector<IceCandidate> m_pendingRemote; // the callee's, until answered
    bool m_iceFailed = false;
    std::string m_iceFailure;

    std::optional<voice::SrtpKeys> m_sendKey;
    std::optional<voice::SrtpKeys> m_receiveKey;
    std::optional<CodecChoice> m_choice;
    bool m_codecFailed = false;
    bool m_accepted = false;
    bool m_transportReady = false;
    bool m_muted = false;
    bool m_held = false;
    bool m_stopped = false;
    unsigned m_iceTimer = 0;
    unsigned m_watchTimer = 0;
    unsigned m_preparedTimer = 0;
    bool m_prepared = false;
    std::uint64_t m_lastReceived = 0;
    std::int64_t m_lastProgressUs = 0;
    std::optional<IceCandidate> m_pairLocal;
    std::optional<IceCandidate> m_pairRemote;

    std::unique_ptr<voice::AudioDevice> m_device;
    std::unique_ptr<voice::AudioProcessor> m_processor;
    std::string m_deviceError;
    std::unique_ptr<voice::CallSession> m_session;
    MediaFailure m_failure = MediaFailure::None;
    std::string m_failureDetail;
};

} // namespace crosstalk::protocols
