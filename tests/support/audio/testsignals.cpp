// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/audio/testsignals.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace crosstalk::test {
namespace {

std::size_t count(double seconds)
{
    return static_cast<std::size_t>(std::lround(seconds * voice::kSampleRate));
}

Sample toSample(double v)
{
    return static_cast<Sample>(std::lround(std::clamp(v, -1.0, 1.0) * 32767.0));
}

// A two-pole resonator (band emphasis), used to give noise formant-like peaks.
struct Resonator
{
    double a1, a2, gain, y1 = 0, y2 = 0;
    Resonator(double freq, double bandwidth)
    {
        const double r = std::exp(-std::numbers::pi * bandwidth / voice::kSampleRate);
        a1 = 2 * r * std::cos(2 * std::numbers::pi * freq / voice::kSampleRate);
        a2 = -r * r;
        gain = 1 - r;
    }
    double step(double x)
    {
        const double y = gain * x + a1 * y1 + a2 * y2;
        y2 = y1;
        y1 = y;
        return y;
    }
};

} // namespace

std::vector<Sample> tone(double frequency, double seconds, double amplitude)
{
    std::vector<Sample> out(count(seconds));
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = toSample(amplitude * std::sin(2 * std::numbers::pi * frequency * double(i) / voice::kSampleRate));
    return out;
}

std::vector<Sample> chirp(double f0, double f1, double seconds, double amplitude)
{
    std::vector<Sample> out(count(seconds));
    const double k = (f1 - f0) / seconds;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const double t = double(i) / voice::kSampleRate;
        out[i] = toSample(amplitude * std::sin(2 * std::numbers::pi * (f0 * t + 0.5 * k * t * t)));
    }
    return out;
}

std::vector<Sample> speechLikeNoise(double seconds, std::uint32_t seed, double amplitude)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> gauss(0.0, 1.0);
    std::uniform_real_distribution<double> uni(0.0, 1.0);
    std::vector<double> x(count(seconds));
    Resonator f1(500, 200), f2(1500, 300), f3(2500, 400);
    double lowpass = 0;
    // Syllables: 120–300 ms of sound, then 30–150 ms of near-silence.
    std::size_t syllableLeft = 0;
    bool voiced = false;
    double env = 0;
    double target = 0;
    double peak = 1e-9;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (syllableLeft == 0) {
            voiced = !voiced;
            syllableLeft = count(voiced ? 0.12 + 0.18 * uni(rng) : 0.03 + 0.12 * uni(rng));
            target = voiced ? 0.4 + 0.6 * uni(rng) : 0.02;
        }
        --syllableLeft;
        env += (target - env) * 0.002; // ~10 ms attack/decay
        const double n = gauss(rng);
        lowpass += 0.15 * (n - lowpass); // speech energy falls off above ~1 kHz
        const double shaped = 0.6 * lowpass + f1.step(n) * 2.0 + f2.step(n) * 1.2 + f3.step(n) * 0.6;
        x[i] = env * shaped;
        peak = std::max(peak, std::abs(x[i]));
    }
    std::vector<Sample> out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        out[i] = toSample(amplitude * x[i] / peak * 2.0); // peaks clip rarely; RMS near speech
    return out;
}

std::vector<Sample> whiteNoise(double seconds, std::uint32_t seed, double amplitude)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> gauss(0.0, amplitude);
    std::vector<Sample> out(count(seconds));
    for (Sample &s : out)
        s = toSample(gauss(rng));
    return out;
}

std::vector<Sample> silence(double seconds)
{
    return std::vector<Sample>(count(seconds), 0);
}

} // namespace crosstalk::test
