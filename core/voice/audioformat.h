// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's one internal audio format: 48 kHz, mono, signed 16-bit, 10 ms blocks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace crosstalk::voice {

inline constexpr int kSampleRate = 48000;
inline constexpr int kChannels = 1;
inline constexpr int kBlockMs = 10;
inline constexpr std::size_t kBlockSamples = kSampleRate / 1000 * kBlockMs; // 480

using Sample = std::int16_t;
using Block = std::span<Sample, kBlockSamples>;
using ConstBlock = std::span<const Sample, kBlockSamples>;

} // namespace crosstalk::voice
