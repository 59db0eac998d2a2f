// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/filedevice.h"
#include "core/voice/wavfile.h"
#include "tests/support/audio/testsignals.h"
#include "tests/support/tempdir.h"
#include "tests/support/waitfor.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace crosstalk;
using namespace crosstalk::voice;

namespace {

std::array<Sample, kBlockSamples> blockOf(const std::vector<Sample> &s, std::size_t index)
{
    std::array<Sample, kBlockSamples> b{};
    for (std::size_t i = 0; i < kBlockSamples && index * kBlockSamples + i < s.size(); ++i)
        b[i] = s[index * kBlockSamples + i];
    return b;
}

} // namespace

TEST_CASE("devices: file device on a virtual clock is sample exact both ways, with the reference")
{
    test::TempDir dir;
    const std::string micPath = dir.filePath(QStringLiteral("mic.wav")).toStdString();
    const std::string speakerPath = dir.filePath(QStringLiteral("speaker.wav")).toStdString();
    const std::vector<Sample> mic = test::chirp(200, 4000, 1.0); // 100 blocks
    const std::vector<Sample> far = test::speechLikeNoise(1.0, 5);
    std::string error;
    REQUIRE(writeWav(micPath, mic, error));

    FileDevice device({.clock = FileDeviceConfig::Clock::Virtual, .inputPath = micPath, .outputPath = speakerPath});
    REQUIRE(device.start(error));
    CHECK(device.state() == DeviceState::Running);

    std::array<Sample, kBlockSamples> captured{};
    std::array<Sample, kBlockSamples> reference{};
    CHECK_FALSE(device.readCapture(captured)); // nothing before the clock moves
    for (std::size_t n = 0; n < 100; ++n) {
        const auto farBlock = blockOf(far, n);
        REQUIRE(device.writePlayback(farBlock)); // played during the next device period
        device.advance();
        REQUIRE(device.readCapture(captured));
        CHECK(captured == blockOf(mic, n));
        device.readEchoReference(reference);
        // The reference is exactly what the speaker played in the period the block was captured.
        CHECK(reference == farBlock);
        CHECK_FALSE(device.readCapture(captured)); // one block per period, no more
    }
    CHECK(device.inputFinished());
    device.advance(); // after the end of the file the microphone is silent
    REQUIRE(device.readCapture(captured));
    CHECK(std::all_of(captured.begin(), captured.end(), [](Sample s) { return s == 0; }));

    const DeviceStats stats = device.stats();
    CHECK(stats.capturedBlocks == 101);
    CHECK(stats.playedBlocks == 101);
    CHECK(stats.playbackUnderruns == 1); // the 101st period had nothing queued
    CHECK(stats.captureOverruns == 0);
    device.stop();
    CHECK(device.state() == DeviceState::Stopped);

    auto written = readWav(speakerPath, error);
    REQUIRE(written);
    std::vector<Sample> expected(far.begin(), far.begin() + 100 * kBlockSamples);
    expected.resize(101 * kBlockSamples, 0);
    CHECK(written->samples == expected);
}

TEST_CASE("devices: file device counts an engine that falls behind as overruns")
{
    FileDevice device({.inputSamples = test::tone(440, 1.0), .ringBlocks = 4});
    std::string error;
    REQUIRE(device.start(error));
    device.advance(10);
    const DeviceStats stats = device.stats();
    CHECK(stats.capturedBlocks == 4);
    CHECK(stats.captureOverruns == 6);
    CHECK(stats.playbackUnderruns == 10);
}

TEST_CASE("devices: file device's simulated echo path adds the speaker to the microphone exactly")
{
    const std::vector<Sample> far = test::speechLikeNoise(1.0, 11);
    FileDevice device({.echoPath = {{4800, 0.5f}, {7200, -0.25f}}}); // 100 ms and 150 ms
    std::string error;
    REQUIRE(device.start(error));
    std::vector<Sample> captured;
    std::array<Sample, kBlockSamples> block{};
    for (std::size_t n = 0; n < 100; ++n) {
        device.writePlayback(blockOf(far, n));
        device.advance();
        REQUIRE(device.readCapture(block));
        captured.insert(captured.end(), block.begin(), block.end());
    }
    for (std::size_t t = 0; t < captured.size(); ++t) {
        float expected = 0;
        if (t >= 4800)
            expected += 0.5f * far[t - 4800];
        if (t >= 7200)
            expected -= 0.25f * far[t - 7200];
        REQUIRE(captured[t] == static_cast<Sample>(std::lround(expected)));
    }
}

TEST_CASE("devices: file device in real time runs at 100 periods a second")
{
    FileDevice device({.clock = FileDeviceConfig::Clock::RealTime, .inputSamples = test::tone(440, 5.0)});
    std::string error;
    REQUIRE(device.start(error));
    const auto begin = std::chrono::steady_clock::now();
    std::size_t read = 0;
    std::array<Sample, kBlockSamples> block{};
    while (std::chrono::steady_clock::now() - begin < std::chrono::milliseconds(1000)) {
        while (device.readCapture(block)) {
            ++read;
            device.writePlayback(block);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    device.stop();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    CHECK(static_cast<double>(device.ticks()) == Approx(seconds * 100).margin(6));
    CHECK(read + 1 >= device.ticks() - 1);
    CHECK(device.stats().captureOverruns == 0);
}

TEST_CASE("devices: file device with a missing input file fails with a reason")
{
    FileDevice device({.inputPath = "/nonexistent/crosstalk-mic.wav"});
    std::string error;
    CHECK_FALSE(device.start(error));
    CHECK(device.state() == DeviceState::Failed);
    CHECK(error.find("/nonexistent/crosstalk-mic.wav") != std::string::npos);
    CHECK(device.lastError() == error);
}
