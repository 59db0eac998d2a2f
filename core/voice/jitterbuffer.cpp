// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/jitterbuffer.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace crosstalk::voice {

namespace {
constexpr int kBlock = int(kBlockSamples);
constexpr int kPacketSlots = 64;                      // 1.28 s of 20 ms packets
constexpr std::int64_t kMaxAheadSamples = 5 * kSampleRate; // further ahead is not this stream
constexpr int kResyncGapSamples = 250 * 48;           // a gap no concealment should bridge
constexpr int kGiveUpExpandSamples = kSampleRate;     // 1 s of nothing: stop and re-buffer
constexpr double kQuietRms = 500.0;                   // about -36 dBFS: a pause between words
constexpr int kCrossfade = 240;                       // 5 ms
constexpr int kMaxWaitSamples = 100 * 48;             // NetEq waits up to ~10 expands for a packet

double rms(const Sample *s, int n)
{
    double acc = 0.0;
    for (int i = 0; i < n; ++i)
        acc += double(s[i]) * s[i];
    return n > 0 ? std::sqrt(acc / n) : 0.0;
}
} // namespace

const char *toString(JitterBuffer::Operation op)
{
    switch (op) {
    case JitterBuffer::Operation::Silence: return "silence";
    case JitterBuffer::Operation::Normal: return "normal";
    case JitterBuffer::Operation::Merge: return "merge";
    case JitterBuffer::Operation::Expand: return "expand";
    case JitterBuffer::Operation::FecRecover: return "fec";
    case JitterBuffer::Operation::Accelerate: return "accelerate";
    case JitterBuffer::Operation::Decelerate: return "decelerate";
    }
    return "?";
}

JitterBuffer::JitterBuffer(bool fecEnabled)
    : m_fecEnabled(fecEnabled)
    , m_packets(kPacketSlots)
{
}

bool JitterBuffer::init(std::string &error, AudioCodec codec)
{
    reset();
    return m_decoder.init(codec, error);
}

void JitterBuffer::reset()
{
    m_packets.clear();
    m_estimator.reset();
    m_stats = {};
    m_haveTimestamp = false;
    m_playing = false;
    m_syncSize = 0;
    m_expandedSamples = 0;
    m_waitedSamples = 0;
    m_outOfRangeRun = 0;
    m_played.fill(-1);
}

std::int64_t JitterBuffer::extend(std::uint32_t timestamp)
{
    if (!m_haveTimestamp)
        return (std::int64_t(1) << 32) + timestamp; // start one wrap up so it never goes negative
    return m_lastExtended + std::int32_t(timestamp - std::uint32_t(m_lastExtended));
}

void JitterBuffer::insert(std::uint32_t timestamp, std::span<const std::uint8_t> payload, std::int64_t arrivalUs)
{
    const int samples = m_decoder.packetSamples(payload);
    if (samples <= 0 || samples > kMaxFrame || payload.size() > kMaxOpusPacket) {
        ++m_stats.invalidPackets;
        return;
    }
    const std::int64_t ts = extend(timestamp);
    if (m_playing && ts < m_nextTs) {
        if (wasPlayed(ts)) {
            ++m_stats.duplicatePackets;
        } else {
            ++m_stats.latePackets;
            // Late arrivals are exactly what the target delay must learn from.
            m_estimator.update(ts, arrivalUs, samples / 48);
        }
        return;
    }
    const std::int64_t reference = m_playing ? m_nextTs : m_lastExtended;
    if (m_haveTimestamp && std::llabs(ts - reference) > kMaxAheadSamples) {
        ++m_stats.outOfRangePackets;
        // A few in a row are a new timeline (the sender restarted); one alone is noise.
        if (++m_outOfRangeRun < 3)
            return;
        m_packets.clear();
        m_playing = false;
        m_haveTimestamp = false;
        ++m_stats.resyncs;
        insert(timestamp, payload, arrivalUs);
        return;
    }
    m_outOfRangeRun = 0;
    if (!m_haveTimestamp || ts > m_lastExtended)
        m_lastExtended = ts;
    m_haveTimestamp = true;

    switch (m_packets.insert(ts, samples, arrivalUs, payload)) {
    case PacketBuffer::InsertResult::Duplicate:
        ++m_stats.duplicatePackets;
        return;
    case PacketBuffer::InsertResult::TooLarge:
        ++m_stats.invalidPackets;
        return;
    case PacketBuffer::InsertResult::ReplacedOldest:
        ++m_stats.overflowDiscarded;
        break;
    case PacketBuffer::InsertResult::Inserted:
    case PacketBuffer::InsertResult::Skipped:
        break;
    }
    ++m_stats.packetsInserted;
    m_estimator.update(ts, arrivalUs, samples / 48);
    // The FEC copy of the previous frame, for when that frame does not come in time.
    const std::int64_t previous = ts - samples;
    if (m_fecEnabled && m_decoder.hasFec(payload) && (!m_playing || previous >= m_nextTs)
        && !wasPlayed(previous))
        m_packets.insert(previous, samples, arrivalUs, payload, true);
}

int JitterBuffer::targetSamples() const
{
    return m_estimator.targetMs(m_extraDelayMs) * 48;
}

int JitterBuffer::bufferedSamples() const
{
    if (!m_playing) {
        const BufferedPacket *first = m_packets.earliest();
        return first ? int(m_packets.latestEnd(0) - first->timestamp) : 0;
    }
    // The span up to the newest packet: holes in it will be concealed, which takes time too.
    return int(std::max<std::int64_t>(0, m_packets.latestEnd(m_nextTs) - m_nextTs)) + m_syncSize;
}

void JitterBuffer::startIfReady()
{
    const BufferedPacket *first = m_packets.earliest();
    if (!first)
        return;
    if (bufferedSamples() < targetSamples())
        return;
    m_playing = true;
    m_nextTs = first->timestamp;
    m_expandedSamples = 0;
    m_waitedSamples = 0;
    m_syncSize = 0;
}

void JitterBuffer::pull(Block out)
{
    if (!m_playing)
        startIfReady();
    m_stats.targetDelayMs = targetSamples() / 48;
    m_stats.currentDelayMs = bufferedSamples() / 48;
    if (!m_playing) {
        std::fill(out.begin(), out.end(), Sample(0));
        m_lastOperation = Operation::Silence;
        return;
    }
    // Each produce() appends at least 2.5 ms or drops one quiet block; a few rounds always fill.
    for (int guard = 0; m_syncSize < kBlock && guard < 16 && m_playing; ++guard)
        produce();
    const int n = std::min(m_syncSize, kBlock);
    std::copy_n(m_sync.begin(), n, out.begin());
    std::fill(out.begin() + n, out.end(), Sample(0));
    std::memmove(m_sync.data(), m_sync.data() + n, std::size_t(m_syncSize - n) * sizeof(Sample));
    m_syncSize -= n;
}

void JitterBuffer::produce()
{
    // Packets the timeline has passed (after a jump) can never play.
    m_stats.latePackets += std::uint64_t(m_packets.discardBefore(m_nextTs));
    if (const BufferedPacket *packet = m_packets.find(m_nextTs)) {
        if (packet->fec)
            decodeFecStandIn(*packet);
        else
            decodeInto(*packet, m_expandedSamples > 0);
        return;
    }
    const BufferedPacket *next = m_packets.earliest();
    if (!next) {
        if (m_expandedSamples >= kGiveUpExpandSamples) {
            // The stream stopped (outage, hold): play silence, then buffer again when it is back.
            m_playing = false;
            std::fill_n(m_sync.begin(), kBlock, Sample(0));
            m_syncSize = kBlock;
            m_lastOperation = Operation::Silence;
            return;
        }
        concealWaiting();
        return;
    }
    const std::int64_t gap = next->timestamp - m_nextTs;
    if (gap > kResyncGapSamples || gap % 120 != 0) {
        // Too long to conceal, or off the 2.5 ms grid: start again from what is there.
        m_nextTs = next->timestamp;
        m_waitedSamples = 0;
        ++m_stats.resyncs;
        return;
    }
    if (bufferedSamples() < targetSamples() && m_waitedSamples < kMaxWaitSamples) {
        concealWaiting(); // below target anyway: give a late packet the chance to arrive
        return;
    }
    // The missing audio is lost. What was concealed while waiting already stands in for it.
    const int credit = int(std::min<std::int64_t>(m_waitedSamples / 120 * 120, gap));
    m_waitedSamples = 0;
    if (credit > 0) {
        m_nextTs += credit;
        return;
    }
    concealLost(int(std::min<std::int64_t>(gap, m_lastFrameSamples)));
}

void JitterBuffer::decodeFecStandIn(const BufferedPacket &packet)
{
    const std::int64_t ts = packet.timestamp;
    const int samples = packet.samples;
    const std::span<Sample> frame(m_frame.data(), m_frame.size());
    const int n = m_decoder.decodeFec(packet.payload(), samples, frame);
    m_packets.remove(&packet);
    m_nextTs = ts + samples;
    m_waitedSamples = 0;
    if (n <= 0) {
        m_nextTs = ts;
        concealLost(samples);
        return;
    }
    ++m_stats.fecRecoveredFrames;
    m_lastOperation = Operation::FecRecover;
    m_expandedSamples = 0; // recovered audio is real audio: no merge needed after it
    appendSync(m_frame.data(), std::min(n, samples));
}

void JitterBuffer::decodeInto(const BufferedPacket &packet, bool afterExpand)
{
    const std::int64_t ts = packet.timestamp;
    const int expectedSamples = packet.samples;
    const int n = m_decoder.decode(packet.payload(), std::span<Sample>(m_frame.data(), m_frame.size()));
    m_packets.remove(&packet);
    rememberPlayed(ts);
    m_waitedSamples = 0;
    if (n <= 0) {
        ++m_stats.invalidPackets;
        m_nextTs = ts;
        concealLost(expectedSamples);
        return;
    }
    m_nextTs = ts + n;
    m_lastFrameSamples = n;
    m_expandedSamples = 0;
    if (afterExpand) {
        ++m_stats.mergeFrames;
        m_lastOperation = Operation::Merge;
    } else {
        ++m_stats.normalFrames;
        m_lastOperation = Operation::Normal;
    }
    timeScale(n, afterExpand);
}

void JitterBuffer::timeScale(int n, bool afterExpand)
{
    const int level = bufferedSamples() + n;
    const int target = targetSamples();
    const int margin = std::max(kBlock, target / 4);
    const bool quiet = rms(m_frame.data(), n) < kQuietRms;
    // Far too much buffered (after a delay spike) is shortened even in speech.
    const bool flooded = level > 2 * target + 4 * kBlock;
    if (!afterExpand && ((quiet && level > target + margin) || flooded)) {
        ++m_stats.accelerateOps;
        m_lastOperation = Operation::Accelerate;
        if (n < 2 * kBlock)
            return; // a 10 ms frame is dropped whole
        // Remove one block from the middle with a short crossfade so no click is left.
        const int keep = n - kBlock;
        const int a = (keep - kCrossfade) / 2;
        for (int i = 0; i < kCrossfade; ++i) {
            const double w = double(i + 1) / (kCrossfade + 1);
            m_frame[std::size_t(a + i)] = Sample(std::lround(m_frame[std::size_t(a + i)] * (1.0 - w)
                                                             + m_frame[std::size_t(a + i + kBlock)] * w));
        }
        std::memmove(m_frame.data() + a + kCrossfade, m_frame.data() + a + kCrossfade + kBlock,
                     std::size_t(n - (a + kCrossfade + kBlock)) * sizeof(Sample));
        appendSync(m_frame.data(), keep);
        return;
    }
    appendSync(m_frame.data(), n);
    if (!afterExpand && quiet && level + margin < target) {
        // Stretch a pause by one block of the decoder's own continuation of it.
        const int extra = m_decoder.conceal(kBlock, std::span<Sample>(m_frame.data(), m_frame.size()));
        if (extra > 0) {
            ++m_stats.decelerateOps;
            m_lastOperation = Operation::Decelerate;
            appendSync(m_frame.data(), extra);
        }
    }
}

void JitterBuffer::concealLost(int samples)
{
    samples = std::clamp(samples / 120 * 120, 120, kMaxFrame);
    int n = m_decoder.conceal(samples, std::span<Sample>(m_frame.data(), m_frame.size()));
    if (n <= 0) {
        std::fill_n(m_frame.begin(), samples, Sample(0));
        n = samples;
    }
    ++m_stats.expandFrames;
    m_lastOperation = Operation::Expand;
    m_expandedSamples += samples;
    m_nextTs += samples;
    appendSync(m_frame.data(), std::min(n, samples));
}

void JitterBuffer::concealWaiting()
{
    int n = m_decoder.conceal(kBlock, std::span<Sample>(m_frame.data(), m_frame.size()));
    if (n <= 0) {
        std::fill_n(m_frame.begin(), kBlock, Sample(0));
        n = kBlock;
    }
    ++m_stats.expandFrames;
    m_lastOperation = Operation::Expand;
    m_expandedSamples += kBlock;
    m_waitedSamples += kBlock;
    appendSync(m_frame.data(), std::min(n, kBlock));
}

void JitterBuffer::appendSync(const Sample *samples, int count)
{
    count = std::min(count, kSyncCapacity - m_syncSize);
    std::copy_n(samples, count, m_sync.begin() + m_syncSize);
    m_syncSize += count;
}

void JitterBuffer::rememberPlayed(std::int64_t timestamp)
{
    m_played[std::size_t(m_playedNext)] = timestamp;
    m_playedNext = (m_playedNext + 1) % kRecentPlayed;
}

bool JitterBuffer::wasPlayed(std::int64_t timestamp) const
{
    return std::find(m_played.begin(), m_played.end(), timestamp) != m_played.end();
}

} // namespace crosstalk::voice
