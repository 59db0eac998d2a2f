// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/mediadescription.h"

#include <sys/random.h>

#include <cctype>
#include <cerrno>
#include <random>

namespace crosstalk::voice {

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int decodeChar(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}
} // namespace

const char *codecName(AudioCodec codec)
{
    switch (codec) {
    case AudioCodec::Pcmu:
        return "PCMU";
    case AudioCodec::Pcma:
        return "PCMA";
    case AudioCodec::Opus:
        break;
    }
    return "opus";
}

std::optional<AudioCodec> codecFromName(std::string_view name)
{
    auto same = [name](std::string_view other) {
        if (name.size() != other.size())
            return false;
        for (std::size_t i = 0; i < name.size(); ++i) {
            if (std::tolower(static_cast<unsigned char>(name[i])) != std::tolower(static_cast<unsigned char>(other[i])))
                return false;
        }
        return true;
    };
    for (AudioCodec c : {AudioCodec::Opus, AudioCodec::Pcmu, AudioCodec::Pcma}) {
        if (same(codecName(c)))
            return c;
    }
    return std::nullopt;
}

int codecClockRate(AudioCodec codec)
{
    return codec == AudioCodec::Opus ? 48000 : 8000;
}

int defaultPayloadType(AudioCodec codec)
{
    switch (codec) {
    case AudioCodec::Pcmu:
        return 0;
    case AudioCodec::Pcma:
        return 8;
    case AudioCodec::Opus:
        break;
    }
    return 111;
}

bool decodeBase64(const std::string &text, std::vector<std::uint8_t> &out)
{
    out.clear();
    if (text.size() % 4 != 0)
        return false;
    std::uint32_t acc = 0;
    int bits = 0;
    std::size_t padding = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '=') {
            // Padding only at the very end, at most two characters.
            if (i + 2 < text.size())
                return false;
            ++padding;
            continue;
        }
        if (padding > 0)
            return false;
        const int v = decodeChar(c);
        if (v < 0)
            return false;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xFF));
        }
    }
    return padding <= 2;
}

std::string encodeBase64(const std::uint8_t *data, std::size_t size)
{
    std::string out;
    out.reserve((size + 2) / 3 * 4);
    for (std::size_t i = 0; i < size; i += 3) {
        const std::uint32_t b0 = data[i];
        const std::uint32_t b1 = i + 1 < size ? data[i + 1] : 0;
        const std::uint32_t b2 = i + 2 < size ? data[i + 2] : 0;
        const std::uint32_t v = (b0 << 16) | (b1 << 8) | b2;
        out.push_back(kAlphabet[(v >> 18) & 63]);
        out.push_back(kAlphabet[(v >> 12) & 63]);
        out.push_back(i + 1 < size ? kAlphabet[(v >> 6) & 63] : '=');
        out.push_back(i + 2 < size ? kAlphabet[v & 63] : '=');
    }
    return out;
}

void fillRandom(std::uint8_t *out, std::size_t size)
{
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = getrandom(out + done, size - done, 0);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
        } else if (n < 0 && errno != EINTR) {
            // No kernel entropy call (very old kernel, seccomp): fall back to random_device,
            // which is still unpredictable on Linux (it reads /dev/urandom).
            std::random_device rd;
            for (; done < size; ++done)
                out[done] = static_cast<std::uint8_t>(rd());
        }
    }
}

std::uint32_t randomU32()
{
    std::uint8_t b[4];
    fillRandom(b, sizeof b);
    return (std::uint32_t(b[0]) << 24) | (std::uint32_t(b[1]) << 16) | (std::uint32_t(b[2]) << 8) | b[3];
}

SrtpKeys makeRandomSrtpKeys()
{
    SrtpKeys keys;
    fillRandom(keys.master.data(), keys.master.size());
    return keys;
}

} // namespace crosstalk::voice
