// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/delayestimator.h"

#include <algorithm>

namespace crosstalk::voice {

void DelayEstimator::reset()
{
    m_histogram.fill(0.0);
    m_histogram[0] = 1.0; // start optimistic: no jitter seen yet
    m_count = 0;
    m_next = 0;
    m_updates = 0;
}

void DelayEstimator::update(std::int64_t timestamp, std::int64_t arrivalUs, int packetMs)
{
    if (packetMs > 0)
        m_packetMs = packetMs;
    // The sender's clock is the RTP timestamp; the offset between the clocks cancels out once
    // the delay is taken relative to the fastest recent packet.
    const std::int64_t delay = arrivalUs - timestamp * 1000 / 48;
    m_delays[std::size_t(m_next)] = delay;
    m_next = (m_next + 1) % kWindow;
    m_count = std::min(m_count + 1, kWindow);
    std::int64_t fastest = delay;
    for (int i = 0; i < m_count; ++i)
        fastest = std::min(fastest, m_delays[std::size_t(i)]);
    const std::int64_t relativeMs = (delay - fastest) / 1000;
    const int bucket = int(std::clamp<std::int64_t>(relativeMs / kBucketMs, 0, kBuckets - 1));
    // Start-up as in NetEq: forget fast while few packets have been seen (a plain average),
    // so the first reordered or late packets move the target at once.
    ++m_updates;
    const double forget = std::min(kForget, 1.0 - 1.0 / double(m_updates + 1));
    for (double &b : m_histogram)
        b *= forget;
    m_histogram[std::size_t(bucket)] += 1.0 - forget;
}

int DelayEstimator::jitterQuantileMs() const
{
    double total = 0.0;
    for (double b : m_histogram)
        total += b;
    double acc = 0.0;
    for (int i = 0; i < kBuckets; ++i) {
        acc += m_histogram[std::size_t(i)];
        if (acc >= kQuantile * total)
            return i * kBucketMs; // lower edge: a steady stream needs no extra delay
    }
    return kBuckets * kBucketMs;
}

int DelayEstimator::targetMs(int extraMs) const
{
    // One packet must be complete before it can play, hence the packet duration on top.
    const int target = jitterQuantileMs() + m_packetMs + extraMs;
    return std::clamp(target, m_minimumMs, kMaxTargetMs);
}

} // namespace crosstalk::voice
