// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/g711codec.h"

#include "core/voice/resampler.h"

#include <algorithm>

namespace crosstalk::voice {
namespace {

// μ-law (G.711 section 2): bias the magnitude so every segment starts at a power of two, find
// the segment (exponent) from the top bit, keep four mantissa bits, invert all bits.
constexpr int kUlawBias = 0x84;
constexpr int kUlawClip = 32635;

// A-law works on 13-bit magnitudes; these are the top of each of its eight segments.
constexpr std::array<int, 8> kAlawSegmentEnd = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};

// Speech resampling both ways: quality 4 keeps the 300-3400 Hz telephone band flat.
constexpr int kResamplerQuality = 4;

} // namespace

std::uint8_t linearToUlaw(Sample pcm)
{
    int x = pcm;
    const int sign = x < 0 ? 0x80 : 0;
    if (sign)
        x = -x;
    x = std::min(x, kUlawClip) + kUlawBias;
    int exponent = 7;
    for (int mask = 0x4000; (x & mask) == 0 && exponent > 0; mask >>= 1)
        --exponent;
    const int mantissa = (x >> (exponent + 3)) & 0x0F;
    return static_cast<std::uint8_t>(~(sign | (exponent << 4) | mantissa));
}

Sample ulawToLinear(std::uint8_t code)
{
    const int u = ~code & 0xFF;
    const int exponent = (u >> 4) & 0x07;
    const int mantissa = u & 0x0F;
    const int magnitude = (((mantissa << 3) + kUlawBias) << exponent) - kUlawBias;
    return static_cast<Sample>((u & 0x80) ? -magnitude : magnitude);
}

std::uint8_t linearToAlaw(Sample pcm)
{
    int x = pcm >> 3; // 13 bits
    int mask = 0xD5;  // sign bit set for positive values, even bits inverted (G.711 A-law)
    if (x < 0) {
        mask = 0x55;
        x = -x - 1;
    }
    int segment = 0;
    while (segment < 8 && x > kAlawSegmentEnd[std::size_t(segment)])
        ++segment;
    if (segment >= 8)
        return static_cast<std::uint8_t>(0x7F ^ mask);
    int code = segment << 4;
    code |= segment < 2 ? (x >> 1) & 0x0F : (x >> segment) & 0x0F;
    return static_cast<std::uint8_t>(code ^ mask);
}

Sample alawToLinear(std::uint8_t code)
{
    const int a = code ^ 0x55;
    int magnitude = (a & 0x0F) << 4;
    const int segment = (a & 0x70) >> 4;
    if (segment == 0) {
        magnitude += 8;
    } else {
        magnitude += 0x108;
        magnitude <<= segment - 1;
    }
    return static_cast<Sample>((a & 0x80) ? magnitude : -magnitude);
}

G711Encoder::G711Encoder() = default;
G711Encoder::~G711Encoder() = default;

bool G711Encoder::init(AudioCodec codec, int frameMs, std::string &error)
{
    if (codec == AudioCodec::Opus) {
        error = "G711Encoder: not a G.711 codec";
        return false;
    }
    if (frameMs != 10 && frameMs != 20) {
        error = "G.711 ptime must be 10 or 20 ms";
        return false;
    }
    m_codec = codec;
    m_frameMs = frameMs;
    // No skipped start-up zeros: every 48 kHz frame maps to exactly one sixth as many samples.
    m_down = std::make_unique<Resampler>(kSampleRate, kG711Rate, kResamplerQuality, false);
    return m_down->isValid() || (error = "G.711: no resampler", false);
}

int G711Encoder::encode(std::span<const Sample> pcm, std::span<std::uint8_t> payload)
{
    if (!m_down || int(pcm.size()) != frameSamples())
        return -1;
    const std::size_t narrow = pcm.size() / kG711Ratio;
    if (payload.size() < narrow)
        return -1;
    const std::size_t produced = m_down->process(pcm, std::span(m_narrow).first(narrow)).produced;
    std::fill(m_narrow.begin() + std::ptrdiff_t(produced), m_narrow.begin() + std::ptrdiff_t(narrow), Sample{0});
    for (std::size_t i = 0; i < narrow; ++i)
        payload[i] = m_codec == AudioCodec::Pcmu ? linearToUlaw(m_narrow[i]) : linearToAlaw(m_narrow[i]);
    return int(narrow);
}

G711Decoder::G711Decoder() = default;
G711Decoder::~G711Decoder() = default;

bool G711Decoder::init(AudioCodec codec, std::string &error)
{
    if (codec == AudioCodec::Opus) {
        error = "G711Decoder: not a G.711 codec";
        return false;
    }
    m_codec = codec;
    m_up = std::make_unique<Resampler>(kG711Rate, kSampleRate, kResamplerQuality, false);
    m_history.fill(0);
    m_historyPos = 0;
    m_concealed = 0;
    return m_up->isValid() || (error = "G.711: no resampler", false);
}

int G711Decoder::packetSamples(std::span<const std::uint8_t> payload)
{
    if (payload.empty() || payload.size() > 960)
        return -1;
    return int(payload.size()) * kG711Ratio;
}

int G711Decoder::upsample(int narrowCount, std::span<Sample> out)
{
    const std::size_t wide = std::size_t(narrowCount) * kG711Ratio;
    if (out.size() < wide)
        return -1;
    const std::size_t produced
        = m_up->process(std::span<const Sample>(m_narrow).first(std::size_t(narrowCount)), out.first(wide)).produced;
    std::fill(out.begin() + std::ptrdiff_t(produced), out.begin() + std::ptrdiff_t(wide), Sample{0});
    return int(wide);
}

int G711Decoder::decode(std::span<const std::uint8_t> payload, std::span<Sample> out)
{
    const int samples = packetSamples(payload);
    if (!m_up || samples < 0 || out.size() < std::size_t(samples))
        return -1;
    for (std::size_t i = 0; i < payload.size(); ++i) {
        const Sample s = m_codec == AudioCodec::Pcmu ? ulawToLinear(payload[i]) : alawToLinear(payload[i]);
        m_narrow[i] = s;
        m_history[std::size_t(m_historyPos)] = s;
        m_historyPos = (m_historyPos + 1) % kHistory;
    }
    m_concealed = 0;
    return upsample(int(payload.size()), out);
}

int G711Decoder::conceal(int samples, std::span<Sample> out)
{
    if (!m_up || samples <= 0 || samples % kG711Ratio != 0 || std::size_t(samples) > out.size()
        || samples / kG711Ratio > int(m_narrow.size()))
        return -1;
    // Repeat the last 10 ms (the history ring, oldest first), fading linearly to silence over
    // 30 ms of concealment: a short gap keeps its voice, a long one goes quiet, not buzzing.
    constexpr int kFade = 3 * kHistory;
    const int narrow = samples / kG711Ratio;
    for (int i = 0; i < narrow; ++i) {
        const int k = m_concealed + i;
        const Sample s = m_history[std::size_t((m_historyPos + k) % kHistory)];
        const int gain = std::max(0, kFade - k);
        m_narrow[std::size_t(i)] = static_cast<Sample>(int(s) * gain / kFade);
    }
    m_concealed = std::min(m_concealed + narrow, kFade);
    return upsample(narrow, out);
}

} // namespace crosstalk::voice
