// SPDX-License-Identifier: GPL-3.0-or-later
// The remote sender as seen by the receiver: SSRC lock, extended sequence numbers with wrap
// and restart detection (RFC 3550 appendix A.1), interarrival jitter (A.8) and the counters
// a receiver report needs (6.4.1).
#pragma once

#include "core/voice/rtppacket.h"

#include <cstdint>

namespace crosstalk::voice {

/// One RTCP report block's worth of reception quality (RFC 3550 6.4.1).
struct ReceptionReport
{
    std::uint32_t ssrc = 0;
    std::uint8_t fractionLost = 0;     ///< since the previous report, in 1/256
    std::int32_t cumulativeLost = 0;   ///< 24-bit signed on the wire
    std::uint32_t extendedHighestSeq = 0;
    std::uint32_t jitter = 0;          ///< in timestamp units
    std::uint32_t lastSr = 0;          ///< middle 32 bits of the last SR's NTP time
    std::uint32_t delaySinceLastSr = 0; ///< in 1/65536 s
};

class RtpSource
{
public:
    enum class Verdict {
        Accept,       ///< deliver; `extendedSeq` is valid
        Probation,    ///< a new source proving itself with consecutive packets: not delivered
        WrongSsrc,    ///< another sender than the locked one
        BadSequence,  ///< a jump too far from the current sequence (may be a restart in progress)
    };

    /// `knownSsrc` (from signalling, 0 = unknown) locks at once; `trusted` (SRTP-authenticated
    /// input) locks the first sender without probation.
    /// `clockRate`: the RTP clock of the payload (48000 Opus, 8000 G.711), for the jitter.
    RtpSource(std::uint32_t knownSsrc, bool trusted, int clockRate = 48000);

    /// `arrivalUs` is the arrival time on the receiver's clock (any epoch).
    Verdict update(const RtpHeader &header, std::int64_t arrivalUs, std::uint64_t &extendedSeq);

    bool locked() const { return m_locked; }
    std::uint32_t ssrc() const { return m_ssrc; }
    std::uint64_t received() const { return m_received; }
    std::int64_t expected() const;
    std::int64_t cumulativeLost() const { return expected() - std::int64_t(m_received); }
    /// RFC 3550 interarrival jitter, in milliseconds.
    double jitterMs() const { return m_jitter / 16.0 / (m_clockRate / 1000.0); }

    /// Builds the report block and starts a new "fraction lost" interval. `lastSr` is the
    /// middle of the last SR's NTP time and `lastSrArrivalUs` its local arrival (0 = none).
    ReceptionReport makeReport(std::uint32_t lastSr, std::int64_t lastSrArrivalUs, std::int64_t nowUs);

private:
    void initSequence(std::uint16_t seq);
    void lockTo(std::uint32_t ssrc, std::uint16_t seq);

    bool m_trusted;
    int m_clockRate = 48000;
    bool m_ssrcFromSignalling;
    bool m_locked = false;
    std::uint32_t m_ssrc = 0;

    // Probation of an unlocked source.
    std::uint32_t m_candidateSsrc = 0;
    std::uint16_t m_candidateSeq = 0;
    int m_probation = 0;

    // RFC 3550 A.1 state.
    std::uint16_t m_maxSeq = 0;
    std::uint32_t m_cycles = 0; // shifted count of wraps
    std::uint32_t m_baseSeq = 0;
    std::uint32_t m_badSeq = 0;
    std::uint64_t m_received = 0;
    std::int64_t m_expectedPrior = 0;
    std::uint64_t m_receivedPrior = 0;
    std::int64_t m_lastPacketUs = 0;

    // RFC 3550 A.8 state; m_jitter is the jitter in timestamp units times 16.
    bool m_haveTransit = false;
    std::int64_t m_transit = 0;
    std::int64_t m_jitter = 0;
};

} // namespace crosstalk::voice
