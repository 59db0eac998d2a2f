// SPDX-License-Identifier: GPL-3.0-or-later
// Quality measures for voice tests and benchmarks: how late and how faithful an output is.
#pragma once

#include "core/voice/audioformat.h"

#include <cstddef>
#include <span>
#include <vector>

namespace crosstalk::test {

using voice::Sample;

struct DelayEstimate
{
    long delaySamples = 0;  ///< output[n + delay] ≈ input[n]
    double correlation = 0; ///< normalised peak, 1.0 = identical shape
    double delayMs() const { return delaySamples * 1000.0 / voice::kSampleRate; }
};

/// Finds the lag (0..maxDelay samples) at which `output` best matches `input`, by normalised
/// cross-correlation (computed with an FFT, so seconds of audio take milliseconds).
DelayEstimate estimateDelay(std::span<const Sample> input, std::span<const Sample> output, std::size_t maxDelay);

/// Segmental SNR (dB) of output against input shifted by `delay`: the mean over 10 ms
/// segments of each segment's SNR, clamped to [-10, 35] dB per segment as is usual, and over
/// segments where the input is not silent.
double segmentalSnrDb(std::span<const Sample> input, std::span<const Sample> output, long delay,
                      std::size_t segment = voice::kBlockSamples);

/// Mean power in dBFS (full-scale sine = -3 dBFS).
double powerDbfs(std::span<const Sample> x);
/// Ratio in dB of the power of `before` over `after` (e.g. echo before/after cancellation).
double attenuationDb(std::span<const Sample> before, std::span<const Sample> after);
/// The strongest frequency (Hz) in x, from a Hann-windowed FFT.
double dominantFrequency(std::span<const Sample> x, int sampleRate = voice::kSampleRate);

} // namespace crosstalk::test
