// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/rtpsource.h"

#include <algorithm>
#include <cstdlib>

namespace crosstalk::voice {

namespace {
constexpr int kMinSequential = 2;          // packets a new source must send in order (A.1)
constexpr std::uint16_t kMaxDropout = 3000; // forward jump still taken as loss (A.1)
constexpr std::uint16_t kMaxMisorder = 100; // backward step still taken as reordering (A.1)
constexpr std::uint32_t kSeqMod = 1u << 16;
// An unsignalled sender that stopped for this long may be replaced (a peer restarted its stack).
constexpr std::int64_t kRelockSilenceUs = 3'000'000;
} // namespace

RtpSource::RtpSource(std::uint32_t knownSsrc, bool trusted, int clockRate)
    : m_trusted(trusted)
    , m_clockRate(clockRate > 0 ? clockRate : 48000)
    , m_ssrcFromSignalling(knownSsrc != 0)
    , m_ssrc(knownSsrc)
{
}

void RtpSource::initSequence(std::uint16_t seq)
{
    m_baseSeq = seq;
    m_maxSeq = seq;
    m_badSeq = kSeqMod + 1; // impossible value: no pending restart
    m_cycles = 0;
    m_received = 0;
    m_expectedPrior = 0;
    m_receivedPrior = 0;
    m_haveTransit = false;
}

void RtpSource::lockTo(std::uint32_t ssrc, std::uint16_t seq)
{
    m_locked = true;
    m_ssrc = ssrc;
    initSequence(seq);
}

RtpSource::Verdict RtpSource::update(const RtpHeader &header, std::int64_t arrivalUs,
                                     std::uint64_t &extendedSeq)
{
    const std::uint16_t seq = header.sequence;
    if (!m_locked) {
        if (m_ssrcFromSignalling && header.ssrc != m_ssrc)
            return Verdict::WrongSsrc;
        if (m_trusted || m_ssrcFromSignalling) {
            lockTo(header.ssrc, seq);
        } else if (header.ssrc == m_candidateSsrc && seq == std::uint16_t(m_candidateSeq + 1)) {
            m_candidateSeq = seq;
            if (++m_probation < kMinSequential)
                return Verdict::Probation;
            lockTo(header.ssrc, seq);
        } else {
            m_candidateSsrc = header.ssrc;
            m_candidateSeq = seq;
            m_probation = 1;
            return Verdict::Probation;
        }
    } else if (header.ssrc != m_ssrc) {
        // An unsignalled peer that restarted picks a new SSRC; let it in after a silence,
        // through the same probation as at the start.
        if (!m_ssrcFromSignalling && !m_trusted && arrivalUs - m_lastPacketUs > kRelockSilenceUs) {
            m_locked = false;
            m_candidateSsrc = header.ssrc;
            m_candidateSeq = seq;
            m_probation = 1;
            return Verdict::Probation;
        }
        return Verdict::WrongSsrc;
    } else {
        const std::uint16_t delta = std::uint16_t(seq - m_maxSeq);
        if (delta < kMaxDropout) {
            if (seq < m_maxSeq)
                m_cycles += kSeqMod; // wrapped
            m_maxSeq = seq;
        } else if (delta <= kSeqMod - kMaxMisorder) {
            // A very large jump. Two in a row mean the sender restarted its sequence.
            if (seq == m_badSeq) {
                initSequence(seq);
            } else {
                m_badSeq = (seq + 1u) & (kSeqMod - 1);
                return Verdict::BadSequence;
            }
        }
        // else: duplicate or reordered within kMaxMisorder, accepted below.
    }

    // Extended sequence: a packet from before the last wrap belongs to the previous cycle.
    std::int64_t ext = std::int64_t(m_cycles) + seq;
    if (seq > m_maxSeq && std::uint16_t(m_maxSeq - seq) <= kMaxMisorder && m_cycles >= kSeqMod)
        ext -= kSeqMod;
    extendedSeq = std::uint64_t(ext);
    ++m_received;
    m_lastPacketUs = arrivalUs;

    // Interarrival jitter (A.8), kept times 16 in timestamp units to avoid floating point.
    const std::int64_t arrivalTs = arrivalUs * m_clockRate / 1'000'000;
    const std::int64_t transit = arrivalTs - std::int64_t(header.timestamp);
    if (m_haveTransit) {
        // Timestamps wrap at 2^32: take the difference modulo 2^32 as a signed value.
        std::int64_t d = std::int64_t(std::int32_t(std::uint32_t(transit - m_transit)));
        d = std::llabs(d);
        m_jitter += d - ((m_jitter + 8) >> 4); // J += (|D| - J) / 16, with J kept times 16
    }
    m_transit = transit;
    m_haveTransit = true;
    return Verdict::Accept;
}

std::int64_t RtpSource::expected() const
{
    if (!m_locked || m_received == 0)
        return 0;
    return std::int64_t(m_cycles) + m_maxSeq - std::int64_t(m_baseSeq) + 1;
}

ReceptionReport RtpSource::makeReport(std::uint32_t lastSr, std::int64_t lastSrArrivalUs, std::int64_t nowUs)
{
    ReceptionReport r;
    r.ssrc = m_ssrc;
    const std::int64_t exp = expected();
    const std::int64_t expectedInterval = exp - m_expectedPrior;
    const std::int64_t receivedInterval = std::int64_t(m_received - m_receivedPrior);
    m_expectedPrior = exp;
    m_receivedPrior = m_received;
    const std::int64_t lostInterval = expectedInterval - receivedInterval;
    if (expectedInterval > 0 && lostInterval > 0)
        r.fractionLost = std::uint8_t(std::min<std::int64_t>(255, (lostInterval << 8) / expectedInterval));
    r.cumulativeLost = std::int32_t(std::clamp<std::int64_t>(cumulativeLost(), -0x800000, 0x7FFFFF));
    r.extendedHighestSeq = m_cycles + m_maxSeq;
    r.jitter = std::uint32_t(m_jitter >> 4);
    r.lastSr = lastSr;
    if (lastSrArrivalUs > 0 && lastSr != 0)
        r.delaySinceLastSr = std::uint32_t((nowUs - lastSrArrivalUs) * 65536 / 1'000'000);
    return r;
}

} // namespace crosstalk::voice
