// SPDX-License-Identifier: GPL-3.0-or-later
// RTCP sender and receiver reports (RFC 3550 section 6.4) with the mandatory SDES CNAME,
// sent in compound packets on the RTP port (rtcp-mux, RFC 5761).
#pragma once

#include "core/voice/rtpsource.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace crosstalk::voice {

struct SenderInfo
{
    std::uint64_t ntp = 0;        ///< 32.32 fixed point seconds
    std::uint32_t rtpTimestamp = 0;
    std::uint32_t packetCount = 0;
    std::uint32_t octetCount = 0; ///< payload octets (RFC 3550 6.4.1)
};

/// What the engine needs from one received compound packet.
struct RtcpInfo
{
    std::uint32_t senderSsrc = 0;
    bool hasSenderInfo = false;
    SenderInfo sender;
    bool hasReportForUs = false; ///< a report block about our SSRC
    ReceptionReport report;
    bool bye = false;
};

enum class RtcpParseResult {
    Ok,
    TooShort,
    TooLong,
    BadVersion,
    BadLength,    ///< a length field runs past the datagram or is inconsistent
    NotCompound,  ///< the first packet is not SR or RR (RFC 3550 6.1)
};

const char *toString(RtcpParseResult result);

/// Writes SR (when `sender` is given) or RR, with at most one report block, then SDES CNAME.
/// Returns the size, or 0 when `out` is too small.
std::size_t writeRtcpReport(std::uint32_t ssrc, const SenderInfo *sender, const ReceptionReport *report,
                            std::string_view cname, std::span<std::uint8_t> out);

/// Walks a compound packet with bounds checks on every length. Report blocks about other
/// SSRCs than `localSsrc` are ignored.
RtcpParseResult parseRtcp(std::span<const std::uint8_t> datagram, std::uint32_t localSsrc, RtcpInfo &out);

/// NTP 32.32 time for a microsecond clock value. The engine's clocks are monotonic, which is all
/// RTT needs: both ends of the LSR/DLSR computation use the same sender's clock.
inline std::uint64_t ntpFromMicros(std::int64_t us)
{
    const std::uint64_t seconds = std::uint64_t(us / 1'000'000);
    const std::uint64_t frac = (std::uint64_t(us % 1'000'000) << 32) / 1'000'000;
    return (seconds << 32) | frac;
}
inline std::uint32_t ntpMiddle(std::uint64_t ntp) { return std::uint32_t(ntp >> 16); }

/// Round-trip time from a report block (RFC 3550 6.4.1): arrival - LSR - DLSR, in ms;
/// negative when the report carries no usable LSR.
double roundTripMs(std::uint32_t arrivalMiddle, const ReceptionReport &report);

} // namespace crosstalk::voice
