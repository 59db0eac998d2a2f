// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/rtppacket.h"

#include <cstring>

namespace crosstalk::voice {

const char *toString(RtpParseResult result)
{
    switch (result) {
    case RtpParseResult::Ok: return "ok";
    case RtpParseResult::TooShort: return "too short";
    case RtpParseResult::TooLong: return "too long";
    case RtpParseResult::BadVersion: return "bad version";
    case RtpParseResult::BadCsrc: return "bad CSRC count";
    case RtpParseResult::BadExtension: return "bad header extension";
    case RtpParseResult::BadPadding: return "bad padding";
    case RtpParseResult::EmptyPayload: return "empty payload";
    }
    return "?";
}

RtpParseResult parseRtp(std::span<const std::uint8_t> datagram, RtpPacketView &out)
{
    const std::size_t size = datagram.size();
    if (size < kRtpHeaderSize)
        return RtpParseResult::TooShort;
    if (size > kMaxDatagram)
        return RtpParseResult::TooLong;
    const std::uint8_t *p = datagram.data();
    if ((p[0] >> 6) != 2)
        return RtpParseResult::BadVersion;
    const bool padding = (p[0] & 0x20) != 0;
    RtpHeader &h = out.header;
    h.hasExtension = (p[0] & 0x10) != 0;
    h.csrcCount = p[0] & 0x0F;
    h.marker = (p[1] & 0x80) != 0;
    h.payloadType = p[1] & 0x7F;
    h.sequence = readU16(p + 2);
    h.timestamp = readU32(p + 4);
    h.ssrc = readU32(p + 8);
    h.extensionProfile = 0;
    h.paddingSize = 0;

    std::size_t offset = kRtpHeaderSize + 4u * h.csrcCount;
    if (offset > size)
        return RtpParseResult::BadCsrc;
    if (h.hasExtension) {
        if (offset + 4 > size)
            return RtpParseResult::BadExtension;
        h.extensionProfile = readU16(p + offset);
        const std::size_t words = readU16(p + offset + 2);
        offset += 4 + 4 * words;
        if (offset > size)
            return RtpParseResult::BadExtension;
    }
    std::size_t end = size;
    if (padding) {
        // The last octet counts the padding including itself: zero is invalid (RFC 3550 5.1).
        const std::size_t pad = p[size - 1];
        if (pad == 0 || pad > size - offset)
            return RtpParseResult::BadPadding;
        h.paddingSize = pad;
        end -= pad;
    }
    if (end <= offset)
        return RtpParseResult::EmptyPayload;
    out.payload = datagram.subspan(offset, end - offset);
    return RtpParseResult::Ok;
}

std::size_t writeRtp(const RtpHeader &header, std::span<const std::uint8_t> payload,
                     std::span<std::uint8_t> out)
{
    const std::size_t size = kRtpHeaderSize + payload.size();
    if (out.size() < size || size > kMaxDatagram)
        return 0;
    std::uint8_t *p = out.data();
    p[0] = 0x80; // version 2, no padding, no extension, no CSRC
    p[1] = std::uint8_t((header.marker ? 0x80 : 0) | (header.payloadType & 0x7F));
    writeU16(p + 2, header.sequence);
    writeU32(p + 4, header.timestamp);
    writeU32(p + 8, header.ssrc);
    if (!payload.empty())
        std::memcpy(p + kRtpHeaderSize, payload.data(), payload.size());
    return size;
}

bool looksLikeRtcp(std::span<const std::uint8_t> datagram)
{
    if (datagram.size() < 2)
        return false;
    const int type = datagram[1];
    return type >= 192 && type <= 223;
}

} // namespace crosstalk::voice
