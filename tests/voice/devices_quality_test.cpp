// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/audio/audioquality.h"
#include "tests/support/audio/speechsynth.h"
#include "tests/support/audio/testsignals.h"
#include "tests/support/tempdir.h"

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::voice;

TEST_CASE("devices: delay estimate finds a known shift, SNR grades a known error")
{
    const std::vector<Sample> in = test::speechLikeNoise(1.0, 3);
    std::vector<Sample> out(1234, 0);
    out.insert(out.end(), in.begin(), in.end());
    const test::DelayEstimate d = test::estimateDelay(in, out, 4800);
    CHECK(d.delaySamples == 1234);
    CHECK(d.correlation > 0.999);
    CHECK(test::segmentalSnrDb(in, out, 1234) == Approx(35.0)); // identical: clamped maximum

    // Add noise 20 dB below the signal: the segmental SNR says about that.
    const std::vector<Sample> noise = test::whiteNoise(1.0, 9, 0.01);
    std::vector<Sample> noisy(in.size());
    for (std::size_t i = 0; i < in.size(); ++i)
        noisy[i] = static_cast<Sample>(in[i] + noise[i]);
    const double snr = test::segmentalSnrDb(in, noisy, 0);
    CHECK(snr > 10.0);
    CHECK(snr < 30.0);
    CHECK(test::dominantFrequency(test::tone(440, 0.5)) == Approx(440).margin(3));
}

TEST_CASE("devices: espeak-ng speech can be generated at test time")
{
    QString why;
    if (!test::speechToolsAvailable(&why)) {
        WARN("skipped: " << why.toStdString());
        return;
    }
    test::TempDir dir;
    auto speech = test::speechOfLength(2.0, dir.path(), &why);
    INFO(why.toStdString());
    REQUIRE(speech);
    CHECK(speech->size() == 96000);
    CHECK(test::powerDbfs(*speech) > -40.0); // it is not silence
}
