// SPDX-License-Identifier: GPL-3.0-or-later
// RTP fixed header (RFC 3550 section 5.1): strict parsing and writing, no allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace crosstalk::voice {

/// Largest datagram the engine sends or accepts: fits an Ethernet MTU with IPv4/UDP headers.
inline constexpr std::size_t kMaxDatagram = 1472;
inline constexpr std::size_t kRtpHeaderSize = 12;

struct RtpHeader
{
    bool marker = false;
    std::uint8_t payloadType = 0;
    std::uint16_t sequence = 0;
    std::uint32_t timestamp = 0;
    std::uint32_t ssrc = 0;
    std::uint8_t csrcCount = 0;
    bool hasExtension = false;
    std::uint16_t extensionProfile = 0;
    std::size_t paddingSize = 0;
};

struct RtpPacketView
{
    RtpHeader header;
    std::span<const std::uint8_t> payload; ///< points into the parsed datagram
};

enum class RtpParseResult {
    Ok,
    TooShort,     ///< shorter than the fixed header
    TooLong,      ///< longer than kMaxDatagram
    BadVersion,   ///< not version 2
    BadCsrc,      ///< CSRC list runs past the end
    BadExtension, ///< header extension runs past the end
    BadPadding,   ///< padding count zero or larger than what is left
    EmptyPayload, ///< nothing left for the codec
};

const char *toString(RtpParseResult result);

/// Parses and bounds-checks one RTP datagram. On Ok, `out.payload` excludes CSRCs, the
/// extension and padding.
RtpParseResult parseRtp(std::span<const std::uint8_t> datagram, RtpPacketView &out);

/// Writes a header (no CSRC, no extension) followed by the payload. Returns the datagram size,
/// or 0 when `out` is too small.
std::size_t writeRtp(const RtpHeader &header, std::span<const std::uint8_t> payload,
                     std::span<std::uint8_t> out);

/// RFC 5761 demultiplexing of RTP and RTCP on one port: RTCP packet types 192..223 sit where
/// RTP has marker + payload type, and payload types 64..95 are never used for RTP.
bool looksLikeRtcp(std::span<const std::uint8_t> datagram);

/// Big-endian helpers shared by RTP, RTCP and the tests.
inline std::uint16_t readU16(const std::uint8_t *p) { return std::uint16_t((p[0] << 8) | p[1]); }
inline std::uint32_t readU32(const std::uint8_t *p)
{
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}
inline void writeU16(std::uint8_t *p, std::uint16_t v)
{
    p[0] = std::uint8_t(v >> 8);
    p[1] = std::uint8_t(v);
}
inline void writeU32(std::uint8_t *p, std::uint32_t v)
{
    p[0] = std::uint8_t(v >> 24);
    p[1] = std::uint8_t(v >> 16);
    p[2] = std::uint8_t(v >> 8);
    p[3] = std::uint8_t(v);
}

} // namespace crosstalk::voice
