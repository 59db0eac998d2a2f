// SPDX-License-Identifier: GPL-3.0-or-later
// Codec-level loss experiment shared by the FEC test and the loss-robustness benchmark: encode
// a signal, drop packets by a seeded pattern, decode each lost frame either from the next
// packet's FEC data or by concealment, and measure the segmental SNR on the lost frames only.
#pragma once

#include "core/voice/audioformat.h"

#include <cstdint>
#include <vector>

namespace crosstalk::test {

struct LossExperiment
{
    double lossRate = 0.10;
    std::uint64_t seed = 1;
    int frameMs = 20;
    int bitrate = 32000;
    bool useFec = true;       ///< decode lost frames from the next packet (else conceal)
    int expectedLossPercent = 10;
};

struct LossOutcome
{
    int frames = 0;
    int lostFrames = 0;
    int recoveredByFec = 0;   ///< lost frames whose next packet carried FEC data and arrived
    double lostSegSnrDb = 0;  ///< segmental SNR over the lost frames only
    double overallSegSnrDb = 0;
    std::vector<voice::Sample> output;
    long delaySamples = 0;
};

LossOutcome runLossExperiment(const std::vector<voice::Sample> &signal, const LossExperiment &experiment);

} // namespace crosstalk::test
