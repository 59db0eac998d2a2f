// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/callstats.h"

#include <algorithm>

namespace crosstalk::voice {

double estimateMos(double oneWayDelayMs, double lossPercent)
{
    const double ta = std::max(0.0, oneWayDelayMs);
    double id = 0.024 * ta;
    if (ta > 177.3)
        id += 0.11 * (ta - 177.3);
    // Equipment impairment (G.113 style): Ie for Opus at speech rates taken as 0, Bpl 20,
    // random loss (BurstR = 1).
    const double ppl = std::clamp(lossPercent, 0.0, 100.0);
    const double ie = 0.0;
    const double bpl = 20.0;
    const double ieEff = ie + (95.0 - ie) * ppl / (ppl + bpl);
    const double r = std::clamp(93.2 - id - ieEff, 0.0, 100.0);
    const double mos = 1.0 + 0.035 * r + 7e-6 * r * (r - 60.0) * (100.0 - r);
    return std::clamp(mos, 1.0, 4.5);
}

} // namespace crosstalk::voice
