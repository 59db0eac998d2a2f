// SPDX-License-Identifier: GPL-3.0-or-later
// A small RIFF/WAVE reader and writer: PCM 16-bit, any rate, mono or interleaved channels.
// Enough for test signals, recordings of calls and the file device; not a codec library.
#pragma once

#include "core/voice/audioformat.h"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace crosstalk::voice {

struct WavData
{
    int sampleRate = kSampleRate;
    int channels = 1;
    std::vector<Sample> samples; ///< interleaved when channels > 1
};

/// Reads a PCM16 WAV file; nullopt with a reason for anything else (float, 24-bit, damaged).
std::optional<WavData> readWav(const std::string &path, std::string &error);
/// Reads a WAV file and converts it to the engine format (mono mix, 48 kHz).
std::optional<std::vector<Sample>> readWavAsEngineFormat(const std::string &path, std::string &error);
/// Writes PCM16; false with a reason on I/O failure.
bool writeWav(const std::string &path, std::span<const Sample> samples, int sampleRate, int channels,
              std::string &error);
inline bool writeWav(const std::string &path, std::span<const Sample> samples, std::string &error)
{
    return writeWav(path, samples, kSampleRate, 1, error);
}

} // namespace crosstalk::voice
