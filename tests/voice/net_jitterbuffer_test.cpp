// SPDX-License-Identifier: GPL-3.0-or-later
// The adaptive jitter buffer fed with real Opus packets on a simulated arrival schedule.
#include "core/voice/jitterbuffer.h"
#include "core/voice/opuscodec.h"
#include "tests/support/net/virtualcall.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <vector>

using namespace crosstalk::voice;
using crosstalk::test::voicedSignal;

namespace {

struct Packet
{
    std::uint32_t timestamp;
    std::vector<std::uint8_t> data;
};

std::vector<Packet> encodeStream(double seconds, std::uint32_t firstTimestamp, int expectedLoss = 0, int frameMs = 20)
{
    const auto signal = voicedSignal(seconds);
    OpusAudioEncoder enc;
    EncoderConfig cfg;
    cfg.frameMs = frameMs;
    std::string error;
    REQUIRE(enc.init(cfg, error));
    enc.setExpectedLoss(expectedLoss);
    const int frame = enc.frameSamples();
    std::vector<Packet> out;
    for (std::size_t i = 0; i + std::size_t(frame) <= signal.size(); i += std::size_t(frame)) {
        std::vector<std::uint8_t> p(kMaxOpusPacket);
        const int n = enc.encode(std::span(signal.data() + i, std::size_t(frame)), p);
        REQUIRE(n > 0);
        p.resize(std::size_t(n));
        out.push_back({std::uint32_t(firstTimestamp + i), std::move(p)});
    }
    return out;
}

/// Delivers packets at their scheduled arrival times (us) and pulls every 10 ms.
struct Schedule
{
    std::vector<std::pair<std::int64_t, std::size_t>> arrivals; // (time, packet index)
};

JitterBufferStats play(JitterBuffer &jb, const std::vector<Packet> &packets, Schedule schedule, std::int64_t untilUs,
                       std::vector<Sample> *output = nullptr)
{
    std::stable_sort(schedule.arrivals.begin(), schedule.arrivals.end(),
                     [](auto &a, auto &b) { return a.first < b.first; });
    std::size_t next = 0;
    std::array<Sample, kBlockSamples> block{};
    for (std::int64_t t = 0; t < untilUs; t += 10000) {
        while (next < schedule.arrivals.size() && schedule.arrivals[next].first <= t) {
            const Packet &p = packets[schedule.arrivals[next].second];
            jb.insert(p.timestamp, p.data, schedule.arrivals[next].first);
            ++next;
        }
        jb.pull(block);
        if (output)
            output->insert(output->end(), block.begin(), block.end());
    }
    return jb.stats();
}

Schedule regular(std::size_t count, int frameMs = 20)
{
    Schedule s;
    for (std::size_t i = 0; i < count; ++i)
        s.arrivals.push_back({std::int64_t(i) * frameMs * 1000 + 1000, i});
    return s;
}

} // namespace

TEST_CASE("Jitter buffer: a steady stream plays with no concealment and low delay")
{
    const auto packets = encodeStream(5.0, 1000);
    JitterBuffer jb;
    std::string error;
    REQUIRE(jb.init(error));
    const auto st = play(jb, packets, regular(packets.size()), 4'800'000);
    CHECK(st.expandFrames == 0);
    CHECK(st.latePackets == 0);
    CHECK(st.normalFrames + st.accelerateOps >= 4800 / 20 - 5); // all that was due by the end
    CHECK(st.targetDelayMs <= 30);
    CHECK(st.currentDelayMs <= 50);
}

TEST_CASE("Jitter buffer: duplicates are dropped and counted, output unchanged")
{
    const auto packets = encodeStream(3.0, 5000);
    Schedule s = regular(packets.size());
    for (std::size_t i = 0; i < packets.size(); i += 3)
        s.arrivals.push_back({std::int64_t(i) * 20000 + 3000, i}); // the same packet again, 2 ms later
    JitterBuffer clean, dup;
    std::string error;
    REQUIRE(clean.init(error));
    REQUIRE(dup.init(error));
    std::vector<Sample> a, b;
    const auto ref = play(clean, packets, regular(packets.size()), 3'100'000, &a);
    const auto st = play(dup, packets, s, 3'100'000, &b);
    CHECK(st.duplicatePackets == (packets.size() + 2) / 3);
    CHECK(st.expandFrames == ref.expandFrames); // only the end of the stream
    CHECK(a == b);
}

TEST_CASE("Jitter buffer: reordering within the target delay costs nothing")
{
    const auto packets = encodeStream(4.0, 77);
    Schedule s;
    for (std::size_t i = 0; i < packets.size(); ++i) {
        // Swap every pair: packet 2k+1 arrives before 2k, 10 ms apart.
        const std::size_t j = (i % 2 == 0 && i + 1 < packets.size()) ? i + 1 : (i % 2 == 1 ? i - 1 : i);
        s.arrivals.push_back({std::int64_t(i) * 20000 + 15000, j});
    }
    JitterBuffer jb;
    std::string error;
    REQUIRE(jb.init(error));
    const auto st = play(jb, packets, s, 4'010'000); // just past the last arrival
    INFO("late " << st.latePackets << " expand " << st.expandFrames << " target " << st.targetDelayMs);
    // Packet 1 comes first and may start playout, making packet 0 late; nothing else is lost.
    CHECK(st.latePackets <= 1);
    CHECK(st.expandFrames <= 6); // waiting for the swapped packets until the target has grown
    CHECK(st.packetsInserted >= packets.size() - 1);
}

TEST_CASE("Jitter buffer: RTP timestamp wrap is seamless")
{
    const auto packets = encodeStream(3.0, 0xFFFFFFFFu - 960 * 40); // wraps after 40 packets
    JitterBuffer jb;
    std::string error;
    REQUIRE(jb.init(error));
    const auto st = play(jb, packets, regular(packets.size()), 2'900'000);
    CHECK(st.resyncs == 0);
    CHECK(st.expandFrames == 0);
    CHECK(st.latePackets == 0);
    CHECK(st.outOfRangePackets == 0);
}

TEST_CASE("Jitter buffer: late packets are concealed, then dropped and counted")
{
    const auto packets = encodeStream(3.0, 10);
    Schedule s = regular(packets.size());
    for (std::size_t i = 50; i < packets.size(); i += 25)
        s.arrivals[i].first += 300'000; // 300 ms late: far beyond any target
    JitterBuffer jb;
    std::string error;
    REQUIRE(jb.init(error));
    const auto st = play(jb, packets, s, 2'900'000);
    const std::uint64_t delayed = (packets.size() - 50 + 24) / 25;
    CHECK(st.latePackets >= delayed - 1);
    CHECK(st.expandFrames + st.fecRecoveredFrames >= delayed - 1);
}

TEST_CASE("Jitter buffer: an isolated loss is rebuilt from the next packet's FEC")
{
    const auto packets = encodeStream(4.0, 999, 10); // encoder told to expect 10 % loss: FEC on
    std::size_t withFec = 0;
    for (const auto &p : packets)
        withFec += OpusAudioDecoder::hasFec(p.data) ? 1 : 0;
    CHECK(withFec > packets.size() / 2);

    Schedule s;
    std::size_t dropped = 0;
    for (std::size_t i = 0; i < packets.size(); ++i) {
        if (i > 20 && i % 10 == 0) {
            ++dropped;
            continue;
        }
        s.arrivals.push_back({std::int64_t(i) * 20000 + 1000, i});
    }
    JitterBuffer fec(true), plc(false);
    std::string error;
    REQUIRE(fec.init(error));
    REQUIRE(plc.init(error));
    // One packet of extra delay, as the session adds on a lossy path, so the next one is there.
    fec.setExtraDelayMs(20);
    plc.setExtraDelayMs(20);
    const auto a = play(fec, packets, s, 3'900'000);
    const auto b = play(plc, packets, s, 3'900'000);
    INFO("dropped " << dropped << " fec " << a.fecRecoveredFrames << " expand " << a.expandFrames);
    CHECK(a.fecRecoveredFrames >= dropped * 8 / 10);
    CHECK(b.fecRecoveredFrames == 0);
    CHECK(b.expandFrames >= dropped * 8 / 10);
}

TEST_CASE("Jitter buffer: target follows jitter up and back down, time-scaling in pauses")
{
    const auto packets = encodeStream(20.0, 4242);
    std::mt19937 rng(3);
    std::uniform_int_distribution<int> jitter(-30000, 30000);
    Schedule s;
    for (std::size_t i = 0; i < packets.size(); ++i) {
        const bool jittery = i < packets.size() * 3 / 10; // 6 s of jitter, then 14 s steady
        const std::int64_t base = std::int64_t(i) * 20000 + 40000;
        s.arrivals.push_back({base + (jittery ? jitter(rng) : 0), i});
    }
    JitterBuffer jb;
    std::string error;
    REQUIRE(jb.init(error));
    std::vector<Sample> out;
    int peakTarget = 0;
    std::size_t next = 0;
    std::stable_sort(s.arrivals.begin(), s.arrivals.end(), [](auto &a, auto &b) { return a.first < b.first; });
    std::array<Sample, kBlockSamples> block{};
    for (std::int64_t t = 0; t < 20'000'000; t += 10000) {
        while (next < s.arrivals.size() && s.arrivals[next].first <= t) {
            jb.insert(packets[s.arrivals[next].second].timestamp, packets[s.arrivals[next].second].data,
                      s.arrivals[next].first);
            ++next;
        }
        jb.pull(block);
        if (t > 3'000'000 && t < 6'000'000)
            peakTarget = std::max(peakTarget, jb.stats().targetDelayMs);
    }
    const auto st = jb.stats();
    INFO("peak target " << peakTarget << " final target " << st.targetDelayMs << " late " << st.latePackets
                        << " accel " << st.accelerateOps << " decel " << st.decelerateOps);
    CHECK(peakTarget >= 60);  // ±30 ms of jitter needs ~60 ms + one packet
    CHECK(peakTarget <= 120);
    // Steady again: back down. The histogram forgets over ~4 s (as NetEq, slow to trust a calm
    // network), so this takes several seconds.
    CHECK(st.targetDelayMs <= 30);
    CHECK(st.currentDelayMs <= 60); // ... and the buffer drained by accelerating in pauses
    CHECK(st.accelerateOps > 0);
    CHECK(st.latePackets < packets.size() / 20); // under 5 % late while jittery
}

TEST_CASE("Jitter buffer: absurd timestamps and garbage payloads are dropped and counted")
{
    const auto packets = encodeStream(3.0, 100000);
    JitterBuffer jb;
    std::string error;
    REQUIRE(jb.init(error));
    std::size_t next = 0;
    std::array<Sample, kBlockSamples> block{};
    const std::vector<std::uint8_t> garbage = {0xFF, 0xFF, 0xFF}; // code 3 with an invalid count
    for (std::int64_t t = 0; t < 2'900'000; t += 10000) {
        while (next < packets.size() && std::int64_t(next) * 20000 <= t) {
            jb.insert(packets[next].timestamp, packets[next].data, t);
            if (next % 20 == 5)
                jb.insert(packets[next].timestamp + 0x40000000u, packets[next].data, t); // a jump of hours
            if (next % 20 == 7)
                jb.insert(packets[next].timestamp + 960, garbage, t);
            ++next;
        }
        jb.pull(block);
    }
    const auto st = jb.stats();
    CHECK(st.outOfRangePackets >= 6);
    CHECK(st.invalidPackets >= 6);
    CHECK(st.resyncs == 0); // single strays never move the timeline
    CHECK(st.expandFrames == 0);
}
