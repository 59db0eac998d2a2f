// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/blockadapter.h"
#include "core/voice/devicerings.h"
#include "tests/support/audio/audioquality.h"
#include "tests/support/audio/testsignals.h"

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::voice;

namespace {

// Plays `far` through a simulated duplex sound card running at `rate` whose output is wired
// straight to its input, calling back with the given buffer sizes in turn.
struct Loopback
{
    std::vector<Sample> captured;
    std::vector<Sample> references;
};

Loopback runLoopback(int rate, const std::vector<Sample> &far, std::vector<std::size_t> sizes)
{
    DeviceRings rings(64);
    BlockAdapter adapter(rings, rate, rate);
    Loopback out;
    std::size_t queued = 0;
    std::vector<Sample> deviceBuffer(4096);
    std::size_t callback = 0;
    std::array<Sample, kBlockSamples> block{};
    const std::size_t deviceFrames = far.size() * static_cast<std::size_t>(rate) / kSampleRate;
    std::size_t done = 0;
    while (done < deviceFrames) {
        // The engine keeps the playback ring topped up.
        while (queued < far.size() / kBlockSamples && rings.writePlayback(ConstBlock(far.data() + queued * kBlockSamples, kBlockSamples)))
            ++queued;
        const std::size_t n = sizes[callback++ % sizes.size()];
        const std::span<Sample> buffer(deviceBuffer.data(), n);
        adapter.render(buffer);
        adapter.capture(buffer); // the wire from output to input
        done += n;
        while (rings.readCapture(block)) {
            out.captured.insert(out.captured.end(), block.begin(), block.end());
            rings.readEchoReference(block);
            out.references.insert(out.references.end(), block.begin(), block.end());
        }
    }
    return out;
}

} // namespace

TEST_CASE("devices: block adapter at 48 kHz with 480-frame callbacks is an exact loop")
{
    const std::vector<Sample> far = test::speechLikeNoise(1.0, 2);
    const Loopback loop = runLoopback(48000, far, {480});
    REQUIRE(loop.captured.size() >= 99 * kBlockSamples);
    // Render runs before capture in a callback: what was played comes straight back, and the
    // reference paired with each captured block is that same block.
    CHECK(std::equal(loop.captured.begin(), loop.captured.end(), far.begin()));
    CHECK(loop.references == loop.captured);
}

TEST_CASE("devices: block adapter at 48 kHz with odd callback sizes keeps the audio intact")
{
    const std::vector<Sample> far = test::speechLikeNoise(1.0, 4);
    const Loopback loop = runLoopback(48000, far, {256, 1024, 100, 480, 33});
    REQUIRE(loop.captured.size() > 90 * kBlockSamples);
    const test::DelayEstimate d = test::estimateDelay(far, loop.captured, 4800);
    CHECK(d.correlation > 0.999);
    // The reference leads the capture by at most the callback's own buffering.
    const test::DelayEstimate r = test::estimateDelay(loop.references, loop.captured, 4800);
    CHECK(r.correlation > 0.99);
    CHECK(r.delaySamples <= 2048);
}

TEST_CASE("devices: block adapter resamples a 44.1 kHz device both ways")
{
    const std::vector<Sample> far = test::tone(1000, 2.0, 0.5);
    const Loopback loop = runLoopback(44100, far, {441, 512, 128});
    REQUIRE(loop.captured.size() > 180 * kBlockSamples);
    const std::span<const Sample> steady(loop.captured.data() + 9600, 48000);
    CHECK(test::dominantFrequency(steady) == Approx(1000).margin(3));
    const test::DelayEstimate d = test::estimateDelay(far, loop.captured, 4800);
    CHECK(d.correlation > 0.99);
    const test::DelayEstimate sweep = test::estimateDelay(loop.references, loop.captured, 4800);
    CHECK(sweep.correlation > 0.99);
}
