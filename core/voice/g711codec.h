// SPDX-License-Identifier: GPL-3.0-or-later
// G.711 (PCMU μ-law, PCMA A-law; RFC 3551): the fallback for peers that offer no Opus. 8 kHz,
// one byte per sample; the engine runs at 48 kHz, so both directions resample (speexdsp).
#pragma once

#include "core/voice/audioformat.h"
#include "core/voice/mediadescription.h"

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace crosstalk::voice {

class Resampler;

inline constexpr int kG711Rate = 8000;
inline constexpr int kG711Ratio = kSampleRate / kG711Rate; // 6: 48 kHz samples per G.711 sample

std::uint8_t linearToUlaw(Sample pcm);
Sample ulawToLinear(std::uint8_t code);
std::uint8_t linearToAlaw(Sample pcm);
Sample alawToLinear(std::uint8_t code);

/// 48 kHz frames of 10 or 20 ms in, one G.711 payload (80 or 160 bytes) out. Allocates only in init().
class G711Encoder
{
public:
    G711Encoder();
    ~G711Encoder();
    G711Encoder(const G711Encoder &) = delete;
    G711Encoder &operator=(const G711Encoder &) = delete;

    bool init(AudioCodec codec, int frameMs, std::string &error);
    int frameSamples() const { return m_frameMs * kSampleRate / 1000; }
    int frameMs() const { return m_frameMs; }
    /// Encodes one frame of frameSamples(); returns the payload size or -1. Never allocates.
    int encode(std::span<const Sample> pcm, std::span<std::uint8_t> payload);

private:
    AudioCodec m_codec = AudioCodec::Pcmu;
    int m_frameMs = 20;
    std::unique_ptr<Resampler> m_down;
    std::array<Sample, 960> m_narrow{}; // up to 120 ms at 8 kHz
};

/// One G.711 payload (any length up to 120 ms) in, 48 kHz out; loss concealed by repeating the
/// last 10 ms with a fade to silence over 30 ms (G.711 has no PLC of its own; Appendix I's
/// pitch-synchronous repetition would be the refinement). Allocates only in init().
class G711Decoder
{
public:
    G711Decoder();
    ~G711Decoder();
    G711Decoder(const G711Decoder &) = delete;
    G711Decoder &operator=(const G711Decoder &) = delete;

    bool init(AudioCodec codec, std::string &error);
    /// 48 kHz samples the payload decodes to, or -1 (empty, longer than 120 ms).
    static int packetSamples(std::span<const std::uint8_t> payload);
    int decode(std::span<const std::uint8_t> payload, std::span<Sample> out);
    /// `samples` at 48 kHz (a multiple of 6).
    int conceal(int samples, std::span<Sample> out);

private:
    int upsample(int narrowCount, std::span<Sample> out);

    AudioCodec m_codec = AudioCodec::Pcmu;
    std::unique_ptr<Resampler> m_up;
    std::array<Sample, 960> m_narrow{};
    static constexpr int kHistory = kG711Rate / 100; // the last 10 ms, repeated when a packet is lost
    std::array<Sample, kHistory> m_history{};
    int m_historyPos = 0;
    int m_concealed = 0; // 8 kHz samples concealed since the last good packet
};

} // namespace crosstalk::voice
