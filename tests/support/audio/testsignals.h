// SPDX-License-Identifier: GPL-3.0-or-later
// Deterministic test signals in the engine format (48 kHz mono s16).
#pragma once

#include "core/voice/audioformat.h"

#include <cstdint>
#include <vector>

namespace crosstalk::test {

using voice::Sample;

/// A sine tone; amplitude is linear full scale (1.0 = 32767).
std::vector<Sample> tone(double frequency, double seconds, double amplitude = 0.3);
/// A linear sweep from f0 to f1 Hz.
std::vector<Sample> chirp(double f0, double f1, double seconds, double amplitude = 0.3);
/// Noise with a speech-like spectrum (low-pass tilt, formant-ish band emphasis) and a
/// syllabic envelope (3–6 Hz bursts with short pauses). Seeded, so repeatable; good for
/// echo and codec tests where real speech is not needed.
std::vector<Sample> speechLikeNoise(double seconds, std::uint32_t seed = 1, double amplitude = 0.25);
/// White noise, seeded.
std::vector<Sample> whiteNoise(double seconds, std::uint32_t seed = 1, double amplitude = 0.1);
/// Silence.
std::vector<Sample> silence(double seconds);

} // namespace crosstalk::test
