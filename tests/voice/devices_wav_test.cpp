// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/resampler.h"
#include "core/voice/wavfile.h"
#include "tests/support/audio/audioquality.h"
#include "tests/support/audio/testsignals.h"
#include "tests/support/tempdir.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace crosstalk;
using namespace crosstalk::voice;

TEST_CASE("devices: WAV round trip is bit exact, mono and stereo")
{
    test::TempDir dir;
    const std::string path = dir.filePath(QStringLiteral("tone.wav")).toStdString();
    const std::vector<Sample> samples = test::chirp(100, 8000, 0.5, 0.9);
    std::string error;
    REQUIRE(writeWav(path, samples, error));
    auto back = readWav(path, error);
    REQUIRE(back);
    CHECK(back->sampleRate == 48000);
    CHECK(back->channels == 1);
    CHECK(back->samples == samples);

    const std::vector<Sample> stereo{1, -1, 2, -2, 32767, -32768};
    REQUIRE(writeWav(path, stereo, 22050, 2, error));
    back = readWav(path, error);
    REQUIRE(back);
    CHECK(back->sampleRate == 22050);
    CHECK(back->channels == 2);
    CHECK(back->samples == stereo);
}

TEST_CASE("devices: WAV reader rejects what it cannot read, with a reason")
{
    test::TempDir dir;
    std::string error;
    CHECK_FALSE(readWav(dir.filePath(QStringLiteral("missing.wav")).toStdString(), error));
    CHECK(error.find("cannot open") != std::string::npos);

    const std::string junk = dir.filePath(QStringLiteral("junk.wav")).toStdString();
    std::ofstream(junk) << "this is not audio at all";
    CHECK_FALSE(readWav(junk, error));
    CHECK(error.find("not a RIFF/WAVE") != std::string::npos);
}

TEST_CASE("devices: a 44.1 kHz stereo WAV is read as 48 kHz mono with pitch kept")
{
    test::TempDir dir;
    const std::string path = dir.filePath(QStringLiteral("cd.wav")).toStdString();
    std::vector<Sample> stereo;
    for (int i = 0; i < 44100; ++i) { // 1 s of 1 kHz in both channels
        const auto v = static_cast<Sample>(10000 * std::sin(2 * 3.14159265358979 * 1000 * i / 44100.0));
        stereo.push_back(v);
        stereo.push_back(v);
    }
    std::string error;
    REQUIRE(writeWav(path, stereo, 44100, 2, error));
    auto mono = readWavAsEngineFormat(path, error);
    REQUIRE(mono);
    CHECK(std::abs(static_cast<long>(mono->size()) - 48000) < 50);
    CHECK(test::dominantFrequency(*mono) == Approx(1000).margin(5));
}

TEST_CASE("devices: resampler converts 48 kHz to 44.1 kHz and back with high fidelity")
{
    const std::vector<Sample> in = test::speechLikeNoise(2.0, 7);
    const std::vector<Sample> down = Resampler::convert(in, 48000, 44100);
    CHECK(std::abs(static_cast<long>(down.size()) - 88200) < 10);
    const std::vector<Sample> back = Resampler::convert(down, 44100, 48000);
    const test::DelayEstimate d = test::estimateDelay(in, back, 480);
    CHECK(d.correlation > 0.95);
    CHECK(std::abs(d.delaySamples) <= 2);
    // Speech-like content is mostly below 20 kHz, so the round trip loses little.
    CHECK(test::segmentalSnrDb(in, back, d.delaySamples) > 20.0);
}
