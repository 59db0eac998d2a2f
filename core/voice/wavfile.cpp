// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/wavfile.h"

#include "core/voice/resampler.h"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>

namespace crosstalk::voice {
namespace {

// WAV is little-endian; read and write bytewise so the code does not depend on the host's order.
std::uint32_t le32(const unsigned char *p)
{
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
}
std::uint16_t le16(const unsigned char *p)
{
    return static_cast<std::uint16_t>(p[0] | p[1] << 8);
}
void put32(std::vector<unsigned char> &b, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        b.push_back(static_cast<unsigned char>(v >> (8 * i)));
}
void put16(std::vector<unsigned char> &b, std::uint16_t v)
{
    b.push_back(static_cast<unsigned char>(v));
    b.push_back(static_cast<unsigned char>(v >> 8));
}

constexpr std::uint16_t kFormatPcm = 1;
constexpr std::uint16_t kFormatExtensible = 0xFFFE;

} // namespace

std::optional<WavData> readWav(const std::string &path, std::string &error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot open " + path;
        return std::nullopt;
    }
    const std::vector<unsigned char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (bytes.size() < 12 || std::memcmp(bytes.data(), "RIFF", 4) != 0 || std::memcmp(bytes.data() + 8, "WAVE", 4) != 0) {
        error = path + " is not a RIFF/WAVE file";
        return std::nullopt;
    }
    WavData wav;
    bool haveFormat = false;
    std::size_t pos = 12;
    while (pos + 8 <= bytes.size()) {
        const unsigned char *chunk = bytes.data() + pos;
        std::size_t size = le32(chunk + 4);
        const std::size_t body = pos + 8;
        // Writers that stream (sox to a pipe, espeak-ng) may leave 0 or 0xFFFFFFFF here.
        if (body + size > bytes.size())
            size = bytes.size() - body;
        if (std::memcmp(chunk, "fmt ", 4) == 0 && size >= 16) {
            const std::uint16_t format = le16(bytes.data() + body);
            wav.channels = le16(bytes.data() + body + 2);
            wav.sampleRate = static_cast<int>(le32(bytes.data() + body + 4));
            const std::uint16_t bits = le16(bytes.data() + body + 14);
            if ((format != kFormatPcm && format != kFormatExtensible) || bits != 16 || wav.channels < 1
                || wav.sampleRate <= 0) {
                error = path + ": only 16-bit PCM WAV is supported";
                return std::nullopt;
            }
            haveFormat = true;
        } else if (std::memcmp(chunk, "data", 4) == 0) {
            if (!haveFormat) {
                error = path + ": data chunk before fmt chunk";
                return std::nullopt;
            }
            wav.samples.resize(size / 2);
            for (std::size_t i = 0; i < wav.samples.size(); ++i)
                wav.samples[i] = static_cast<Sample>(le16(bytes.data() + body + 2 * i));
            return wav;
        }
        pos = body + size + (size & 1); // chunks are padded to even sizes
    }
    error = path + ": no audio data";
    return std::nullopt;
}

std::optional<std::vector<Sample>> readWavAsEngineFormat(const std::string &path, std::string &error)
{
    auto wav = readWav(path, error);
    if (!wav)
        return std::nullopt;
    std::vector<Sample> mono;
    if (wav->channels == 1) {
        mono = std::move(wav->samples);
    } else {
        const auto ch = static_cast<std::size_t>(wav->channels);
        mono.resize(wav->samples.size() / ch);
        for (std::size_t i = 0; i < mono.size(); ++i) {
            int sum = 0;
            for (std::size_t c = 0; c < ch; ++c)
                sum += wav->samples[i * ch + c];
            mono[i] = static_cast<Sample>(sum / wav->channels);
        }
    }
    if (wav->sampleRate != kSampleRate)
        mono = Resampler::convert(mono, wav->sampleRate, kSampleRate);
    return mono;
}

bool writeWav(const std::string &path, std::span<const Sample> samples, int sampleRate, int channels,
              std::string &error)
{
    const auto dataBytes = static_cast<std::uint32_t>(samples.size() * 2);
    std::vector<unsigned char> b;
    b.reserve(44 + dataBytes);
    b.insert(b.end(), {'R', 'I', 'F', 'F'});
    put32(b, 36 + dataBytes);
    b.insert(b.end(), {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '});
    put32(b, 16);
    put16(b, kFormatPcm);
    put16(b, static_cast<std::uint16_t>(channels));
    put32(b, static_cast<std::uint32_t>(sampleRate));
    put32(b, static_cast<std::uint32_t>(sampleRate * channels * 2));
    put16(b, static_cast<std::uint16_t>(channels * 2));
    put16(b, 16);
    b.insert(b.end(), {'d', 'a', 't', 'a'});
    put32(b, dataBytes);
    for (Sample s : samples)
        put16(b, static_cast<std::uint16_t>(s));
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) {
        error = "cannot create " + path;
        return false;
    }
    out.write(reinterpret_cast<const char *>(b.data()), static_cast<std::streamsize>(b.size()));
    out.close();
    if (!out) {
        error = "cannot write " + path;
        return false;
    }
    return true;
}

} // namespace crosstalk::voice
