// SPDX-License-Identifier: GPL-3.0-or-later
// Adaptive jitter buffer with NetEq's operations. Packets go in as they arrive (any order,
// duplicates, late); every 10 ms the media thread pulls one block and the buffer decides how to
// make it: Normal (decode the next packet), Merge (decode after concealment), Expand (conceal a
// missing packet: FEC from the next packet when it is there, Opus PLC otherwise), Accelerate
// (drop 10 ms of a quiet frame when the buffer holds more than the target) or Decelerate
// (stretch a quiet frame by 10 ms of PLC when it holds less).
//
// FEC as in NetEq: a packet carrying FEC data also goes in as a stand-in ("secondary") for the
// frame before it; if the real packet is still missing when that frame is due, the stand-in is
// decoded with decode_fec=1 from the NEXT packet's data. A missing frame with no stand-in is
// concealed; while the buffer is below target the timeline waits (the packet may be late),
// otherwise the frame is declared lost.
#pragma once

#include "core/voice/audioformat.h"
#include "core/voice/delayestimator.h"
#include "core/voice/opuscodec.h"
#include "core/voice/payloaddecoder.h"
#include "core/voice/packetbuffer.h"

#include <array>
#include <cstdint>
#include <span>

namespace crosstalk::voice {

struct JitterBufferStats
{
    std::uint64_t packetsInserted = 0;
    std::uint64_t latePackets = 0;       ///< arrived after their playout time: dropped
    std::uint64_t duplicatePackets = 0;  ///< already buffered or already played: dropped
    std::uint64_t invalidPackets = 0;    ///< not a decodable Opus packet
    std::uint64_t outOfRangePackets = 0; ///< timestamp absurdly far ahead: dropped
    std::uint64_t overflowDiscarded = 0; ///< pushed out of a full buffer
    std::uint64_t normalFrames = 0;
    std::uint64_t mergeFrames = 0;
    std::uint64_t expandFrames = 0;      ///< concealed by PLC (a missing packet, or a stalled stream)
    std::uint64_t fecRecoveredFrames = 0;
    std::uint64_t accelerateOps = 0;
    std::uint64_t decelerateOps = 0;
    std::uint64_t resyncs = 0;           ///< timeline jumped (sender restart, long outage)
    int currentDelayMs = 0;              ///< audio buffered (packets + decoded) at the last pull
    int targetDelayMs = 0;
};

class JitterBuffer
{
public:
    enum class Operation { Silence, Normal, Merge, Expand, FecRecover, Accelerate, Decelerate };

    /// `fecEnabled`: recover from the next packet's FEC data (turn off to measure concealment only).
    explicit JitterBuffer(bool fecEnabled = true);
    /// `codec`: what the packets carry (the local side's negotiated codec).
    bool init(std::string &error, AudioCodec codec = AudioCodec::Opus);

    /// A received, validated RTP payload. `timestamp` is the packet's 32-bit RTP timestamp.
    void insert(std::uint32_t timestamp, std::span<const std::uint8_t> payload, std::int64_t arrivalUs);

    /// Produces exactly one 10 ms block for the speaker.
    void pull(Block out);

    /// Extra target delay (ms) on top of the jitter estimate, e.g. one packet while packets are
    /// being lost, so the packet after a lost one is usually there in time for FEC recovery.
    void setExtraDelayMs(int ms) { m_extraDelayMs = ms; }
    /// The floor of the target delay (default 20 ms).
    void setMinimumDelayMs(int ms) { m_estimator.setMinimumMs(ms); }
    /// Turns FEC recovery off (concealment only), for comparisons.
    void setFecRecovery(bool enabled) { m_fecEnabled = enabled; }
    const JitterBufferStats &stats() const { return m_stats; }
    Operation lastOperation() const { return m_lastOperation; }
    void reset();

private:
    static constexpr int kMaxFrame = 5760;                 // 120 ms, the longest Opus packet
    static constexpr int kSyncCapacity = kMaxFrame + 2 * 960; // decoded audio waiting to play
    static constexpr int kRecentPlayed = 64;

    std::int64_t extend(std::uint32_t timestamp);
    void produce();
    void decodeInto(const BufferedPacket &packet, bool afterExpand);
    void decodeFecStandIn(const BufferedPacket &packet);
    /// Conceals `samples` and moves the timeline past them (the audio there is lost).
    void concealLost(int samples);
    /// Conceals one block without moving the timeline: the packet may still come (late).
    void concealWaiting();
    void timeScale(int n, bool afterExpand);
    void appendSync(const Sample *samples, int count);
    void rememberPlayed(std::int64_t timestamp);
    bool wasPlayed(std::int64_t timestamp) const;
    int bufferedSamples() const;
    int targetSamples() const;
    void startIfReady();

    bool m_fecEnabled;
    PayloadDecoder m_decoder;
    PacketBuffer m_packets;
    DelayEstimator m_estimator;
    JitterBufferStats m_stats;
    Operation m_lastOperation = Operation::Silence;

    bool m_haveTimestamp = false;
    std::int64_t m_lastExtended = 0; // for unwrapping 32-bit timestamps
    bool m_playing = false;
    std::int64_t m_nextTs = 0;       // timestamp of the next sample to decode
    int m_lastFrameSamples = 960;
    int m_expandedSamples = 0;       // consecutive concealment
    int m_waitedSamples = 0;         // concealment that did not advance the timeline
    int m_outOfRangeRun = 0;
    int m_extraDelayMs = 0;

    std::array<Sample, kSyncCapacity> m_sync{};
    int m_syncSize = 0;
    std::array<Sample, kMaxFrame> m_frame{};
    std::array<std::int64_t, kRecentPlayed> m_played{};
    int m_playedNext = 0;
};

const char *toString(JitterBuffer::Operation op);

} // namespace crosstalk::voice
