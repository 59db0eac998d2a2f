// SPDX-License-Identifier: GPL-3.0-or-later
// A call's live statistics: a plain snapshot the media thread publishes and any thread copies.
#pragma once

#include "core/voice/audiodevice.h"
#include "core/voice/mediadescription.h"

#include <cstdint>

namespace crosstalk::voice {

struct CallStats
{
    bool running = false;
    bool muted = false;
    bool held = false;
    bool srtp = false;
    double seconds = 0;              ///< since start, on the session's clock

    // Rates over the last second; "wire" counts IP and UDP headers (28 bytes a datagram).
    double sendBitrateKbps = 0;
    double receiveBitrateKbps = 0;
    AudioCodec sendCodec = AudioCodec::Opus; ///< what we send (codecName() for the details panel)
    int encoderBitrate = 0;          ///< what Opus is asked for now (64000 for G.711)
    bool fecActive = false;          ///< the encoder is adding in-band FEC
    int expectedLossPercent = 0;     ///< what the encoder was told

    // Reception quality of the peer's stream.
    double lossPercent = 0;          ///< packets never received, over the call
    double latePercent = 0;          ///< received after their playout time
    double jitterMs = 0;             ///< RFC 3550 interarrival jitter
    double rttMs = -1;               ///< from RTCP SR/RR; -1 until known
    double remoteLossPercent = 0;    ///< the peer's view of our stream (last RR)
    double remoteJitterMs = 0;
    int jitterBufferMs = 0;          ///< audio buffered for playout now
    int jitterTargetMs = 0;
    double mos = 0;                  ///< E-model estimate, 1..4.5 (0 before any audio)

    // Playout operations (NetEq's names).
    std::uint64_t normalFrames = 0;
    std::uint64_t mergeFrames = 0;
    std::uint64_t concealedFrames = 0;    ///< expand: PLC for a missing frame
    std::uint64_t fecRecoveredFrames = 0; ///< lost frames rebuilt from the next packet's FEC
    std::uint64_t accelerateOps = 0;
    std::uint64_t decelerateOps = 0;
    std::uint64_t resyncs = 0;

    // Counters.
    std::uint64_t packetsSent = 0;
    std::uint64_t bytesSent = 0;          ///< UDP payload bytes
    std::uint64_t rtcpSent = 0;
    std::uint64_t datagramsReceived = 0;  ///< everything that reached the port
    std::uint64_t packetsAccepted = 0;    ///< RTP packets handed to the jitter buffer
    std::uint64_t rtcpReceived = 0;

    // Why received datagrams were dropped.
    std::uint64_t droppedOversized = 0;   ///< larger than the MTU-sized buffer
    std::uint64_t droppedMalformed = 0;   ///< failed RTP header validation
    std::uint64_t droppedPayloadType = 0;
    std::uint64_t droppedSsrc = 0;        ///< another sender than the locked one
    std::uint64_t droppedProbation = 0;   ///< a new sender's first packets (RFC 3550 A.1)
    std::uint64_t droppedSequence = 0;    ///< wildly out-of-range sequence numbers
    std::uint64_t droppedSrtpAuth = 0;    ///< SRTP/SRTCP authentication tag wrong
    std::uint64_t droppedSrtpReplay = 0;  ///< SRTP replay window
    std::uint64_t droppedRtcp = 0;        ///< malformed RTCP
    std::uint64_t droppedLate = 0;
    std::uint64_t droppedDuplicate = 0;
    std::uint64_t droppedOutOfRange = 0;  ///< timestamp absurdly far from the playout point
    std::uint64_t droppedUndecodable = 0; ///< not a valid Opus packet
    std::uint64_t droppedFlood = 0;       ///< left unread because a tick was due (rate limit)

    // The media thread itself.
    double tickP99Us = 0;                 ///< 99th percentile of a tick's thread CPU time
    double tickWallP99Us = 0;             ///< ... of its wall time (includes preemption)
    double tickMaxUs = 0;                 ///< longest tick, wall time
    double mediaCpuPercent = 0;           ///< of one core (real-time clock only)
    DeviceStats device;
    bool deviceFailed = false;
    /// Peaks since the previous snapshot (0..1): the microphone as captured (before mute) and
    /// what went to the speaker. For the call window's level meters.
    float inputLevel = 0;
    float outputLevel = 0;
};

/// ITU-T G.107 E-model, simplified as is usual for VoIP monitors: R = 93.2 - Id - Ie,eff with
/// the delay impairment Id from the one-way mouth-to-ear delay and Ie,eff for Opus (Ie = 0 with
/// loss robustness Bpl = 20, as with FEC/PLC), then R mapped to MOS.
double estimateMos(double oneWayDelayMs, double lossPercent);

} // namespace crosstalk::voice
