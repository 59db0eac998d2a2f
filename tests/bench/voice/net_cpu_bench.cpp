// SPDX-License-Identifier: GPL-3.0-or-later
// CPU per full-duplex call (capture DSP + encode + packetise + receive + jitter buffer + decode)
// and media-tick duration percentiles.
#include "core/voice/audioprocessor.h"
#include "core/voice/callsession.h"
#include "core/voice/filedevice.h"
#include "tests/support/net/virtualcall.h"

#include <QCoreApplication>

#include <time.h>

#include <chrono>
#include <cstdio>
#include <thread>

using namespace crosstalk::voice;
using namespace crosstalk::test;

namespace {
double processCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const double seconds = 30.0;
    const auto speechA = testSpeech(seconds);
    const auto speechB = voicedSignal(seconds, 3);
    std::printf("CPU per full-duplex call\n");

    for (bool dsp : {false, true}) {
        VirtualCallSetup setup;
        setup.relay = false;
        setup.dsp = dsp;
        setup.inputA = speechA;
        setup.inputB = speechB;
        VirtualCall call(setup);
        std::string error;
        if (!call.start(error)) {
            std::fprintf(stderr, "%s\n", error.c_str());
            return 1;
        }
        const double cpu0 = processCpuSeconds();
        call.runUntil(seconds);
        const double cpu = processCpuSeconds() - cpu0;
        const CallStats a = call.a().stats();
        call.stop();
        // Two sessions (both ends) ran, plus the file devices and the 1 ms stepping loop, which
        // a real call does not have: an upper bound for one call.
        std::printf("  virtual clock, %s: %.2f %% of one core per call (all work of both ends / 2 / %.0f s)"
                    "   (goal <= 2 %%); media tick p99 %.0f us CPU (%.0f us wall)   (goal p99 <= 1000 us)\n",
                    dsp ? "with AEC+NS+AGC" : "codec+RTP+jitter buffer only", cpu / 2.0 / seconds * 100.0, seconds,
                    a.tickP99Us, a.tickWallP99Us);
    }

    // Real time: what the media thread itself costs, poll wake-ups included.
    for (bool dsp : {false, true}) {
        FileDeviceConfig cfg;
        cfg.clock = FileDeviceConfig::Clock::RealTime;
        cfg.inputSamples = speechA;
        cfg.loopInput = true;
        FileDevice devA(cfg), devB(cfg);
        AudioProcessor procA, procB;
        CallSession::Options oa;
        oa.processor = dsp ? &procA : nullptr;
        CallSession::Options ob;
        ob.processor = dsp ? &procB : nullptr;
        CallSession a(devA, oa), b(devB, ob);
        MediaDescription la, lb;
        la.candidates = lb.candidates = {TransportCandidate{"127.0.0.1", 0, 1}};
        std::string error;
        if (!a.open(la, error) || !b.open(lb, error) || !a.start(b.localDescription(), error)
            || !b.start(a.localDescription(), error)) {
            std::fprintf(stderr, "%s\n", error.c_str());
            return 1;
        }
        std::this_thread::sleep_for(std::chrono::seconds(10));
        const CallStats sa = a.stats();
        a.stop();
        b.stop();
        std::printf("  real time, 10 s, %s: media thread %.2f %% of one core   (goal <= 2 %%);"
                    " media tick p99 %.0f us CPU, %.0f us wall, max %.0f us wall   (goal p99 <= 1000 us)\n",
                    dsp ? "with AEC+NS+AGC" : "codec+RTP+jitter buffer only", sa.mediaCpuPercent, sa.tickP99Us,
                    sa.tickWallP99Us, sa.tickMaxUs);
    }
    return 0;
}
