// SPDX-License-Identifier: GPL-3.0-or-later
// SRTP/SRTCP (RFC 3711) through libsrtp2 with AES_CM_128_HMAC_SHA1_80: one context protects what
// we send, another authenticates and decrypts what we receive.
#pragma once

#include "core/voice/mediadescription.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

struct srtp_ctx_t_;

namespace crosstalk::voice {

/// Room an SRTP(C) packet needs beyond the RTP(C) packet: tag, and SRTCP index plus tag.
inline constexpr std::size_t kSrtpMaxOverhead = 4 + 10 + 16;

class SrtpContext
{
public:
    enum class Direction { Outbound, Inbound };
    enum class Result { Ok, AuthFailed, Replayed, Error };

    SrtpContext() = default;
    ~SrtpContext();
    SrtpContext(const SrtpContext &) = delete;
    SrtpContext &operator=(const SrtpContext &) = delete;

    /// Creates the libsrtp session for any SSRC in that direction; false with a reason.
    bool init(const SrtpKeys &keys, Direction direction, std::string &error);
    bool active() const { return m_session != nullptr; }

    /// In place. `size` is the packet length in and out; `buffer` must have kSrtpMaxOverhead spare.
    Result protectRtp(std::span<std::uint8_t> buffer, std::size_t &size);
    Result protectRtcp(std::span<std::uint8_t> buffer, std::size_t &size);
    Result unprotectRtp(std::span<std::uint8_t> buffer, std::size_t &size);
    Result unprotectRtcp(std::span<std::uint8_t> buffer, std::size_t &size);

private:
    srtp_ctx_t_ *m_session = nullptr;
};

} // namespace crosstalk::voice
