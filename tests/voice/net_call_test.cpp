// SPDX-License-Identifier: GPL-3.0-or-later
// Whole calls: two CallSessions with virtual-clock file devices through the impairment relay.
#include "core/voice/opuscodec.h"
#include "tests/support/audio/audioquality.h"
#include "tests/support/net/virtualcall.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace crosstalk::voice;
using namespace crosstalk::test;

namespace {

constexpr double kSeconds = 12.0;

std::vector<Sample> slice(const std::vector<Sample> &x, double from, double seconds)
{
    const std::size_t a = std::min(x.size(), std::size_t(from * kSampleRate));
    const std::size_t b = std::min(x.size(), a + std::size_t(seconds * kSampleRate));
    return std::vector<Sample>(x.begin() + std::ptrdiff_t(a), x.begin() + std::ptrdiff_t(b));
}

/// Segmental SNR of Opus alone (encode + decode, no network) on the same signal: the ceiling.
double codecOnlySnr(const std::vector<Sample> &signal, int frameMs)
{
    OpusAudioEncoder enc;
    OpusAudioDecoder dec;
    EncoderConfig cfg;
    cfg.frameMs = frameMs;
    std::string error;
    REQUIRE(enc.init(cfg, error));
    REQUIRE(dec.init(error));
    const int frame = enc.frameSamples();
    std::vector<Sample> out(signal.size(), 0);
    std::vector<std::uint8_t> packet(kMaxOpusPacket);
    for (std::size_t i = 0; i + std::size_t(frame) <= signal.size(); i += std::size_t(frame)) {
        const int n = enc.encode(std::span(signal.data() + i, std::size_t(frame)), packet);
        dec.decode(std::span(packet.data(), std::size_t(n)), std::span(out.data() + i, std::size_t(frame)));
    }
    return segmentalSnrDb(signal, out, kOpusLookahead);
}

struct Outcome
{
    CallStats a, b;
    RelayCounters ab;
    double delayMs = 0;
    double correlation = 0;
    double snrDb = 0;
    double quietestSecondDbfs = 0; ///< B's output, the quietest 1 s window after start
};

Outcome runCall(VirtualCallSetup setup, double seconds = kSeconds)
{
    setup.inputA = testSpeech(seconds);
    setup.inputB = voicedSignal(seconds, 11);
    VirtualCall call(setup);
    std::string error;
    REQUIRE(call.start(error));
    call.runUntil(seconds);
    Outcome o;
    o.a = call.a().stats();
    o.b = call.b().stats();
    o.ab = call.relay().counters(ImpairmentRelay::Direction::AtoB);
    call.stop();
    const auto played = call.playedB();
    // Measure the second half: the jitter buffer has settled (it may time-scale early on).
    const double from = seconds / 2;
    const auto in = slice(setup.inputA, from - 0.3, seconds / 2 - 0.5);
    const auto out = slice(played, from - 0.3, seconds / 2 - 0.2);
    const DelayEstimate d = estimateDelay(in, out, std::size_t(0.3 * kSampleRate));
    o.delayMs = d.delayMs();
    o.correlation = d.correlation;
    o.snrDb = segmentalSnrDb(in, out, d.delaySamples);
    o.quietestSecondDbfs = 0;
    for (double t = 1.0; t + 1.0 <= seconds; t += 1.0)
        o.quietestSecondDbfs = std::min(o.quietestSecondDbfs, powerDbfs(slice(played, t, 1.0)));
    INFO("B: delay " << o.delayMs << " ms corr " << o.correlation << " segSNR " << o.snrDb << " dB, quietest s "
                     << o.quietestSecondDbfs << " dBFS");
    INFO("B: loss " << o.b.lossPercent << "% late " << o.b.latePercent << "% jitter " << o.b.jitterMs << " ms jb "
                    << o.b.jitterBufferMs << "/" << o.b.jitterTargetMs << " ms concealed " << o.b.concealedFrames
                    << " fec " << o.b.fecRecoveredFrames << " accel " << o.b.accelerateOps << " decel "
                    << o.b.decelerateOps << " MOS " << o.b.mos << " rtt " << o.a.rttMs);
    INFO("relay A->B: lost " << o.ab.lost << " dup " << o.ab.duplicated << " reordered " << o.ab.reordered);
    // The call always keeps playing: the speaker never ran dry.
    CHECK(o.b.device.playbackUnderruns == 0);
    CHECK(o.a.device.playbackUnderruns == 0);
    CHECK(o.b.packetsAccepted > 0);
    CHECK(o.a.packetsAccepted > 0);
    CHECK(o.quietestSecondDbfs > -60.0); // no second of dead air on B's speaker
    return o;
}

Impairment jittery(double loss, bool bursty)
{
    Impairment i = bursty ? Impairment::bursty(loss, 2.5) : Impairment{};
    if (!bursty)
        i.lossRate = loss;
    i.delayMs = 40;
    i.jitterMs = 30;
    i.reorderRate = 0.02;
    i.duplicateRate = 0.02;
    return i;
}

} // namespace

TEST_CASE("Call at 0 % loss: the output is the input, delayed (20 ms frames)")
{
    VirtualCallSetup setup;
    const Outcome o = runCall(setup);
    const double ceiling = codecOnlySnr(testSpeech(kSeconds), 20);
    INFO("codec-only segSNR " << ceiling << " dB; call " << o.snrDb << " dB; delay " << o.delayMs << " ms");
    CHECK(o.correlation > 0.8);
    CHECK(o.delayMs > 26.0);
    CHECK(o.delayMs < 60.0);
    CHECK(o.snrDb > ceiling - 1.5); // the engine adds nothing audible to the codec
    CHECK(o.b.concealedFrames == 0);
    CHECK(o.b.lossPercent == 0.0);
    CHECK(o.a.rttMs >= 0.0);
    CHECK(o.b.mos > 4.0);
}

TEST_CASE("Call at 0 % loss with 10 ms frames and CBR")
{
    VirtualCallSetup setup;
    setup.ptimeMs = 10;
    setup.cbr = true;
    const Outcome o = runCall(setup);
    CHECK(o.correlation > 0.8);
    CHECK(o.delayMs < 45.0);
    CHECK(o.b.concealedFrames == 0);
}

TEST_CASE("Call with SRTP: audio flows encrypted both ways")
{
    VirtualCallSetup setup;
    setup.srtp = true;
    const Outcome o = runCall(setup);
    CHECK(o.b.srtp);
    CHECK(o.correlation > 0.8);
    CHECK(o.b.droppedSrtpAuth == 0);
    CHECK(o.a.rttMs >= 0.0); // SRTCP reports got through too
}

TEST_CASE("Call at 5 % random loss, ±30 ms jitter, reordering and duplicates")
{
    VirtualCallSetup setup;
    setup.aToB = setup.bToA = jittery(0.05, false);
    const Outcome o = runCall(setup);
    CHECK(o.b.fecRecoveredFrames > o.ab.lost / 2); // FEC rebuilds most isolated losses
    CHECK(o.b.jitterTargetMs >= 50);
    CHECK(o.b.droppedDuplicate > 0);
    CHECK(o.a.fecActive);
}

TEST_CASE("Call at 10 % random loss, ±30 ms jitter, reordering and duplicates")
{
    VirtualCallSetup setup;
    setup.aToB = setup.bToA = jittery(0.10, false);
    const Outcome o = runCall(setup);
    CHECK(o.b.fecRecoveredFrames > o.ab.lost / 2);
    CHECK(o.a.encoderBitrate > 32000); // paying for FEC
}

TEST_CASE("Call at 20 % random loss, ±30 ms jitter, reordering and duplicates")
{
    VirtualCallSetup setup;
    setup.aToB = setup.bToA = jittery(0.20, false);
    const Outcome o = runCall(setup);
    CHECK(o.b.fecRecoveredFrames > 0);
    CHECK(o.b.lossPercent > 10.0);
}

TEST_CASE("Call at 5 % bursty (Gilbert-Elliott) loss with jitter")
{
    VirtualCallSetup setup;
    setup.aToB = setup.bToA = jittery(0.05, true);
    runCall(setup);
}

TEST_CASE("Call at 10 % bursty (Gilbert-Elliott) loss with jitter")
{
    VirtualCallSetup setup;
    setup.aToB = setup.bToA = jittery(0.10, true);
    runCall(setup);
}

TEST_CASE("Call at 20 % bursty (Gilbert-Elliott) loss with jitter")
{
    VirtualCallSetup setup;
    setup.aToB = setup.bToA = jittery(0.20, true);
    runCall(setup);
}

TEST_CASE("Mute sends silence, hold sends nothing and plays silence")
{
    VirtualCallSetup setup;
    setup.inputA = testSpeech(9.0);
    setup.inputB = voicedSignal(9.0, 5);
    VirtualCall call(setup);
    std::string error;
    REQUIRE(call.start(error));
    call.runUntil(3.0);
    call.a().setMuted(true);
    call.runUntil(6.0);
    const auto sentBeforeHold = call.a().stats().packetsSent;
    call.a().setMuted(false);
    call.a().setHeld(true);
    call.runUntil(9.0);
    const CallStats a = call.a().stats();
    call.stop();
    const auto playedB = call.playedB();
    const auto playedA = call.playedA();
    CHECK(a.muted == false);
    CHECK(a.held);
    CHECK(powerDbfs(slice(playedB, 1.0, 2.0)) > -40.0);
    CHECK(powerDbfs(slice(playedB, 3.5, 2.0)) < -70.0); // muted: silence arrives
    CHECK(a.packetsSent <= sentBeforeHold + 10);         // held: nothing more is sent ...
    CHECK(powerDbfs(slice(playedA, 6.5, 2.0)) < -70.0); // ... and nothing is played
    CHECK(a.rtcpSent > 6);                               // but RTCP goes on
}
