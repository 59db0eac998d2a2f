// SPDX-License-Identifier: GPL-3.0-or-later
// ICE-UDP (RFC 5245) for one audio stream through libnice, as the engine's PacketTransport.
// The NiceAgent runs on its own thread and GMainContext, never on the UI thread; datagrams cross
// to and from the engine's media thread through lock-free rings, each side woken by an eventfd.
// Private to protocols/ (the engine knows only voice::PacketTransport).
#pragma once

#include "core/voice/packettransport.h"
#include "core/voice/spscring.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

struct _NiceAgent;
struct _GMainContext;

namespace crosstalk::protocols {

/// One ICE candidate as signalling carries it (Jingle ICE-UDP / SDP a=candidate).
struct IceCandidate
{
    enum class Type { Host, ServerReflexive, PeerReflexive, Relayed };
    std::string foundation;
    unsigned component = 1; ///< 1 = RTP, 2 = RTCP
    Type type = Type::Host;
    std::string ip;
    std::uint16_t port = 0;
    std::uint32_t priority = 0;
    std::string baseIp; ///< related address (srflx/relay)
    std::uint16_t basePort = 0;
    std::string username; ///< ICE ufrag of the candidate's agent
    std::string password;

    std::string toString() const; ///< "host 192.0.2.1:4000" for logs and CallQuality
};

struct IceConfig
{
    bool controlling = false; ///< the initiator controls (RFC 5245 5.2)
    std::string stunServer;   ///< IPv4 literal; empty = no server-reflexive candidates
    std::uint16_t stunPort = 3478;
    std::string turnServer;   ///< IPv4 literal; empty = no relayed candidates
    std::uint16_t turnPort = 3478;
    std::string turnUser;
    std::string turnPassword;
};

class IceTransport final : public voice::PacketTransport
{
public:
    /// Delivered on the main (default GMainContext) thread, never after the transport is gone.
    struct Events
    {
        std::function<void(const IceCandidate &)> newCandidate;
        std::function<void()> gatheringDone;
        std::function<void(const IceCandidate &local, const IceCandidate &remote)> selectedPair;
        std::function<void()> connected; ///< component 1 has a working pair
        std::function<void(const std::string &why)> failed;
    };

    IceTransport();
    ~IceTransport() override;
    IceTransport(const IceTransport &) = delete;
    IceTransport &operator=(const IceTransport &) = delete;

    /// Main thread: starts the agent thread and gathers host (every IPv4 interface, loopback
    /// included so two agents on one machine always find a pair), server-reflexive and relayed
    /// candidates for components 1 and 2.
    bool start(const IceConfig &config, Events events, std::string &error);
    /// Main thread. Validates and adds remote candidates; the first one carrying a ufrag and
    /// password sets the remote credentials. Bad ones are skipped and described in `rejected`.
    /// Returns how many were accepted.
    int addRemoteCandidates(const std::vector<IceCandidate> &candidates, std::vector<std::string> &rejected);
    std::vector<IceCandidate> localCandidates() const;
    /// RTCP rides on component 1 (RFC 5761) instead of component 2.
    void setRtcpMux(bool mux) { m_rtcpMux.store(mux, std::memory_order_release); }

    // voice::PacketTransport, media thread.
    bool sendTo(std::span<const std::uint8_t> datagram, const voice::SocketAddress &to) override;
    ReceiveStatus receive(std::span<std::uint8_t> buffer, std::size_t &size, voice::SocketAddress &from) override;
    bool waitReadable(std::int64_t timeoutUs) const override;
    std::uint32_t kernelDrops() const override { return m_rxDropped.load(std::memory_order_relaxed); }

    struct Packet
    {
        std::uint16_t size = 0;
        std::uint8_t component = 1;
        std::uint8_t data[2048];
    };

    struct Shared; // what agent-thread callbacks and posted closures hold on to

private:
    void run();
    void flushSend(); // agent thread

    std::shared_ptr<Shared> m_shared;
    _GMainContext *m_context = nullptr;
    _NiceAgent *m_agent = nullptr;
    unsigned m_streamId = 0;
    std::thread m_thread;
    std::atomic<bool> m_quit{false};
    bool m_haveRemoteCredentials = false;
    int m_rxEvent = -1; // agent thread -> media thread
    int m_txEvent = -1; // media thread -> agent thread
    voice::SpscRing<Packet> m_rx{128};
    voice::SpscRing<Packet> m_tx{128};
    std::atomic<bool> m_rtcpMux{false};
    std::atomic<bool> m_rtcpPairReady{false};
    std::atomic<std::uint32_t> m_rxDropped{0};

    friend struct IceCallbacks;
};

} // namespace crosstalk::protocols
