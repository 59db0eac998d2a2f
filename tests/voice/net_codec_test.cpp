// SPDX-License-Identifier: GPL-3.0-or-later
// Opus wrapper, FEC recovery from the next packet, rate control, MOS and key encoding.
#include "core/voice/callstats.h"
#include "core/voice/mediadescription.h"
#include "core/voice/opuscodec.h"
#include "core/voice/ratecontroller.h"
#include "tests/support/net/losssimulation.h"
#include "tests/support/net/virtualcall.h"

#include <catch2/catch.hpp>

#include <set>

using namespace crosstalk::voice;
using namespace crosstalk::test;

TEST_CASE("Opus encoder: 20 and 10 ms frames, CBR, bitrate clamped to 24..64 kb/s")
{
    const auto signal = voicedSignal(1.0);
    for (int frameMs : {10, 20}) {
        OpusAudioEncoder enc;
        EncoderConfig cfg;
        cfg.frameMs = frameMs;
        cfg.cbr = true;
        std::string error;
        REQUIRE(enc.init(cfg, error));
        CHECK(enc.frameSamples() == frameMs * 48);
        std::set<int> sizes;
        std::vector<std::uint8_t> packet(kMaxOpusPacket);
        for (int i = 0; i + enc.frameSamples() <= int(signal.size()); i += enc.frameSamples()) {
            const int n = enc.encode(std::span(signal.data() + i, std::size_t(enc.frameSamples())), packet);
            REQUIRE(n > 0);
            CHECK(OpusAudioDecoder::packetSamples(std::span(packet.data(), std::size_t(n))) == enc.frameSamples());
            sizes.insert(n);
        }
        CHECK(sizes.size() == 1); // constant bitrate: every packet the same size
        CHECK(*sizes.begin() == 32000 / 8 * frameMs / 1000);
        enc.setBitrate(8000);
        CHECK(enc.bitrate() == kMinBitrate);
        enc.setBitrate(200000);
        CHECK(enc.bitrate() == kMaxBitrate);
    }
    OpusAudioEncoder bad;
    EncoderConfig cfg;
    cfg.frameMs = 15;
    std::string error;
    CHECK_FALSE(bad.init(cfg, error));
}

TEST_CASE("Opus encoder: in-band FEC follows the expected loss, and only when allowed")
{
    OpusAudioEncoder enc;
    std::string error;
    REQUIRE(enc.init({}, error));
    CHECK_FALSE(enc.fecActive()); // no loss measured yet: no bits spent on FEC
    enc.setExpectedLoss(5);
    CHECK(enc.fecActive());
    enc.setExpectedLoss(0);
    CHECK_FALSE(enc.fecActive());
    OpusAudioEncoder noFec;
    EncoderConfig cfg;
    cfg.fec = false; // the peer did not ask for useinbandfec
    REQUIRE(noFec.init(cfg, error));
    noFec.setExpectedLoss(20);
    CHECK_FALSE(noFec.fecActive());
}

TEST_CASE("FEC from the NEXT packet rebuilds lost frames, concealment alone does not")
{
    // toxcore's bug was to call opus_decode(NULL, decode_fec=1): with no data that is plain PLC.
    // 10 % random loss at the bitrate the rate controller picks for it (48 kb/s).
    LossExperiment e;
    e.lossRate = 0.10;
    e.bitrate = 48000;
    e.expectedLossPercent = 10;
    for (int signal = 0; signal < 2; ++signal) {
        const auto audio = signal == 0 ? testSpeech(20.0) : voicedSignal(20.0);
        e.useFec = true;
        const LossOutcome fec = runLossExperiment(audio, e);
        e.useFec = false;
        const LossOutcome plc = runLossExperiment(audio, e);
        INFO((signal == 0 ? "speech" : "voiced") << ": lost " << fec.lostFrames << " of " << fec.frames
                                                  << ", FEC data used for " << fec.recoveredByFec
                                                  << "; segSNR on lost frames: FEC " << fec.lostSegSnrDb << " dB, PLC "
                                                  << plc.lostSegSnrDb << " dB; all frames " << fec.overallSegSnrDb);
        CHECK(fec.lostFrames > fec.frames / 20);
        CHECK(fec.recoveredByFec > fec.lostFrames * 7 / 10);
        CHECK(fec.lostSegSnrDb > plc.lostSegSnrDb + 3.0);
        if (signal == 1)
            CHECK(fec.lostSegSnrDb >= 6.0);
    }
}

TEST_CASE("Rate controller: FEC bits on random loss, back-off on congestion, within 24..64 kb/s")
{
    RateController rc(32000, 64000);
    for (int i = 0; i < 10; ++i)
        rc.onReport(0.0, 40.0);
    CHECK(rc.bitrate() == 32000);
    CHECK(rc.expectedLossPercent() == 0);
    for (int i = 0; i < 10; ++i)
        rc.onReport(0.10, 40.0);
    CHECK(rc.expectedLossPercent() >= 8);
    CHECK(rc.bitrate() > 40000);
    CHECK(rc.bitrate() <= 64000);
    for (int i = 0; i < 20; ++i)
        rc.onReport(0.35, 400.0); // heavy loss and queueing delay: congestion
    CHECK(rc.congested());
    CHECK(rc.bitrate() == kMinBitrate);
    for (int i = 0; i < 40; ++i)
        rc.onReport(0.0, 40.0);
    CHECK_FALSE(rc.congested());
    CHECK(rc.bitrate() == 32000);
}

TEST_CASE("E-model MOS: good when clean, falls with loss and delay")
{
    CHECK(estimateMos(40, 0) > 4.3);
    CHECK(estimateMos(40, 5) < estimateMos(40, 0));
    CHECK(estimateMos(40, 20) < 3.0);
    CHECK(estimateMos(400, 0) < estimateMos(100, 0));
    CHECK(estimateMos(0, 100) >= 1.0);
}

TEST_CASE("SDES key material round-trips through base64")
{
    const SrtpKeys keys = makeRandomSrtpKeys();
    const std::string text = encodeBase64(keys.master.data(), keys.master.size());
    CHECK(text.size() == 40);
    std::vector<std::uint8_t> back;
    REQUIRE(decodeBase64(text, back));
    CHECK(std::equal(back.begin(), back.end(), keys.master.begin(), keys.master.end()));
    CHECK_FALSE(decodeBase64("abc", back));
    CHECK_FALSE(decodeBase64("ab=c", back));
    CHECK_FALSE(decodeBase64("a*cd", back));
    REQUIRE(decodeBase64("TWFu", back));
    CHECK(back == std::vector<std::uint8_t>{'M', 'a', 'n'});
}
