// SPDX-License-Identifier: GPL-3.0-or-later
// G.711 (PCMU/PCMA), the fallback codec: the companding laws, the 48 kHz <-> 8 kHz codec with
// its concealment, the description checks, and a whole call over the virtual clock.
#include "core/voice/g711codec.h"
#include "core/voice/mediadescription.h"
#include "tests/support/audio/audioquality.h"
#include "tests/support/audio/testsignals.h"
#include "tests/support/net/virtualcall.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace crosstalk::voice;
using namespace crosstalk::test;

namespace {

std::vector<Sample> roundTrip(AudioCodec codec, const std::vector<Sample> &signal)
{
    G711Encoder enc;
    G711Decoder dec;
    std::string error;
    REQUIRE(enc.init(codec, 20, error));
    REQUIRE(dec.init(codec, error));
    const auto frame = std::size_t(enc.frameSamples());
    std::vector<Sample> out(signal.size(), 0);
    std::array<std::uint8_t, 160> payload{};
    for (std::size_t i = 0; i + frame <= signal.size(); i += frame) {
        REQUIRE(enc.encode(std::span(signal.data() + i, frame), payload) == 160);
        REQUIRE(dec.decode(payload, std::span(out.data() + i, frame)) == int(frame));
    }
    return out;
}

} // namespace

TEST_CASE("G.711: mu-law and A-law companding is the standard's")
{
    // Well-known code points: silence, and the largest magnitudes.
    CHECK(linearToUlaw(0) == 0xFF);
    CHECK(ulawToLinear(0xFF) == 0);
    CHECK(linearToAlaw(0) == 0xD5);
    CHECK(ulawToLinear(0x80) == 32124);
    CHECK(ulawToLinear(0x00) == -32124);
    CHECK(alawToLinear(0xAA) == 32256);
    CHECK(alawToLinear(0x2A) == -32256);
    CHECK(linearToUlaw(32767) == 0x80);
    CHECK(linearToUlaw(-32768) == 0x00);
    // Every code decodes to a value that encodes back to the same code (the laws are exact
    // inverses on their own reconstruction points), apart from mu-law's two zeros.
    for (int code = 0; code < 256; ++code) {
        const auto c = std::uint8_t(code);
        CHECK(linearToAlaw(alawToLinear(c)) == c);
        if (code != 0x7F)
            CHECK(linearToUlaw(ulawToLinear(c)) == c);
    }
    // Monotonic: a rising input never gives a falling output.
    Sample previousU = ulawToLinear(linearToUlaw(-32768));
    Sample previousA = alawToLinear(linearToAlaw(-32768));
    for (int x = -32767; x <= 32767; x += 7) {
        const Sample u = ulawToLinear(linearToUlaw(Sample(x)));
        const Sample a = alawToLinear(linearToAlaw(Sample(x)));
        REQUIRE(u >= previousU);
        REQUIRE(a >= previousA);
        previousU = u;
        previousA = a;
    }
}

TEST_CASE("G.711: 48 kHz round trip keeps the telephone band (SNR) and drops what is above it")
{
    for (AudioCodec codec : {AudioCodec::Pcmu, AudioCodec::Pcma}) {
        const std::vector<Sample> voiceBand = chirp(300, 3400, 2.0, 0.3);
        const std::vector<Sample> out = roundTrip(codec, voiceBand);
        const DelayEstimate d = estimateDelay(voiceBand, out, 480);
        const double snr = segmentalSnrDb(voiceBand, out, d.delaySamples);
        INFO(codecName(codec) << ": delay " << d.delayMs() << " ms, segmental SNR " << snr << " dB");
        CHECK(d.delayMs() < 10.0); // two quality-4 filters at a 6:1 ratio: about 8 ms
        CHECK(snr > 25.0); // companding alone gives ~38 dB; resampling both ways costs some

        const std::vector<Sample> high = tone(6000, 1.0, 0.3);
        const std::vector<Sample> gone = roundTrip(codec, high);
        CHECK(attenuationDb(high, gone) > 30.0);
    }
}

TEST_CASE("G.711: a lost packet is concealed by repetition that fades to silence")
{
    G711Encoder enc;
    G711Decoder dec;
    std::string error;
    REQUIRE(enc.init(AudioCodec::Pcmu, 20, error));
    REQUIRE(dec.init(AudioCodec::Pcmu, error));
    const std::vector<Sample> signal = tone(440, 0.2, 0.3);
    std::array<std::uint8_t, 160> payload{};
    std::array<Sample, 960> out{};
    for (std::size_t i = 0; i + 960 <= signal.size(); i += 960) {
        REQUIRE(enc.encode(std::span(signal.data() + i, 960), payload) == 160);
        REQUIRE(dec.decode(payload, out) == 960);
    }
    // The first 10 ms of concealment still sound like the voice; by 40 ms it is silence.
    std::array<Sample, 480> concealed{};
    REQUIRE(dec.conceal(480, concealed) == 480);
    CHECK(powerDbfs(concealed) > -20.0);
    for (int i = 0; i < 3; ++i)
        REQUIRE(dec.conceal(480, concealed) == 480);
    CHECK(powerDbfs(std::span<const Sample>(concealed).subspan(240)) < -60.0);
    // Bad input: sizes that are no G.711 payload, concealment off the 8 kHz grid.
    CHECK(dec.decode({}, out) == -1);
    CHECK(dec.conceal(7, concealed) == -1);
    CHECK(G711Decoder::packetSamples(std::vector<std::uint8_t>(961)) == -1);
    CHECK(enc.encode(std::span(signal.data(), 100), payload) == -1);
}

TEST_CASE("G.711: codec names, clock rates and payload types for signalling")
{
    CHECK(codecFromName("PCMU") == AudioCodec::Pcmu);
    CHECK(codecFromName("pcma") == AudioCodec::Pcma);
    CHECK(codecFromName("OPUS") == AudioCodec::Opus);
    CHECK_FALSE(codecFromName("speex").has_value());
    const CodecParams pcmu = CodecParams::g711(AudioCodec::Pcmu);
    CHECK(pcmu.payloadType == 0);
    CHECK(pcmu.clockRate == 8000);
    CHECK(CodecParams::g711(AudioCodec::Pcma).payloadType == 8);
}

TEST_CASE("G.711: a call with PCMU over the virtual clock carries the voice both ways")
{
    for (AudioCodec codec : {AudioCodec::Pcmu, AudioCodec::Pcma}) {
        VirtualCallSetup setup;
        setup.codec = codec;
        setup.inputA = chirp(300, 3400, 6.0, 0.3);
        setup.inputB = tone(1000, 6.0, 0.2);
        VirtualCall call(setup);
        std::string error;
        REQUIRE(call.start(error));
        call.runUntil(6.0);
        const CallStats a = call.a().stats();
        const CallStats b = call.b().stats();
        call.stop();
        CHECK(a.sendCodec == codec);
        CHECK(b.packetsAccepted > 250);
        CHECK(b.device.playbackUnderruns == 0);
        CHECK(b.droppedPayloadType == 0);
        // RFC 3551: 8 kHz clock, 160 bytes per 20 ms -> 64 kb/s payload, ~80 kb/s on the wire.
        CHECK(a.sendBitrateKbps == Approx(80.0).margin(6.0));

        const auto played = call.playedB();
        const std::size_t from = 3 * kSampleRate;
        const std::vector<Sample> in(setup.inputA.begin() + std::ptrdiff_t(from),
                                     setup.inputA.begin() + std::ptrdiff_t(from + 2 * kSampleRate));
        const std::vector<Sample> out(played.begin() + std::ptrdiff_t(from),
                                      played.begin() + std::ptrdiff_t(from + 2 * kSampleRate + 9600));
        const DelayEstimate d = estimateDelay(in, out, 9600);
        const double snr = segmentalSnrDb(in, out, d.delaySamples);
        INFO(codecName(codec) << " call A->B: delay " << d.delayMs() << " ms, correlation " << d.correlation << ", SNR "
                              << snr << " dB");
        CHECK(d.correlation > 0.9);
        CHECK(d.delayMs() < 100.0);
        CHECK(snr > 15.0);

        const auto playedA = call.playedA();
        CHECK(dominantFrequency(std::span<const Sample>(playedA).subspan(3 * kSampleRate, kSampleRate))
              == Approx(1000.0).margin(20.0));
    }
}

TEST_CASE("G.711: descriptions that do not fit the codec are refused with a reason")
{
    // A PCMU description claiming Opus's clock, and Opus on a static payload type.
    for (int variant = 0; variant < 2; ++variant) {
        FileDevice device({});
        CallSession::Options options;
        options.clock = CallSession::Clock::Virtual;
        CallSession session(device, options);
        MediaDescription local;
        local.candidates = {TransportCandidate{"127.0.0.1", 0, 1}};
        std::string error;
        REQUIRE(session.open(local, error));
        MediaDescription remote = session.localDescription();
        if (variant == 0) {
            remote.codec = CodecParams::g711(AudioCodec::Pcmu);
            remote.codec.clockRate = 48000;
        } else {
            remote.codec.payloadType = 0;
        }
        CHECK_FALSE(session.start(remote, error));
        INFO(error);
        CHECK_FALSE(error.empty());
    }
}
