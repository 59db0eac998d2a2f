// SPDX-License-Identifier: GPL-3.0-or-later
// Call set-up latency and call CPU, on loopback through a real Prosody, against a second
// Crosstalk process. Built three times (libpurple runs once per process): ./build/bench/calls_ringing_bench,
// calls_answer_bench, calls_cpu_bench; each prints its figure beside the goal.
#include "tests/protocols/callrig.h"
#include "tests/support/waitfor.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

#include <sys/resource.h>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

constexpr int kRounds = 10;

[[maybe_unused]] double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

[[maybe_unused]] void report(const char *what, const std::vector<double> &ms, double goal)
{
    const double med = median(ms);
    const double worst = ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end());
    std::printf("%s: median %.1f ms, worst %.1f ms over %zu calls (goal <= %.0f ms) %s\n", what, med, worst,
                ms.size(), goal, med <= goal ? "OK" : "MISSED");
    std::fflush(stdout);
}

[[maybe_unused]] double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
           + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

} // namespace

#ifdef CALLS_BENCH_RINGING
TEST_CASE("calls bench: click to remote ringing")
{
    CallRig rig;
    rig.start();
    std::vector<double> ms;
    for (int i = 0; i < kRounds; ++i) {
        QElapsedTimer clock;
        clock.start();
        QString error;
        const CallKey key = rig.calls().startCall(rig.bob(), &error);
        REQUIRE(key != 0);
        // Ringing = the callee's client took the session-initiate (it rings from then on).
        REQUIRE(rig.waitForState(key, CallState::Ringing));
        ms.push_back(double(clock.nsecsElapsed()) / 1e6);
        REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("incoming")).isNull());
        rig.calls().hangUp(key);
        REQUIRE(rig.waitForEnd(key));
        REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("ended")).isNull());
        spin(300);
    }
    report("click -> remote ringing", ms, 300);
}

#endif

#ifdef CALLS_BENCH_ANSWER
TEST_CASE("calls bench: answer to first played frame")
{
    CallRig rig;
    rig.start();
    std::vector<double> ms;
    for (int i = 0; i < kRounds; ++i) {
        rig.peerCallsAlice();
        const CallKey key = rig.waitForIncoming();
        REQUIRE(key != 0);
        spin(300); // the caller's candidates are in; a person takes longer than this to click
        QElapsedTimer clock;
        clock.start();
        rig.calls().answer(key);
        // Active = the first packet from the caller was decoded and queued to the speaker.
        REQUIRE(rig.waitForState(key, CallState::Active));
        ms.push_back(double(clock.nsecsElapsed()) / 1e6);
        rig.calls().hangUp(key);
        REQUIRE(rig.waitForEnd(key));
        REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("ended")).isNull());
        spin(300);
    }
    report("answer -> first played frame", ms, 150);
}

#endif

#ifdef CALLS_BENCH_CPU
TEST_CASE("calls bench: whole-process CPU during a 20 s call")
{
    CallRig rig;
    rig.start();
    QString error;
    const CallKey key = rig.calls().startCall(rig.bob(), &error);
    REQUIRE(key != 0);
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("incoming")).isNull());
    rig.peer().send(QStringLiteral("answer"));
    REQUIRE(rig.waitForState(key, CallState::Active));
    spin(1000);
    QElapsedTimer wall;
    wall.start();
    const double cpu0 = cpuSeconds();
    spin(20000);
    const double cpu = cpuSeconds() - cpu0;
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    const double percent = 100.0 * cpu / seconds;
    const CallQuality q = rig.calls().quality(key);
    std::printf("CPU during a call (this whole process: libpurple, engine, file device; %s): %.2f %% of one core "
                "over %.1f s (goal <= 4 %%) %s\n",
                q.codec.toUtf8().constData(), percent, seconds, percent <= 4.0 ? "OK" : "MISSED");
    std::fflush(stdout);
    rig.calls().hangUp(key);
    REQUIRE(rig.waitForEnd(key));
}
#endif
