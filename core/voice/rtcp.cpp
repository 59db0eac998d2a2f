// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/rtcp.h"

#include <algorithm>
#include <cstring>

namespace crosstalk::voice {

namespace {
constexpr std::uint8_t kSr = 200;
constexpr std::uint8_t kRr = 201;
constexpr std::uint8_t kSdes = 202;
constexpr std::uint8_t kBye = 203;
constexpr std::size_t kReportBlockSize = 24;

void writeReportBlock(std::uint8_t *p, const ReceptionReport &r)
{
    writeU32(p, r.ssrc);
    const std::uint32_t lost = std::uint32_t(r.cumulativeLost) & 0xFFFFFF;
    writeU32(p + 4, (std::uint32_t(r.fractionLost) << 24) | lost);
    writeU32(p + 8, r.extendedHighestSeq);
    writeU32(p + 12, r.jitter);
    writeU32(p + 16, r.lastSr);
    writeU32(p + 20, r.delaySinceLastSr);
}

ReceptionReport readReportBlock(const std::uint8_t *p)
{
    ReceptionReport r;
    r.ssrc = readU32(p);
    const std::uint32_t word = readU32(p + 4);
    r.fractionLost = std::uint8_t(word >> 24);
    std::int32_t lost = std::int32_t(word & 0xFFFFFF);
    if (lost & 0x800000)
        lost -= 0x1000000; // sign-extend the 24-bit field
    r.cumulativeLost = lost;
    r.extendedHighestSeq = readU32(p + 8);
    r.jitter = readU32(p + 12);
    r.lastSr = readU32(p + 16);
    r.delaySinceLastSr = readU32(p + 20);
    return r;
}
} // namespace

const char *toString(RtcpParseResult result)
{
    switch (result) {
    case RtcpParseResult::Ok: return "ok";
    case RtcpParseResult::TooShort: return "too short";
    case RtcpParseResult::TooLong: return "too long";
    case RtcpParseResult::BadVersion: return "bad version";
    case RtcpParseResult::BadLength: return "bad length";
    case RtcpParseResult::NotCompound: return "not a compound packet";
    }
    return "?";
}

std::size_t writeRtcpReport(std::uint32_t ssrc, const SenderInfo *sender, const ReceptionReport *report,
                            std::string_view cname, std::span<std::uint8_t> out)
{
    cname = cname.substr(0, 255);
    const std::size_t reportSize = 8 + (sender ? 20 : 0) + (report ? kReportBlockSize : 0);
    // SDES: header, SSRC, CNAME item (type, length, text), END octet, padded to 32 bits.
    const std::size_t sdesSize = (8 + 2 + cname.size() + 1 + 3) / 4 * 4;
    if (out.size() < reportSize + sdesSize)
        return 0;
    std::uint8_t *p = out.data();
    p[0] = std::uint8_t(0x80 | (report ? 1 : 0));
    p[1] = sender ? kSr : kRr;
    writeU16(p + 2, std::uint16_t(reportSize / 4 - 1));
    writeU32(p + 4, ssrc);
    std::size_t o = 8;
    if (sender) {
        writeU32(p + o, std::uint32_t(sender->ntp >> 32));
        writeU32(p + o + 4, std::uint32_t(sender->ntp));
        writeU32(p + o + 8, sender->rtpTimestamp);
        writeU32(p + o + 12, sender->packetCount);
        writeU32(p + o + 16, sender->octetCount);
        o += 20;
    }
    if (report) {
        writeReportBlock(p + o, *report);
        o += kReportBlockSize;
    }
    std::uint8_t *s = p + o;
    std::memset(s, 0, sdesSize);
    s[0] = 0x81; // one chunk
    s[1] = kSdes;
    writeU16(s + 2, std::uint16_t(sdesSize / 4 - 1));
    writeU32(s + 4, ssrc);
    s[8] = 1; // CNAME
    s[9] = std::uint8_t(cname.size());
    std::memcpy(s + 10, cname.data(), cname.size());
    // The zero bytes after the text are the END item and padding.
    return reportSize + sdesSize;
}

RtcpParseResult parseRtcp(std::span<const std::uint8_t> datagram, std::uint32_t localSsrc, RtcpInfo &out)
{
    out = RtcpInfo{};
    if (datagram.size() < 8)
        return RtcpParseResult::TooShort;
    if (datagram.size() > kMaxDatagram)
        return RtcpParseResult::TooLong;
    std::size_t offset = 0;
    bool first = true;
    while (offset < datagram.size()) {
        const std::size_t left = datagram.size() - offset;
        if (left < 4)
            return RtcpParseResult::BadLength;
        const std::uint8_t *p = datagram.data() + offset;
        if ((p[0] >> 6) != 2)
            return RtcpParseResult::BadVersion;
        const int count = p[0] & 0x1F;
        const std::uint8_t type = p[1];
        const std::size_t length = (std::size_t(readU16(p + 2)) + 1) * 4;
        if (length > left)
            return RtcpParseResult::BadLength;
        if (first && type != kSr && type != kRr)
            return RtcpParseResult::NotCompound;
        first = false;
        if (type == kSr || type == kRr) {
            const std::size_t fixed = 8 + (type == kSr ? 20 : 0);
            if (length < fixed + std::size_t(count) * kReportBlockSize)
                return RtcpParseResult::BadLength;
            out.senderSsrc = readU32(p + 4);
            if (type == kSr) {
                out.hasSenderInfo = true;
                out.sender.ntp = (std::uint64_t(readU32(p + 8)) << 32) | readU32(p + 12);
                out.sender.rtpTimestamp = readU32(p + 16);
                out.sender.packetCount = readU32(p + 20);
                out.sender.octetCount = readU32(p + 24);
            }
            for (int i = 0; i < count; ++i) {
                const ReceptionReport r = readReportBlock(p + fixed + std::size_t(i) * kReportBlockSize);
                if (r.ssrc == localSsrc) {
                    out.report = r;
                    out.hasReportForUs = true;
                }
            }
        } else if (type == kBye) {
            out.bye = true;
        }
        // SDES, APP and feedback packets are skipped by length.
        offset += length;
    }
    return RtcpParseResult::Ok;
}

double roundTripMs(std::uint32_t arrivalMiddle, const ReceptionReport &report)
{
    if (report.lastSr == 0)
        return -1.0;
    const std::uint32_t rtt = arrivalMiddle - report.lastSr - report.delaySinceLastSr;
    // A negative result (clock jumps, forged reports) shows as a huge unsigned value.
    if (rtt > 0x7FFFFFFF)
        return -1.0;
    return double(rtt) * 1000.0 / 65536.0;
}

} // namespace crosstalk::voice
