// SPDX-License-Identifier: GPL-3.0-or-later
// Media backend figures (run by hand: ./build/bench/media_backend_bench): answer -> media
// connected and answer -> first played frame over ICE on loopback, and the CPU a call costs
// (ICE agent + media threads + libpurple glue) per end, with and without the capture DSP.
#include "tests/protocols/mediarig.h"
#include "tests/support/audio/testsignals.h"
#include "tests/support/waitfor.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMap>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {
double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// CPU seconds of the process's threads by name (utime + stime), for where the time goes.
QMap<QString, double> threadCpu()
{
    QDir tasks(QStringLiteral("/proc/self/task"));
    QMap<QString, double> byName;
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat(tasks.filePath(tid + QStringLiteral("/stat")));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QString line = QString::fromLatin1(stat.readAll());
        const int open = line.indexOf(QLatin1Char('(')), close = line.lastIndexOf(QLatin1Char(')'));
        const QStringList f = line.mid(close + 2).split(QLatin1Char(' '));
        byName[line.mid(open + 1, close - open - 1)] += (f.value(11).toDouble() + f.value(12).toDouble()) / 100.0;
    }
    return byName;
}

double cpuPercentPerEnd(bool dsp)
{
    MediaRig::Options options;
    options.inputA = chirp(300, 3000, 2.0);
    options.inputB = chirp(3000, 300, 2.0);
    options.audioProcessing = dsp;
    MediaRig rig(options);
    REQUIRE(rig.connect());
    REQUIRE(waitFor([&] { return protocols::mediaAudioFlowing(rig.a.media) && protocols::mediaAudioFlowing(rig.b.media); },
                    15000));
    spin(1000);
    QElapsedTimer wall;
    wall.start();
    const double cpu0 = cpuSeconds();
    const QMap<QString, double> threads0 = threadCpu();
    spin(10000);
    const double cpu = cpuSeconds() - cpu0;
    const double seconds = double(wall.elapsed()) / 1000.0;
    const QMap<QString, double> threads1 = threadCpu();
    for (auto it = threads1.begin(); it != threads1.end(); ++it)
        std::printf("    %-16s %.2f %% of a core per end\n", it.key().toUtf8().constData(),
                    (it.value() - threads0.value(it.key())) / seconds * 100.0 / 2.0);
    rig.hangUp(rig.a);
    waitFor([&] { return rig.a.ended && rig.b.ended; }, 10000);
    return cpu / seconds * 100.0 / 2.0; // two ends in this process
}
} // namespace

TEST_CASE("media backend bench: answer to media and to first frame, CPU per call end")
{
    MediaTestRuntime runtime;
    std::vector<double> connected, firstFrame;
    for (int i = 0; i < 10; ++i) {
        MediaRig::Options options;
        options.inputA = chirp(300, 3000, 2.0);
        options.inputB = chirp(3000, 300, 2.0);
        MediaRig rig(options);
        REQUIRE(rig.startCaller());
        REQUIRE(rig.deliverOffer());
        QElapsedTimer answered;
        answered.start();
        REQUIRE(rig.acceptAndAnswer());
        REQUIRE(waitFor([&] { return rig.a.connected && rig.b.connected; }, 30000));
        connected.push_back(double(answered.nsecsElapsed()) / 1e6);
        REQUIRE(waitFor([&] { return protocols::mediaAudioFlowing(rig.a.media); }, 15000));
        firstFrame.push_back(double(answered.nsecsElapsed()) / 1e6);
        rig.hangUp(rig.a);
        waitFor([&] { return rig.a.ended && rig.b.ended; }, 10000);
    }
    std::sort(connected.begin(), connected.end());
    std::sort(firstFrame.begin(), firstFrame.end());
    std::printf("answer -> media connected (ICE, loopback): median %.1f ms, max %.1f ms\n", connected[5], connected.back());
    std::printf("answer -> caller plays the callee's first frame: median %.1f ms, max %.1f ms (goal <= 150 ms)\n",
                firstFrame[5], firstFrame.back());
    std::printf("threads (the unnamed ones: the Qt/libpurple main thread and the test's FileDevice clocks):\n");
    const double plain = cpuPercentPerEnd(false);
    std::printf("CPU per call end, 10 s, codec path only: %.2f %% of one core\n", plain);
    const double dsp = cpuPercentPerEnd(true);
    std::printf("CPU per call end, 10 s, with AEC + NS + AGC: %.2f %% of one core (whole app goal <= 4 %%)\n", dsp);
}
