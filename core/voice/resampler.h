// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/voice/audioformat.h"

#include <cstddef>
#include <span>
#include <vector>

struct SpeexResamplerState_;

namespace crosstalk::voice {

/// Mono s16 sample-rate conversion (speexdsp), for devices that do not run at 48 kHz.
/// Construction allocates; process() does not, so it may run in an audio callback.
class Resampler
{
public:
    /// quality 0..10 (speexdsp); 5 is transparent for speech at little CPU. skipZeros drops the
    /// filter's start-up delay from the first output (a device wants audio at once); without it
    /// an integer ratio maps every input block to exactly inLen * out / in samples.
    Resampler(int inRate, int outRate, int quality = 5, bool skipZeros = true);
    ~Resampler();
    Resampler(const Resampler &) = delete;
    Resampler &operator=(const Resampler &) = delete;

    bool isValid() const { return m_state != nullptr; }
    int inRate() const { return m_inRate; }
    int outRate() const { return m_outRate; }

    struct Result
    {
        std::size_t consumed = 0;
        std::size_t produced = 0;
    };
    /// Converts as much of `in` as fits into `out`.
    Result process(std::span<const Sample> in, std::span<Sample> out);
    /// Input samples the filter holds back (its delay), in input samples.
    int inputLatency() const;
    void reset();

    /// Whole-buffer conversion for files (allocates; not for audio threads).
    static std::vector<Sample> convert(std::span<const Sample> in, int inRate, int outRate);

private:
    SpeexResamplerState_ *m_state = nullptr;
    int m_inRate;
    int m_outRate;
    bool m_skipZeros;
};

} // namespace crosstalk::voice
