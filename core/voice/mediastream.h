// SPDX-License-Identifier: GPL-3.0-or-later
// One audio stream's media path, run entirely on the media thread: capture blocks are framed,
// encoded, packetised (and protected) and sent; received datagrams are demultiplexed, verified,
// validated and handed to the jitter buffer; RTCP reports both ways drive the rate controller.
// CallSession owns the thread, the device and the published statistics; this class owns state.
#pragma once

#include "core/voice/audioformat.h"
#include "core/voice/callstats.h"
#include "core/voice/g711codec.h"
#include "core/voice/jitterbuffer.h"
#include "core/voice/mediadescription.h"
#include "core/voice/opuscodec.h"
#include "core/voice/ratecontroller.h"
#include "core/voice/rtpsource.h"
#include "core/voice/srtpcontext.h"
#include "core/voice/packettransport.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace crosstalk::voice {

struct StreamOptions
{
    std::string cname = "crosstalk";
    bool fecRecovery = true;   ///< receive side: recover lost frames from the next packet's FEC
    int rtcpIntervalMs = 1000; ///< reduced minimum for a two-party call (RFC 3550 6.2)
    int minJitterDelayMs = 20; ///< floor of the jitter buffer's target delay
};

class MediaStream
{
public:
    MediaStream() = default;

    /// Sets up codec, RTP, SRTP and the jitter buffer from the two descriptions.
    bool init(const MediaDescription &local, const MediaDescription &remote, const StreamOptions &options,
              PacketTransport &socket, std::string &error);

    /// One 10 ms block each way. `sendMedia` false (hold) keeps the RTP clock running but sends
    /// nothing; `capture` is already processed (and zeroed when muted).
    void tick(ConstBlock capture, Block playback, bool sendMedia, std::int64_t nowUs);

    /// Reads up to `budget` datagrams that are waiting; returns how many were read.
    int drain(std::int64_t nowUs, int budget);
    /// Handles one datagram (public so tests can inject without a socket).
    void onDatagram(std::span<std::uint8_t> datagram, std::int64_t nowUs);
    /// Sends a compound RTCP report when one is due.
    void maybeSendRtcp(std::int64_t nowUs);

    /// Fills the stream's part of the statistics.
    void fillStats(CallStats &stats, std::int64_t nowUs);
    std::uint32_t ssrc() const { return m_ssrc; }
    int frameMs() const { return m_frameMs; }

private:
    void sendPacket(std::span<const std::uint8_t> payload, std::int64_t nowUs);
    void onRtp(std::span<std::uint8_t> datagram, std::size_t size, std::int64_t nowUs);
    void onRtcp(std::span<std::uint8_t> datagram, std::size_t size, std::int64_t nowUs);
    void sendDatagram(std::size_t size, bool rtcp);
    void updateReceiveLoss();

    PacketTransport *m_socket = nullptr;
    SocketAddress m_remote;
    StreamOptions m_options;
    int m_localPayloadType = 111;
    int m_remotePayloadType = 111;
    bool m_srtpOn = false;

    // Send side.
    AudioCodec m_sendCodec = AudioCodec::Opus;
    int m_sendClockRatio = 1;    // 48 kHz samples per RTP clock tick we send with
    int m_receiveClockRatio = 1; // ... and receive with
    int m_frameMs = 20;
    OpusAudioEncoder m_encoder;
    G711Encoder m_g711;
    std::unique_ptr<RateController> m_rate;
    std::uint32_t m_ssrc = 0;
    std::uint16_t m_sequence = 0;
    std::uint32_t m_timestamp = 0;
    bool m_marker = true;
    std::array<Sample, 960> m_frame{};
    int m_frameFill = 0;
    SrtpContext m_srtpOut;

    // Receive side.
    std::unique_ptr<RtpSource> m_source;
    JitterBuffer m_jitter;
    SrtpContext m_srtpIn;
    std::uint32_t m_lastSrMiddle = 0;
    std::int64_t m_lastSrArrivalUs = 0;
    std::int64_t m_lossExpectedPrior = 0;
    std::uint64_t m_lossReceivedPrior = 0;
    double m_receiveLoss = 0.0; // smoothed, 0..1
    std::int64_t m_nextLossCheckUs = 0;

    // RTCP.
    std::int64_t m_nextRtcpUs = 0;
    std::uint32_t m_rtcpRandom = 0;
    std::uint32_t m_packetsSentTotal = 0;
    std::uint32_t m_octetsSentTotal = 0;
    double m_rttMs = -1.0;
    double m_remoteLoss = 0.0;
    double m_remoteJitterMs = 0.0;

    // Counters for the statistics (media thread only).
    CallStats m_counters;
    std::int64_t m_startUs = -1;
    std::int64_t m_rateWindowUs = 0;
    std::uint64_t m_wireSentAtWindow = 0;
    std::uint64_t m_wireReceivedAtWindow = 0;
    std::uint64_t m_wireSent = 0;
    std::uint64_t m_wireReceived = 0;
    double m_sendKbps = 0;
    double m_receiveKbps = 0;

    std::array<std::uint8_t, kMaxDatagram + kSrtpMaxOverhead + 64> m_buffer{};
    std::array<std::uint8_t, kMaxDatagram + kSrtpMaxOverhead + 64> m_sendBuffer{};
};

} // namespace crosstalk::voice
