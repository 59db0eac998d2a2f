// SPDX-License-Identifier: GPL-3.0-or-later
// Target playout delay from packet arrivals, after WebRTC NetEq's delay manager: each packet's
// delay relative to the fastest packet of the last two seconds goes into a histogram that
// forgets slowly; the target is a high quantile of it plus one packet, clamped to 20..200 ms.
#pragma once

#include <array>
#include <cstdint>

namespace crosstalk::voice {

class DelayEstimator
{
public:
    static constexpr int kMinTargetMs = 20; ///< default floor
    static constexpr int kMaxTargetMs = 200;

    /// Lowers or raises the floor (10..200 ms): 10 lets 10 ms frames play with one packet
    /// buffered on a clean path, below the default 20 ms.
    void setMinimumMs(int ms) { m_minimumMs = ms < 10 ? 10 : (ms > kMaxTargetMs ? kMaxTargetMs : ms); }

    DelayEstimator() { reset(); }
    void reset();

    /// One arrival: `timestamp` is the packet's extended RTP timestamp (48 kHz),
    /// `packetMs` its duration.
    void update(std::int64_t timestamp, std::int64_t arrivalUs, int packetMs);

    /// The delay the buffer should hold, in ms. `extraMs` is added before clamping (e.g. one
    /// more packet, kept around for FEC recovery).
    int targetMs(int extraMs = 0) const;
    /// The quantile of the relative arrival delay alone, in ms.
    int jitterQuantileMs() const;

private:
    static constexpr int kBucketMs = 5;
    static constexpr int kBuckets = 100;        // 0..500 ms of relative delay
    static constexpr int kWindow = 100;         // packets over which the fastest one is found
    static constexpr double kForget = 0.995;    // ~200 packets (4 s at 20 ms) of memory
    static constexpr double kQuantile = 0.95;

    std::array<double, kBuckets> m_histogram{};
    std::array<std::int64_t, kWindow> m_delays{}; // arrival minus send time, in us
    int m_count = 0;
    int m_next = 0;
    int m_packetMs = 20;
    std::int64_t m_updates = 0;
    int m_minimumMs = kMinTargetMs;
};

} // namespace crosstalk::voice
