// SPDX-License-Identifier: GPL-3.0-or-later
// RTP/RTCP parsing and receive statistics: strict header validation, and the duplicated,
// reordered, wrapped and lost packet cases toxcore tests (and then some).
#include "core/voice/rtcp.h"
#include "core/voice/rtppacket.h"
#include "core/voice/rtpsource.h"

#include <catch2/catch.hpp>

#include <array>
#include <vector>

using namespace crosstalk::voice;

namespace {
std::vector<std::uint8_t> makeRtp(std::uint16_t seq, std::uint32_t ts, std::uint32_t ssrc, std::size_t payload = 20,
                                  std::uint8_t pt = 111)
{
    std::vector<std::uint8_t> out(kMaxDatagram);
    std::vector<std::uint8_t> body(payload, 0xAB);
    RtpHeader h;
    h.payloadType = pt;
    h.sequence = seq;
    h.timestamp = ts;
    h.ssrc = ssrc;
    out.resize(writeRtp(h, body, out));
    return out;
}

RtpHeader header(std::uint16_t seq, std::uint32_t ssrc = 0x1234, std::uint32_t ts = 0)
{
    RtpHeader h;
    h.sequence = seq;
    h.ssrc = ssrc;
    h.timestamp = ts;
    h.payloadType = 111;
    return h;
}
} // namespace

TEST_CASE("RTP header round-trips and exposes exactly the payload")
{
    const auto packet = makeRtp(65535, 0xFFFFFFF0u, 0xCAFEBABE, 33);
    RtpPacketView view;
    REQUIRE(parseRtp(packet, view) == RtpParseResult::Ok);
    CHECK(view.header.sequence == 65535);
    CHECK(view.header.timestamp == 0xFFFFFFF0u);
    CHECK(view.header.ssrc == 0xCAFEBABE);
    CHECK(view.header.payloadType == 111);
    CHECK(view.payload.size() == 33);
}

TEST_CASE("RTP parser rejects bad version, short, oversized and out-of-bounds headers")
{
    auto good = makeRtp(1, 2, 3);
    RtpPacketView view;

    auto p = good;
    p[0] = (p[0] & 0x3F) | 0x40; // version 1
    CHECK(parseRtp(p, view) == RtpParseResult::BadVersion);

    CHECK(parseRtp(std::span(good.data(), 11), view) == RtpParseResult::TooShort);
    std::vector<std::uint8_t> huge(kMaxDatagram + 1, 0x80);
    CHECK(parseRtp(huge, view) == RtpParseResult::TooLong);

    p = good;
    p[0] |= 0x0F; // 15 CSRCs = 60 bytes, more than the 20-byte payload
    CHECK(parseRtp(p, view) == RtpParseResult::BadCsrc);

    p = good;
    p[0] |= 0x10; // extension whose length runs past the end
    p[12] = 0xBE;
    p[13] = 0xDE;
    p[14] = 0x00;
    p[15] = 0x10; // 16 words
    CHECK(parseRtp(p, view) == RtpParseResult::BadExtension);

    p = good;
    p[0] |= 0x20; // padding
    p.back() = 0;
    CHECK(parseRtp(p, view) == RtpParseResult::BadPadding);
    p.back() = 200;
    CHECK(parseRtp(p, view) == RtpParseResult::BadPadding);
    p.back() = 20; // padding eats the whole payload
    CHECK(parseRtp(p, view) == RtpParseResult::EmptyPayload);
}

TEST_CASE("RTP parser skips CSRCs, a valid extension and padding")
{
    std::vector<std::uint8_t> p = {0xB1, 111, 0, 5, 0, 0, 0, 9, 0, 0, 0, 7, // V=2 P X=1 CC=1
                                   0, 0, 0, 42,                                // CSRC
                                   0xBE, 0xDE, 0, 1, 1, 2, 3, 4,               // one-word extension
                                   9, 8, 7,                                    // payload
                                   0, 0, 3};                                   // 3 bytes padding
    RtpPacketView view;
    REQUIRE(parseRtp(p, view) == RtpParseResult::Ok);
    CHECK(view.header.csrcCount == 1);
    CHECK(view.header.hasExtension);
    CHECK(view.header.extensionProfile == 0xBEDE);
    REQUIRE(view.payload.size() == 3);
    CHECK(view.payload[0] == 9);
    CHECK(view.payload[2] == 7);
}

TEST_CASE("RFC 5761 demultiplexing tells RTCP from RTP")
{
    const auto rtp = makeRtp(1, 1, 1);
    CHECK_FALSE(looksLikeRtcp(rtp));
    std::array<std::uint8_t, 128> rtcp{};
    const std::size_t n = writeRtcpReport(42, nullptr, nullptr, "x", rtcp);
    REQUIRE(n > 0);
    CHECK(looksLikeRtcp(std::span(rtcp.data(), n)));
}

TEST_CASE("RtpSource: probation, SSRC lock and wrong SSRC")
{
    RtpSource src(0, false);
    std::uint64_t ext = 0;
    CHECK(src.update(header(100, 0xAAAA), 0, ext) == RtpSource::Verdict::Probation);
    CHECK(src.update(header(7, 0xBBBB), 0, ext) == RtpSource::Verdict::Probation); // resets probation
    CHECK(src.update(header(8, 0xBBBB), 0, ext) == RtpSource::Verdict::Accept);
    CHECK(src.locked());
    CHECK(src.ssrc() == 0xBBBB);
    CHECK(src.update(header(101, 0xAAAA), 0, ext) == RtpSource::Verdict::WrongSsrc);

    RtpSource signalled(0x5555, false);
    CHECK(signalled.update(header(1, 0x6666), 0, ext) == RtpSource::Verdict::WrongSsrc);
    CHECK(signalled.update(header(1, 0x5555), 0, ext) == RtpSource::Verdict::Accept);
}

TEST_CASE("RtpSource: sequence wrap, reordering across the wrap and duplicates")
{
    RtpSource src(0x1234, false);
    std::uint64_t ext = 0;
    REQUIRE(src.update(header(65533), 0, ext) == RtpSource::Verdict::Accept);
    const std::uint64_t base = ext;
    REQUIRE(src.update(header(65534), 0, ext) == RtpSource::Verdict::Accept);
    CHECK(ext == base + 1);
    // 65535 is "lost" for now; 0 and 1 arrive (wrap).
    REQUIRE(src.update(header(0), 0, ext) == RtpSource::Verdict::Accept);
    CHECK(ext == base + 3);
    REQUIRE(src.update(header(1), 0, ext) == RtpSource::Verdict::Accept);
    CHECK(ext == base + 4);
    // The late 65535 belongs to the cycle before the wrap.
    REQUIRE(src.update(header(65535), 0, ext) == RtpSource::Verdict::Accept);
    CHECK(ext == base + 2);
    // A duplicate is accepted here (the jitter buffer drops it) with the same extended number.
    REQUIRE(src.update(header(1), 0, ext) == RtpSource::Verdict::Accept);
    CHECK(ext == base + 4);
    CHECK(src.expected() == 5);
    // 6 received (one duplicate) for 5 expected: RFC 3550 lets "lost" go negative.
    CHECK(src.cumulativeLost() == -1);
}

TEST_CASE("RtpSource: losses are counted and reported as a fraction")
{
    RtpSource src(0x1234, false);
    std::uint64_t ext = 0;
    for (int i = 0; i < 100; ++i) {
        if (i % 10 == 3)
            continue; // 10 % loss
        REQUIRE(src.update(header(std::uint16_t(60000 + i)), 0, ext) == RtpSource::Verdict::Accept);
    }
    CHECK(src.expected() == 100);
    CHECK(src.cumulativeLost() == 10);
    const ReceptionReport r = src.makeReport(0, 0, 0);
    CHECK(r.fractionLost == 25); // 10/99 of 256, from the first received
    CHECK(r.extendedHighestSeq == 60099);
}

TEST_CASE("RtpSource: wildly out-of-range sequence numbers are dropped, two in a row restart")
{
    RtpSource src(0x1234, false);
    std::uint64_t ext = 0;
    for (std::uint16_t s = 10; s < 20; ++s)
        REQUIRE(src.update(header(s), 0, ext) == RtpSource::Verdict::Accept);
    CHECK(src.update(header(30000), 0, ext) == RtpSource::Verdict::BadSequence);
    CHECK(src.update(header(20), 0, ext) == RtpSource::Verdict::Accept);
    // A replay from long ago (far behind, beyond the misorder window) is also a bad jump.
    CHECK(src.update(header(std::uint16_t(20 - 500)), 0, ext) == RtpSource::Verdict::BadSequence);
    // A sender that really restarted sends consecutive packets: the second one resyncs.
    CHECK(src.update(header(40000), 0, ext) == RtpSource::Verdict::BadSequence);
    CHECK(src.update(header(40001), 0, ext) == RtpSource::Verdict::Accept);
}

TEST_CASE("RtpSource: RFC 3550 interarrival jitter")
{
    RtpSource steady(0x1234, false);
    std::uint64_t ext = 0;
    for (int i = 0; i < 200; ++i)
        steady.update(header(std::uint16_t(i), 0x1234, std::uint32_t(i * 960)), i * 20000, ext);
    CHECK(steady.jitterMs() == Approx(0.0).margin(0.01));

    RtpSource jittery(0x1234, false);
    for (int i = 0; i < 2000; ++i) {
        const std::int64_t wobble = (i % 2) ? 10000 : 0; // alternate 0 / +10 ms
        jittery.update(header(std::uint16_t(i), 0x1234, std::uint32_t(i * 960)), i * 20000 + wobble, ext);
    }
    // |D| is 10 ms on every packet, so J converges to 10 ms.
    CHECK(jittery.jitterMs() == Approx(10.0).margin(0.2));
}

TEST_CASE("RTCP SR with a report block round-trips, RTT from LSR/DLSR")
{
    SenderInfo sender;
    sender.ntp = ntpFromMicros(5'000'000);
    sender.rtpTimestamp = 123456;
    sender.packetCount = 50;
    sender.octetCount = 4000;
    ReceptionReport report;
    report.ssrc = 0xBEEF;
    report.fractionLost = 26;
    report.cumulativeLost = -3;
    report.extendedHighestSeq = 70000;
    report.jitter = 480;
    report.lastSr = ntpMiddle(ntpFromMicros(4'000'000));
    report.delaySinceLastSr = 65536 / 10; // 100 ms
    std::array<std::uint8_t, 256> buffer{};
    const std::size_t n = writeRtcpReport(0xF00D, &sender, &report, "alice@example", buffer);
    REQUIRE(n > 0);
    REQUIRE(n % 4 == 0);

    RtcpInfo info;
    REQUIRE(parseRtcp(std::span(buffer.data(), n), 0xBEEF, info) == RtcpParseResult::Ok);
    CHECK(info.senderSsrc == 0xF00D);
    REQUIRE(info.hasSenderInfo);
    CHECK(info.sender.packetCount == 50);
    CHECK(info.sender.rtpTimestamp == 123456);
    REQUIRE(info.hasReportForUs);
    CHECK(info.report.fractionLost == 26);
    CHECK(info.report.cumulativeLost == -3);
    CHECK(info.report.jitter == 480);
    // Arrives 350 ms after the SR it answers, 100 ms of which the peer held it: RTT 250 ms.
    const double rtt = roundTripMs(ntpMiddle(ntpFromMicros(4'350'000)), info.report);
    CHECK(rtt == Approx(250.0).margin(0.1));

    // A report block about someone else is ignored.
    RtcpInfo other;
    REQUIRE(parseRtcp(std::span(buffer.data(), n), 0x1111, other) == RtcpParseResult::Ok);
    CHECK_FALSE(other.hasReportForUs);
}

TEST_CASE("RTCP parser bounds-checks every length")
{
    std::array<std::uint8_t, 256> buffer{};
    ReceptionReport report;
    report.ssrc = 1;
    const std::size_t n = writeRtcpReport(2, nullptr, &report, "c", buffer);
    RtcpInfo info;
    const std::size_t rrSize = 8 + 24; // ends a valid compound packet on its own
    for (std::size_t cut = 0; cut < n; ++cut) {
        if (cut == rrSize)
            continue;
        // Every other truncation is refused without reading out of bounds.
        CHECK(parseRtcp(std::span(buffer.data(), cut), 1, info) != RtcpParseResult::Ok);
    }
    auto bad = buffer;
    bad[3] = 200; // length far past the end
    CHECK(parseRtcp(std::span(bad.data(), n), 1, info) == RtcpParseResult::BadLength);
    bad = buffer;
    bad[0] = 0x81 | 0x1F; // 31 report blocks claimed
    CHECK(parseRtcp(std::span(bad.data(), n), 1, info) == RtcpParseResult::BadLength);
    bad = buffer;
    bad[1] = 202; // starts with SDES: not a valid compound packet
    CHECK(parseRtcp(std::span(bad.data(), n), 1, info) == RtcpParseResult::NotCompound);
}
