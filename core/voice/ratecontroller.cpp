// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/ratecontroller.h"

#include "core/voice/opuscodec.h"

#include <algorithm>
#include <cmath>

namespace crosstalk::voice {

namespace {
constexpr double kCongestedLoss = 0.20;  // beyond this, more bits only make it worse
constexpr double kQueueingRttMs = 150.0; // RTT growth over the path's minimum that means queues
constexpr double kBitsPerLossPercent = 3200.0;
} // namespace

RateController::RateController(int baseBitrate, int maxBitrate)
    : m_base(std::clamp(baseBitrate, kMinBitrate, kMaxBitrate))
    , m_max(std::clamp(maxBitrate, kMinBitrate, kMaxBitrate))
    , m_bitrate(std::min(m_base, m_max))
{
}

void RateController::onReport(double lossFraction, double rttMs)
{
    lossFraction = std::clamp(lossFraction, 0.0, 1.0);
    // Rise fast, fall slowly: a burst should turn FEC on at once and keep it for a while.
    const double alpha = lossFraction > m_loss ? 0.5 : 0.15;
    m_loss += alpha * (lossFraction - m_loss);
    if (rttMs >= 0 && (m_minRtt < 0 || rttMs < m_minRtt))
        m_minRtt = rttMs;
    const bool queueing = rttMs >= 0 && m_minRtt >= 0 && rttMs > m_minRtt + kQueueingRttMs;
    m_congested = m_loss > kCongestedLoss || queueing;

    int target;
    if (m_congested) {
        // Loss from a full queue: back off multiplicatively, down to the floor.
        target = int(m_bitrate * 0.8);
    } else {
        // Random loss: Opus's FEC copy costs about a third of SILK's bits; pay for it so the
        // primary quality holds and the copy is good enough to rebuild a frame (+3.2 kb/s per %
        // of loss: 10 % loss -> 64 kb/s from 32; net_loss_bench shows FEC's gain rising with
        // the rate up to there). Recover additively.
        const double lossPercent = m_loss * 100.0;
        const int wanted = m_base + (lossPercent < 1.0 ? 0 : int(std::lround(kBitsPerLossPercent * lossPercent)));
        target = wanted > m_bitrate ? std::min(wanted, m_bitrate + 8000) : wanted;
    }
    m_bitrate = std::clamp(target, kMinBitrate, m_max);
}

int RateController::expectedLossPercent() const
{
    return int(std::lround(std::clamp(m_loss * 100.0, 0.0, 100.0)));
}

} // namespace crosstalk::voice
