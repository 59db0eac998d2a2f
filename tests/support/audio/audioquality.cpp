// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/audio/audioquality.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

namespace crosstalk::test {
namespace {

using Complex = std::complex<double>;

// In-place iterative radix-2 FFT; size must be a power of two.
void fft(std::vector<Complex> &a, bool inverse)
{
    const std::size_t n = a.size();
    for (std::size_t i = 1, j = 0; i < n; ++i) {
        std::size_t bit = n >> 1;
        for (; j & bit; bit >>= 1)
            j ^= bit;
        j ^= bit;
        if (i < j)
            std::swap(a[i], a[j]);
    }
    for (std::size_t len = 2; len <= n; len <<= 1) {
        const double angle = 2 * std::numbers::pi / double(len) * (inverse ? 1 : -1);
        const Complex wlen(std::cos(angle), std::sin(angle));
        for (std::size_t i = 0; i < n; i += len) {
            Complex w(1);
            for (std::size_t k = 0; k < len / 2; ++k) {
                const Complex u = a[i + k];
                const Complex v = a[i + k + len / 2] * w;
                a[i + k] = u + v;
                a[i + k + len / 2] = u - v;
                w *= wlen;
            }
        }
    }
    if (inverse)
        for (Complex &x : a)
            x /= double(n);
}

std::size_t nextPow2(std::size_t n)
{
    std::size_t p = 1;
    while (p < n)
        p <<= 1;
    return p;
}

} // namespace

DelayEstimate estimateDelay(std::span<const Sample> input, std::span<const Sample> output, std::size_t maxDelay)
{
    DelayEstimate best;
    if (input.empty() || output.empty())
        return best;
    const std::size_t n = nextPow2(input.size() + output.size());
    std::vector<Complex> a(n), b(n);
    for (std::size_t i = 0; i < input.size(); ++i)
        a[i] = input[i];
    for (std::size_t i = 0; i < output.size(); ++i)
        b[i] = output[i];
    fft(a, false);
    fft(b, false);
    for (std::size_t i = 0; i < n; ++i)
        a[i] = std::conj(a[i]) * b[i]; // correlation: sum_k in[k] * out[k + lag]
    fft(a, true);

    // Energies of the overlapping parts, for normalisation.
    std::vector<double> inPrefix(input.size() + 1, 0), outPrefix(output.size() + 1, 0);
    for (std::size_t i = 0; i < input.size(); ++i)
        inPrefix[i + 1] = inPrefix[i] + double(input[i]) * input[i];
    for (std::size_t i = 0; i < output.size(); ++i)
        outPrefix[i + 1] = outPrefix[i] + double(output[i]) * output[i];

    const std::size_t lagLimit = std::min(maxDelay, output.size() - 1);
    best.correlation = -2;
    for (std::size_t lag = 0; lag <= lagLimit; ++lag) {
        const std::size_t overlap = std::min(input.size(), output.size() - lag);
        const double ein = inPrefix[overlap];
        const double eout = outPrefix[lag + overlap] - outPrefix[lag];
        if (ein <= 0 || eout <= 0)
            continue;
        const double c = a[lag].real() / std::sqrt(ein * eout);
        if (c > best.correlation) {
            best.correlation = c;
            best.delaySamples = static_cast<long>(lag);
        }
    }
    if (best.correlation < -1)
        best.correlation = 0;
    return best;
}

double segmentalSnrDb(std::span<const Sample> input, std::span<const Sample> output, long delay, std::size_t segment)
{
    double sum = 0;
    std::size_t count = 0;
    for (std::size_t start = 0; start + segment <= input.size(); start += segment) {
        const long outStart = static_cast<long>(start) + delay;
        if (outStart < 0 || static_cast<std::size_t>(outStart) + segment > output.size())
            continue;
        double signal = 0, noise = 0;
        for (std::size_t i = 0; i < segment; ++i) {
            const double x = input[start + i];
            const double y = output[static_cast<std::size_t>(outStart) + i];
            signal += x * x;
            noise += (x - y) * (x - y);
        }
        // Skip silent segments (below about -60 dBFS): they say nothing about fidelity.
        if (signal / double(segment) < 33.0 * 33.0)
            continue;
        const double snr = 10 * std::log10(signal / std::max(noise, 1e-9));
        sum += std::clamp(snr, -10.0, 35.0);
        ++count;
    }
    return count ? sum / double(count) : 0.0;
}

double powerDbfs(std::span<const Sample> x)
{
    double sum = 0;
    for (Sample s : x)
        sum += double(s) * s;
    const double mean = x.empty() ? 0 : sum / double(x.size());
    return 10 * std::log10(std::max(mean, 1e-3) / (32768.0 * 32768.0));
}

double attenuationDb(std::span<const Sample> before, std::span<const Sample> after)
{
    return powerDbfs(before) - powerDbfs(after);
}

double dominantFrequency(std::span<const Sample> x, int sampleRate)
{
    if (x.size() < 2)
        return 0;
    const std::size_t n = nextPow2(x.size());
    std::vector<Complex> a(n);
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double w = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * double(i) / double(x.size() - 1));
        a[i] = x[i] * w;
    }
    fft(a, false);
    std::size_t best = 1;
    for (std::size_t i = 1; i < n / 2; ++i)
        if (std::abs(a[i]) > std::abs(a[best]))
            best = i;
    return double(best) * sampleRate / double(n);
}

} // namespace crosstalk::test
