// SPDX-License-Identifier: GPL-3.0-or-later
// Sender-side adaptation from the peer's receiver reports: the expected loss given to Opus
// (which switches its in-band FEC on and sizes it), and the bitrate within 24..64 kb/s.
#pragma once

namespace crosstalk::voice {

class RateController
{
public:
    /// `baseBitrate`: the rate on a clean path; `maxBitrate`: the peer's ceiling.
    RateController(int baseBitrate, int maxBitrate);

    /// One receiver report: loss over its interval (0..1) and the round-trip time (ms, < 0 unknown).
    void onReport(double lossFraction, double rttMs);

    int bitrate() const { return m_bitrate; }
    /// Smoothed loss in percent, for OPUS_SET_PACKET_LOSS_PERC.
    int expectedLossPercent() const;
    bool congested() const { return m_congested; }

private:
    int m_base;
    int m_max;
    int m_bitrate;
    double m_loss = 0.0;
    double m_minRtt = -1.0;
    bool m_congested = false;
};

} // namespace crosstalk::voice
