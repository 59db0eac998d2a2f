// SPDX-License-Identifier: GPL-3.0-or-later
// Engine-added one-way latency: from the capture callback that delivers a sample on A to the
// playback callback that consumes it on B, through loopback UDP with no network delay.
// Virtual clock: every B-callback phase 0..9 ms against A's; real time: threads, poll, rings.
#include "core/voice/callsession.h"
#include "core/voice/filedevice.h"
#include "core/voice/opuscodec.h"
#include "tests/support/audio/audioquality.h"
#include "tests/support/net/virtualcall.h"

#include <QCoreApplication>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

using namespace crosstalk::voice;
using namespace crosstalk::test;

namespace {

std::vector<Sample> window(const std::vector<Sample> &x, double from, double seconds)
{
    const std::size_t a = std::min(x.size(), std::size_t(from * kSampleRate));
    const std::size_t b = std::min(x.size(), a + std::size_t(seconds * kSampleRate));
    return {x.begin() + std::ptrdiff_t(a), x.begin() + std::ptrdiff_t(b)};
}

/// Index lag of B's speaker against A's microphone, over a settled stretch of the call.
DelayEstimate lag(const std::vector<Sample> &input, const std::vector<Sample> &played, double from)
{
    return estimateDelay(window(input, from, 4.0), window(played, from, 4.5), std::size_t(0.4 * kSampleRate));
}

double virtualLatency(int ptimeMs, int floorMs, int phaseUs, const std::vector<Sample> &speech)
{
    VirtualCallSetup setup;
    setup.relay = false; // straight over loopback UDP
    setup.ptimeMs = ptimeMs;
    setup.phaseUs = phaseUs;
    setup.minJitterDelayMs = floorMs;
    setup.inputA = speech;
    VirtualCall call(setup);
    std::string error;
    if (!call.start(error)) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return -1;
    }
    call.runUntil(double(speech.size()) / kSampleRate);
    call.stop();
    const DelayEstimate d = lag(speech, call.playedB(), 3.0);
    // Sample n is delivered by A's callback at n/48 ms; sample m is taken by B's callback at
    // m/48 ms + phase, so callback-to-callback latency is the index lag plus the phase.
    return d.delayMs() + phaseUs / 1000.0;
}

/// Waits for the next tick of `device` and returns the time it happened (within ~0.1 ms).
std::pair<std::chrono::steady_clock::time_point, std::uint64_t> nextTick(FileDevice &device)
{
    const std::uint64_t k = device.ticks();
    while (device.ticks() == k)
        std::this_thread::sleep_for(std::chrono::microseconds(50));
    return {std::chrono::steady_clock::now(), device.ticks()};
}

double realTimeLatency(int ptimeMs, int floorMs, int prefill, const std::vector<Sample> &speech, CallStats &statsB)
{
    FileDeviceConfig cfg;
    cfg.clock = FileDeviceConfig::Clock::RealTime;
    cfg.inputSamples = speech;
    FileDevice devA(cfg);
    cfg.inputSamples.assign(kBlockSamples, 0);
    FileDevice devB(cfg);
    CallSession::Options options;
    options.minJitterDelayMs = floorMs;
    options.playbackPrefillBlocks = prefill;
    CallSession a(devA, options), b(devB, options);
    MediaDescription la, lb;
    la.candidates = lb.candidates = {TransportCandidate{"127.0.0.1", 0, 1}};
    la.codec.ptimeMs = lb.codec.ptimeMs = ptimeMs;
    std::string error;
    if (!a.open(la, error) || !b.open(lb, error) || !a.start(b.localDescription(), error)
        || !b.start(a.localDescription(), error)) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return -1;
    }
    // Each device clock's time origin: the moment of a tick minus 10 ms per tick counted.
    const auto [ta, ka] = nextTick(devA);
    const auto [tb, kb] = nextTick(devB);
    const double originA = std::chrono::duration<double, std::milli>(ta.time_since_epoch()).count() - 10.0 * double(ka - 1);
    const double originB = std::chrono::duration<double, std::milli>(tb.time_since_epoch()).count() - 10.0 * double(kb - 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(int(double(speech.size()) / kSampleRate * 1000)));
    statsB = b.stats();
    a.stop();
    b.stop();
    const DelayEstimate d = lag(speech, devB.played(), 3.0);
    return d.delayMs() + (originB - originA);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const auto speech = testSpeech(8.0);
    std::printf("Engine-added one-way latency, capture callback -> playback callback, loopback UDP\n");
    struct Variant
    {
        int ptime;
        int floorMs;
        int prefill = 1; // playback slack at start (blocks); grows by one per underrun burst
    };
    for (const Variant v : {Variant{20, 20}, Variant{10, 20}, Variant{10, 10}, Variant{10, 10, 0}}) {
        const double opusAlone = v.ptime + kOpusLookahead / 48.0;
        const double goal = v.ptime == 20 ? 45.0 : 30.0;
        double sum = 0, worst = 0, best = 1e9;
        for (int phase = 1; phase <= 10 && v.prefill == 1; ++phase) {
            const double ms = virtualLatency(v.ptime, v.floorMs, phase * 1000, speech);
            sum += ms;
            worst = std::max(worst, ms);
            best = std::min(best, ms);
        }
        if (v.prefill == 1)
        std::printf("  %2d ms frames, jitter floor %d ms, virtual clock, B's callback 1..10 ms after A's: mean %.1f ms,"
                    " min %.1f, max %.1f   (goal <= %.0f ms; Opus alone %.1f ms)\n",
                    v.ptime, v.floorMs, sum / 10.0, best, worst, goal, opusAlone);
        double rtSum = 0;
        std::uint64_t underruns = 0;
        const int runs = 3;
        for (int r = 0; r < runs; ++r) {
            CallStats stats;
            rtSum += realTimeLatency(v.ptime, v.floorMs, v.prefill, speech, stats);
            underruns += stats.device.playbackUnderruns;
        }
        std::printf("  %2d ms frames, jitter floor %d ms, real time (threads, wake when a block is due, playback slack %d"
                    " block(s) at start, +1 per underrun burst): mean of %d calls %.1f ms   (goal <= %.0f ms);"
                    " speaker underruns %llu\n",
                    v.ptime, v.floorMs, v.prefill, runs, rtSum / runs, goal, static_cast<unsigned long long>(underruns));
    }
    return 0;
}
