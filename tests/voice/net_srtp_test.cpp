// SPDX-License-Identifier: GPL-3.0-or-later
// SRTP/SRTCP through libsrtp2 with AES_CM_128_HMAC_SHA1_80.
#include "core/voice/rtcp.h"
#include "core/voice/rtppacket.h"
#include "core/voice/srtpcontext.h"

#include <catch2/catch.hpp>

#include <array>

using namespace crosstalk::voice;

namespace {
std::size_t makePacket(std::array<std::uint8_t, 256> &buf, std::uint16_t seq)
{
    std::array<std::uint8_t, 40> payload{};
    payload.fill(0x42);
    RtpHeader h;
    h.payloadType = 111;
    h.sequence = seq;
    h.timestamp = seq * 960u;
    h.ssrc = 0x11223344;
    return writeRtp(h, payload, buf);
}
} // namespace

TEST_CASE("SRTP protects and unprotects, tag, replay and wrong key are rejected")
{
    const SrtpKeys keys = makeRandomSrtpKeys();
    SrtpContext out, in;
    std::string error;
    REQUIRE(out.init(keys, SrtpContext::Direction::Outbound, error));
    REQUIRE(in.init(keys, SrtpContext::Direction::Inbound, error));

    std::array<std::uint8_t, 256> buf{};
    std::size_t size = makePacket(buf, 1000);
    const std::size_t clearSize = size;
    REQUIRE(out.protectRtp(buf, size) == SrtpContext::Result::Ok);
    CHECK(size == clearSize + 10); // the 80-bit tag
    const auto wire = buf;
    const std::size_t wireSize = size;

    REQUIRE(in.unprotectRtp(buf, size) == SrtpContext::Result::Ok);
    CHECK(size == clearSize);
    CHECK(buf[12] == 0x42);

    auto copy = wire;
    size = wireSize;
    CHECK(in.unprotectRtp(copy, size) == SrtpContext::Result::Replayed);

    std::array<std::uint8_t, 256> next{};
    size = makePacket(next, 1001);
    REQUIRE(out.protectRtp(next, size) == SrtpContext::Result::Ok);
    auto bad = next;
    bad[size - 1] ^= 0xFF;
    std::size_t badSize = size;
    CHECK(in.unprotectRtp(bad, badSize) == SrtpContext::Result::AuthFailed);
    // The failed attempt did not consume the sequence number: the genuine packet still passes.
    CHECK(in.unprotectRtp(next, size) == SrtpContext::Result::Ok);

    SrtpContext stranger;
    SrtpKeys other = makeRandomSrtpKeys();
    REQUIRE(stranger.init(other, SrtpContext::Direction::Inbound, error));
    std::array<std::uint8_t, 256> third{};
    size = makePacket(third, 1002);
    REQUIRE(out.protectRtp(third, size) == SrtpContext::Result::Ok);
    CHECK(stranger.unprotectRtp(third, size) == SrtpContext::Result::AuthFailed);

    std::array<std::uint8_t, 256> tiny{};
    std::size_t tinySize = 5;
    CHECK(in.unprotectRtp(tiny, tinySize) != SrtpContext::Result::Ok);
}

TEST_CASE("SRTCP protects compound reports")
{
    const SrtpKeys keys = makeRandomSrtpKeys();
    SrtpContext out, in;
    std::string error;
    REQUIRE(out.init(keys, SrtpContext::Direction::Outbound, error));
    REQUIRE(in.init(keys, SrtpContext::Direction::Inbound, error));
    std::array<std::uint8_t, 256> buf{};
    ReceptionReport r;
    r.ssrc = 7;
    r.fractionLost = 12;
    std::size_t size = writeRtcpReport(0x11223344, nullptr, &r, "me", buf);
    const std::size_t clear = size;
    REQUIRE(out.protectRtcp(buf, size) == SrtpContext::Result::Ok);
    CHECK(size == clear + 4 + 10); // E flag + index, then the tag
    CHECK(looksLikeRtcp(std::span(buf.data(), size)));
    auto bad = buf;
    std::size_t badSize = size;
    bad[10] ^= 1;
    CHECK(in.unprotectRtcp(bad, badSize) == SrtpContext::Result::AuthFailed);
    REQUIRE(in.unprotectRtcp(buf, size) == SrtpContext::Result::Ok);
    RtcpInfo info;
    REQUIRE(parseRtcp(std::span(buf.data(), size), 7, info) == RtcpParseResult::Ok);
    CHECK(info.report.fractionLost == 12);
}

TEST_CASE("SRTP refuses unsupported suites")
{
    SrtpKeys keys = makeRandomSrtpKeys();
    keys.suite = "AES_CM_128_HMAC_SHA1_32";
    SrtpContext ctx;
    std::string error;
    CHECK_FALSE(ctx.init(keys, SrtpContext::Direction::Outbound, error));
    CHECK_FALSE(error.empty());
}
