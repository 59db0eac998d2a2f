// SPDX-License-Identifier: GPL-3.0-or-later
// Hostile input at a live call's port: the call goes on and the counters say what was dropped.
#include "core/voice/callsession.h"
#include "core/voice/filedevice.h"
#include "core/voice/mediastream.h"
#include "core/voice/opuscodec.h"
#include "core/voice/rtppacket.h"
#include "core/voice/udptransport.h"
#include "tests/support/audio/audioquality.h"
#include "tests/support/net/virtualcall.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <random>
#include <thread>

using namespace crosstalk::voice;
using namespace crosstalk::test;

namespace {

std::uint64_t totalDropped(const CallStats &s)
{
    return s.droppedOversized + s.droppedMalformed + s.droppedPayloadType + s.droppedSsrc + s.droppedProbation
        + s.droppedSequence + s.droppedSrtpAuth + s.droppedSrtpReplay + s.droppedRtcp;
}

/// The call still carries A's voice to B: correlation over the last seconds.
double lastSecondsCorrelation(const std::vector<Sample> &input, const std::vector<Sample> &played, double from,
                              double seconds)
{
    const std::size_t a = std::size_t(from * kSampleRate);
    const std::size_t n = std::size_t(seconds * kSampleRate);
    if (played.size() < a + n + 24000)
        return 0.0;
    std::vector<Sample> in(input.begin() + std::ptrdiff_t(a) - 12000, input.begin() + std::ptrdiff_t(a + n));
    std::vector<Sample> out(played.begin() + std::ptrdiff_t(a) - 12000, played.begin() + std::ptrdiff_t(a + n + 12000));
    return estimateDelay(in, out, 24000).correlation;
}

struct Injector
{
    UdpSocket socket;
    SocketAddress target;
    Injector(std::uint16_t port)
    {
        std::string error;
        SocketAddress any;
        SocketAddress::parse("127.0.0.1", 0, any);
        REQUIRE(socket.bind(any, error));
        SocketAddress::parse("127.0.0.1", port, target);
    }
    void send(std::span<const std::uint8_t> d) { socket.sendTo(d, target); }
};

} // namespace

TEST_CASE("Bad input: random bytes, truncated and oversized datagrams")
{
    VirtualCallSetup setup;
    setup.inputA = testSpeech(8.0);
    VirtualCall call(setup);
    std::string error;
    REQUIRE(call.start(error));
    Injector inject(call.portB());
    std::mt19937 rng(42);
    std::uint64_t sent = 0;
    std::vector<std::uint8_t> lastReal;
    call.relay().setTap([&](ImpairmentRelay::Direction d, std::span<const std::uint8_t> p) {
        if (d == ImpairmentRelay::Direction::AtoB && !looksLikeRtcp(p))
            lastReal.assign(p.begin(), p.end());
    });
    call.runUntil(8.0, [&](std::int64_t now) {
        if (now < 1'000'000 || now > 6'000'000)
            return;
        std::vector<std::uint8_t> junk(rng() % 1700);
        for (auto &b : junk)
            b = std::uint8_t(rng());
        inject.send(junk); // random bytes, sometimes larger than any valid packet
        ++sent;
        if (!lastReal.empty() && now % 3000 == 0) {
            inject.send(std::span(lastReal.data(), std::min<std::size_t>(11, lastReal.size()))); // truncated header
            std::vector<std::uint8_t> big(lastReal);
            big.resize(4000, 0x55); // oversized
            inject.send(big);
            sent += 2;
        }
    });
    const CallStats b = call.b().stats();
    call.stop();
    INFO("malformed " << b.droppedMalformed << " oversized " << b.droppedOversized << " pt " << b.droppedPayloadType
                      << " rtcp " << b.droppedRtcp << " ssrc " << b.droppedSsrc << " seq " << b.droppedSequence);
    CHECK(totalDropped(b) + b.droppedUndecodable + b.droppedLate + b.droppedDuplicate >= sent * 99 / 100);
    CHECK(b.droppedOversized > 1000);
    CHECK(b.droppedMalformed > 1000);
    CHECK(b.device.playbackUnderruns == 0);
    CHECK(b.concealedFrames < 10);
    CHECK(lastSecondsCorrelation(setup.inputA, call.playedB(), 6.5, 1.0) > 0.7);
}

TEST_CASE("Bad input: wrong SSRC, replayed and wildly out-of-range sequence numbers")
{
    VirtualCallSetup setup;
    setup.inputA = testSpeech(8.0);
    VirtualCall call(setup);
    std::string error;
    REQUIRE(call.start(error));
    Injector inject(call.portB());
    std::vector<std::vector<std::uint8_t>> history;
    call.relay().setTap([&](ImpairmentRelay::Direction d, std::span<const std::uint8_t> p) {
        if (d == ImpairmentRelay::Direction::AtoB && !looksLikeRtcp(p))
            history.emplace_back(p.begin(), p.end());
    });
    std::uint64_t wrongSsrc = 0, replayed = 0, wild = 0;
    call.runUntil(8.0, [&](std::int64_t now) {
        if (now < 1'000'000 || now > 6'000'000 || now % 5000 != 0 || history.size() < 30)
            return;
        auto p = history.back();
        // Another sender's SSRC with otherwise plausible fields.
        writeU32(p.data() + 8, readU32(p.data() + 8) ^ 0x5A5A5A5A);
        inject.send(p);
        ++wrongSsrc;
        // A replay of a packet from 0.5 s ago, and one from long ago.
        inject.send(history[history.size() - 25]);
        inject.send(history[history.size() / 2]);
        replayed += 2;
        // The right SSRC with a sequence number thousands away.
        p = history.back();
        writeU16(p.data() + 2, std::uint16_t(readU16(p.data() + 2) + 20000 + std::uint16_t(now / 5000)));
        inject.send(p);
        ++wild;
    });
    const CallStats b = call.b().stats();
    call.stop();
    INFO("ssrc " << b.droppedSsrc << " seq " << b.droppedSequence << " dup " << b.droppedDuplicate << " late "
                 << b.droppedLate << " resyncs " << b.resyncs);
    CHECK(b.droppedSsrc >= wrongSsrc);
    CHECK(b.droppedSequence + b.droppedDuplicate + b.droppedLate >= replayed + wild - 5);
    CHECK(b.droppedSequence >= wild / 2);
    CHECK(b.resyncs == 0);
    CHECK(b.device.playbackUnderruns == 0);
    CHECK(b.concealedFrames < 10);
    CHECK(lastSecondsCorrelation(setup.inputA, call.playedB(), 6.5, 1.0) > 0.7);
}

TEST_CASE("Bad input: SRTP packets with a bad tag or replayed are dropped")
{
    VirtualCallSetup setup;
    setup.srtp = true;
    setup.inputA = testSpeech(6.0);
    VirtualCall call(setup);
    std::string error;
    REQUIRE(call.start(error));
    Injector inject(call.portB());
    std::vector<std::uint8_t> last;
    call.relay().setTap([&](ImpairmentRelay::Direction d, std::span<const std::uint8_t> p) {
        if (d == ImpairmentRelay::Direction::AtoB && !looksLikeRtcp(p))
            last.assign(p.begin(), p.end());
    });
    std::uint64_t forged = 0, replays = 0, plain = 0;
    call.runUntil(6.0, [&](std::int64_t now) {
        if (now < 1'000'000 || now > 5'000'000 || now % 10000 != 0 || last.empty())
            return;
        // libsrtp checks the replay window before the tag, so forgeries use sequence numbers
        // not yet seen: only the authentication tag can reject them.
        const std::uint16_t seq = readU16(last.data() + 2);
        auto p = last;
        p.back() ^= 0x01; // tag broken
        writeU16(p.data() + 2, std::uint16_t(seq + 1));
        inject.send(p);
        ++forged;
        p = last;
        p[20] ^= 0x80; // payload changed under the old tag
        writeU16(p.data() + 2, std::uint16_t(seq + 2));
        inject.send(p);
        ++forged;
        if (now % 50000 == 0) {
            inject.send(last); // an exact replay: authentic, but already seen
            ++replays;
        }
        std::vector<std::uint8_t> clear(last.begin(), last.end() - 10); // plain RTP, no tag
        writeU16(clear.data() + 2, std::uint16_t(seq + 3));
        inject.send(clear);
        ++plain;
    });
    const CallStats b = call.b().stats();
    call.stop();
    INFO("auth " << b.droppedSrtpAuth << " replay " << b.droppedSrtpReplay);
    CHECK(b.droppedSrtpAuth >= forged + plain);
    CHECK(b.droppedSrtpReplay >= replays * 9 / 10);
    CHECK(b.device.playbackUnderruns == 0);
    CHECK(b.concealedFrames < 10);
    CHECK(lastSecondsCorrelation(setup.inputA, call.playedB(), 4.0, 1.0) > 0.7);
}

TEST_CASE("Bad input: a flood of 50,000 packets/s at the port (real time, loopback)")
{
    const auto speech = testSpeech(6.0);
    FileDeviceConfig ca;
    ca.clock = FileDeviceConfig::Clock::RealTime;
    ca.inputSamples = speech;
    ca.loopInput = true;
    FileDeviceConfig cb = ca;
    FileDevice devA(ca), devB(cb);
    CallSession a(devA), b(devB);
    MediaDescription la, lb;
    la.candidates = lb.candidates = {TransportCandidate{"127.0.0.1", 0, 1}};
    std::string error;
    REQUIRE(a.open(la, error));
    REQUIRE(b.open(lb, error));
    REQUIRE(a.start(b.localDescription(), error));
    REQUIRE(b.start(a.localDescription(), error));
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    const CallStats before = b.stats();

    Injector inject(b.localDescription().candidates[0].port);
    std::mt19937 rng(9);
    std::vector<std::uint8_t> rtp(172);
    RtpHeader h;
    h.payloadType = 111;
    h.ssrc = 0xBAD5EED;
    std::uint64_t sent = 0;
    const auto floodStart = std::chrono::steady_clock::now();
    auto next = floodStart;
    // 2 s at 50,000 datagrams/s, in 500-datagram bursts every 10 ms.
    for (int burst = 0; burst < 200; ++burst) {
        for (int i = 0; i < 500; ++i) {
            if (i % 2 == 0) {
                for (auto &x : rtp)
                    x = std::uint8_t(rng());
            } else {
                h.sequence = std::uint16_t(sent);
                h.timestamp = std::uint32_t(sent * 960);
                writeRtp(h, std::span(rtp.data(), 160), rtp);
            }
            inject.send(rtp);
            ++sent;
        }
        next += std::chrono::milliseconds(10);
        std::this_thread::sleep_until(next);
    }
    const double floodSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - floodStart).count();
    const CallStats during = b.stats();
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    const CallStats after = b.stats();
    a.stop();
    b.stop();
    const std::uint64_t dropped = totalDropped(after) - totalDropped(before) + after.droppedFlood;
    const std::uint64_t accepted = during.packetsAccepted - before.packetsAccepted;
    INFO("flood " << sent << " in " << floodSeconds << " s; dropped by us " << totalDropped(after)
                  << ", by the kernel " << after.droppedFlood << "; A's packets accepted during flood " << accepted
                  << "; underruns " << after.device.playbackUnderruns << "; tick p99 " << after.tickP99Us
                  << " us, max " << after.tickMaxUs << " us");
    CHECK(floodSeconds < 3.0);
    CHECK(dropped >= sent * 95 / 100);
    CHECK(after.droppedSsrc > 0);
    CHECK(accepted >= std::uint64_t(floodSeconds * 50 * 0.9)); // A's voice kept getting through
    CHECK(after.packetsAccepted > during.packetsAccepted + 40); // and still does afterwards
    CHECK(after.device.playbackUnderruns <= before.device.playbackUnderruns + 5);
}

TEST_CASE("Bad input: 100,000 mutated RTP and RTCP datagrams into a live stream, plain and SRTP")
{
    // A cheap in-process fuzzer: valid packets with random byte flips, truncations, garbage and
    // RTCP type bytes go straight into MediaStream::onDatagram while it keeps playing. (Also run
    // under -fsanitize=address,undefined with 400,000 per mode while developing: clean.)
    for (bool srtp : {false, true}) {
        UdpSocket socket;
        std::string error;
        SocketAddress loopback;
        SocketAddress::parse("127.0.0.1", 0, loopback);
        REQUIRE(socket.bind(loopback, error));
        MediaDescription local, remote;
        local.candidates = remote.candidates = {TransportCandidate{"127.0.0.1", 9, 1}};
        remote.ssrc = 0x1234;
        if (srtp) {
            local.srtp = makeRandomSrtpKeys();
            remote.srtp = makeRandomSrtpKeys();
        }
        MediaStream stream;
        REQUIRE(stream.init(local, remote, {}, socket, error));
        OpusAudioEncoder encoder;
        REQUIRE(encoder.init({}, error));
        encoder.setExpectedLoss(10);
        std::vector<Sample> pcm(960);
        for (std::size_t i = 0; i < pcm.size(); ++i)
            pcm[i] = Sample(3000 * std::sin(double(i) * 0.05));
        std::vector<std::uint8_t> opus(kMaxOpusPacket);
        opus.resize(std::size_t(encoder.encode(pcm, opus)));
        std::mt19937 rng(srtp ? 2 : 1);
        std::array<Sample, kBlockSamples> capture{}, playback{};
        std::vector<std::uint8_t> packet(kMaxDatagram);
        for (int i = 0; i < 100000; ++i) {
            RtpHeader h;
            h.payloadType = 111;
            h.ssrc = rng() % 4 == 0 ? std::uint32_t(rng()) : 0x1234;
            h.sequence = std::uint16_t(i + (rng() % 50 == 0 ? rng() : 0));
            h.timestamp = std::uint32_t(i * 960 + (rng() % 50 == 0 ? rng() : 0));
            packet.resize(kMaxDatagram);
            packet.resize(writeRtp(h, opus, packet));
            for (int m = int(rng() % 6); m > 0; --m)
                packet[rng() % packet.size()] = std::uint8_t(rng());
            if (rng() % 5 == 0)
                packet.resize(rng() % (packet.size() + 1));
            if (rng() % 20 == 0) {
                packet.resize(rng() % 1600);
                for (auto &b : packet)
                    b = std::uint8_t(rng());
            }
            if (rng() % 30 == 0 && packet.size() >= 2)
                packet[1] = std::uint8_t(200 + rng() % 5);
            stream.onDatagram(packet, std::int64_t(i) * 1000);
            if (i % 10 == 0)
                stream.tick(capture, playback, true, std::int64_t(i) * 1000);
        }
        CallStats s;
        stream.fillStats(s, 100'000'000);
        const std::uint64_t accounted = s.packetsAccepted + s.rtcpReceived + totalDropped(s);
        INFO((srtp ? "SRTP" : "plain") << ": accepted " << s.packetsAccepted << ", dropped " << totalDropped(s));
        CHECK(accounted == 100000); // every datagram is either accepted or counted as dropped
        if (srtp)
            CHECK(s.packetsAccepted == 0); // nothing unauthenticated gets through
        else
            CHECK(s.packetsAccepted > 50000);
    }
}
