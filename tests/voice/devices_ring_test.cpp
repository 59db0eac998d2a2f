// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/devicerings.h"
#include "core/voice/spscring.h"

#include <catch2/catch.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <numeric>
#include <thread>
#include <vector>

using namespace crosstalk::voice;

TEST_CASE("devices: ring keeps order, reports full and empty, and wraps")
{
    SpscRing<int> ring(5);
    REQUIRE(ring.capacity() == 5);
    std::array<int, 8> in{};
    std::iota(in.begin(), in.end(), 1);
    CHECK(ring.push(std::span<const int>(in)) == 5); // only what fits
    CHECK(ring.size() == 5);
    std::array<int, 3> out{};
    CHECK(ring.pop(std::span<int>(out)) == 3);
    CHECK(out == std::array<int, 3>{1, 2, 3});
    // Wrap around the end of the storage many times; values stay in order.
    int next = 6;     // 1..5 went in, 1..3 came out
    int expected = 4;
    for (int round = 0; round < 50; ++round) {
        const std::array<int, 3> more{next, next + 1, next + 2};
        CHECK(ring.push(std::span<const int>(more)) == 3);
        next += 3;
        CHECK(ring.pop(std::span<int>(out)) == 3);
        for (int v : out)
            CHECK(v == expected++);
    }
    std::array<int, 16> rest{};
    CHECK(ring.pop(std::span<int>(rest)) == 2);
    CHECK(ring.pop(std::span<int>(rest)) == 0);
    CHECK(ring.size() == 0);
}

TEST_CASE("devices: ring two-thread stress loses, duplicates and reorders nothing")
{
    // A producer and a consumer hammer the ring with odd-sized chunks; every value must come
    // out once, in order. Run with TSan to check the memory ordering too.
    constexpr std::uint32_t kTotal = 2'000'000;
    SpscRing<std::uint32_t> ring(257);
    std::atomic<bool> producerDone{false};
    std::thread producer([&] {
        std::uint32_t value = 0;
        std::array<std::uint32_t, 37> chunk{};
        std::size_t size = 1;
        while (value < kTotal) {
            const std::size_t n = std::min<std::size_t>(size, kTotal - value);
            for (std::size_t i = 0; i < n; ++i)
                chunk[i] = value + static_cast<std::uint32_t>(i);
            const std::size_t pushed = ring.push(std::span<const std::uint32_t>(chunk.data(), n));
            value += static_cast<std::uint32_t>(pushed);
            size = size % 37 + 1;
            if (pushed == 0)
                std::this_thread::yield();
        }
        producerDone = true;
    });
    std::uint32_t expected = 0;
    std::uint64_t errors = 0;
    std::array<std::uint32_t, 53> out{};
    std::size_t size = 1;
    while (expected < kTotal) {
        const std::size_t n = ring.pop(std::span<std::uint32_t>(out.data(), size));
        for (std::size_t i = 0; i < n; ++i)
            errors += out[i] != expected++;
        size = size % 53 + 1;
        if (n == 0)
            std::this_thread::yield();
    }
    producer.join();
    CHECK(errors == 0);
    CHECK(expected == kTotal);
    CHECK(ring.size() == 0);
}

TEST_CASE("devices: device rings count underruns, overruns and refused playback")
{
    DeviceRings rings(2);
    std::array<Sample, kBlockSamples> block{};
    std::array<Sample, kBlockSamples> out{};
    out.fill(7);
    rings.popPlayback(out); // nothing queued: silence and an underrun
    CHECK(std::all_of(out.begin(), out.end(), [](Sample s) { return s == 0; }));
    block.fill(1);
    CHECK(rings.writePlayback(block));
    CHECK(rings.writePlayback(block));
    CHECK_FALSE(rings.writePlayback(block)); // full
    for (int i = 0; i < 3; ++i)
        rings.pushCapture(block, block); // the third overruns
    const DeviceStats s = rings.stats();
    CHECK(s.playbackUnderruns == 1);
    CHECK(s.playedBlocks == 1);
    CHECK(s.playbackDropped == 1);
    CHECK(s.capturedBlocks == 2);
    CHECK(s.captureOverruns == 1);
}

TEST_CASE("devices: echo reference delay line hands out the reference N blocks late")
{
    DeviceRings rings(16);
    rings.setReferenceDelayBlocks(3);
    std::array<Sample, kBlockSamples> capture{};
    std::array<Sample, kBlockSamples> reference{};
    for (int i = 1; i <= 10; ++i) {
        reference.fill(static_cast<Sample>(i));
        rings.pushCapture(capture, reference);
    }
    std::array<Sample, kBlockSamples> out{};
    for (int i = 1; i <= 10; ++i) {
        REQUIRE(rings.readCapture(capture));
        rings.readEchoReference(out);
        CHECK(out[0] == (i > 3 ? i - 3 : 0));
    }
}
