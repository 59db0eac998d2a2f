// SPDX-License-Identifier: GPL-3.0-or-later
// Proves the real-time claim: the code that runs in audio callbacks (and the media thread's
// DSP) never allocates: allocations are counted (tests/support/allocationwatch.h) on this
// thread, or on every thread while a real JACK callback runs and the test thread sleeps.
#include "core/voice/audioprocessor.h"
#include "core/voice/blockadapter.h"
#include "core/voice/devicerings.h"
#include "core/voice/filedevice.h"
#include "core/voice/portaudiodevice.h"
#include "tests/support/allocationwatch.h"
#include "tests/support/audio/jackserver.h"
#include "tests/support/audio/testsignals.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstddef>
#include <thread>

using namespace crosstalk;
using namespace crosstalk::voice;
using namespace crosstalk::test;

TEST_CASE("devices: realtime: the allocation counter sees allocations")
{
    long n = 0;
    {
        ThreadAllocationWatch watch;
        auto *v = new std::vector<int>(100);
        n = watch.allocations();
        delete v;
    }
    CHECK(n >= 2);
}

TEST_CASE("devices: realtime: block adapter and rings allocate nothing per callback, resampling included")
{
    for (int rate : {48000, 44100}) {
        DeviceRings rings(8);
        BlockAdapter duplex(rings, rate, rate, true);
        BlockAdapter separate(rings, rate, rate, false);
        const std::vector<Sample> far = test::speechLikeNoise(1.0, 90);
        std::vector<Sample> buffer(2048);
        std::array<Sample, kBlockSamples> block{};
        const std::size_t sizes[] = {441, 480, 256, 1024, 33};
        long allocations = 0;
        {
            ThreadAllocationWatch watch;
            for (std::size_t i = 0; i < 2000; ++i) {
                rings.writePlayback(ConstBlock(far.data() + (i % 90) * kBlockSamples, kBlockSamples));
                const std::span<Sample> span(buffer.data(), sizes[i % 5]);
                BlockAdapter &adapter = i % 2 ? duplex : separate;
                adapter.render(span);
                adapter.capture(span);
                while (rings.readCapture(block))
                    rings.readEchoReference(block);
            }
            allocations = watch.allocations();
        } // (Catch's own macros allocate: check outside the watch)
        INFO("device rate " << rate);
        CHECK(allocations == 0);
    }
}

TEST_CASE("devices: realtime: processing and the file device's clock allocate nothing per block")
{
    FileDeviceConfig config;
    config.inputSamples = test::speechLikeNoise(2.0, 91);
    config.echoPath = {{4800, 0.5f}, {5000, -0.2f}};
    config.maxRecordSeconds = 5;
    FileDevice device(config);
    std::string error;
    const bool started = device.start(error);
    INFO(error);
    REQUIRE(started);
    AudioProcessor full;
    AudioProcessor band({.processingRate = 16000});
    const std::vector<Sample> far = test::speechLikeNoise(2.0, 92);
    std::array<Sample, kBlockSamples> capture{}, reference{}, copy{};
    long allocations = 0;
    bool allCaptured = true;
    {
        ThreadAllocationWatch watch;
        for (std::size_t n = 0; n < 200; ++n) {
            device.writePlayback(ConstBlock(far.data() + n * kBlockSamples, kBlockSamples));
            device.advance();
            allCaptured = device.readCapture(capture) && allCaptured;
            device.readEchoReference(reference);
            copy = capture;
            full.process(capture, reference);
            band.process(copy, reference);
            band.process(copy);
        }
        allocations = watch.allocations();
    }
    CHECK(allCaptured);
    CHECK(allocations == 0);
}

TEST_CASE("devices: realtime: a running PortAudio JACK stream allocates nothing, in any thread")
{
    test::JackServer jack;
    QString why;
    const bool jackStarted = jack.start(&why);
    INFO(why.toStdString());
    REQUIRE(jackStarted);
    PortAudioDevice device({.hostApi = "JACK Audio Connection Kit"});
    std::string error;
    const bool started = device.start(error);
    INFO(error);
    REQUIRE(started);
    std::this_thread::sleep_for(std::chrono::milliseconds(300)); // past start-up work
    const std::uint64_t before = device.callbacks();
    // Only JACK's process thread should be busy now: it runs PortAudio's buffer processing and
    // our callback 100 times a second. This thread only sleeps.
    long allocations = 0;
    {
        AllThreadsAllocationWatch watch;
        std::this_thread::sleep_for(std::chrono::milliseconds(1000));
        allocations = watch.allocations();
    }
    CHECK(device.callbacks() - before >= 50); // a --no-realtime server on a busy machine may lag
    CHECK(allocations == 0);
}
