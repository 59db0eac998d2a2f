// SPDX-License-Identifier: GPL-3.0-or-later
// Scrolling through a 100,000-message conversation, newest to oldest, like a fast fling:
// each frame moves the view, repaints it and runs the event loop once (pages arrive from
// the reader thread meanwhile). Goal: no frame over 16 ms; memory bounded (reported).
#include "tests/bench/conversations/benchsupport.h"
#include "tests/support/conversationfakes.h"
#include "tests/support/waitfor.h"
#include "tests/ui/conversationfill.h"
#include "ui/chatwindow.h"
#include "ui/chatwindowmanager.h"
#include "ui/conversationmodel.h"
#include "ui/conversationview.h"

#include <QApplication>
#include <QListView>
#include <QScrollBar>

#include <cstdio>
#include <ctime>

using namespace crosstalk;

namespace {

double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int count = argc > 1 ? QByteArray(argv[1]).toInt() : 100000;
    const int step = 240; // pixels per frame: a brisk fling

    test::ConversationRig rig;
    const BuddyAddress bob{rig.xmpp, QStringLiteral("bob@localhost")};
    QElapsedTimer fill;
    fill.start();
    test::fillConversation(*rig.store, bob, count);
    std::printf("stored %d messages in %.1f s\n", count, fill.elapsed() / 1000.0);
    const double baseMiB = bench::residentMiB();

    ui::ChatWindowManager windows(*rig.hub, *rig.reader);
    ui::ConversationView *view = windows.openConversation(bob);
    ui::ChatWindow *window = windows.windowOf(view);
    window->resize(800, 700);
    window->show();
    test::waitFor([&] { return view->model().rowCount() > 0 && !view->model().isLoading(); });

    QScrollBar *bar = view->list().verticalScrollBar();
    std::vector<double> frames;
    std::vector<double> frameCpu; // the UI thread's own CPU per frame: wall time minus preemption
    const bool verbose = qEnvironmentVariableIsSet("SCROLL_BENCH_VERBOSE");
    double peakMiB = bench::residentMiB();
    int maxRows = 0;
    QElapsedTimer total;
    total.start();
    while (view->model().hasOlder() || bar->value() > 0) {
        QElapsedTimer t;
        t.start();
        const double cpu0 = threadCpuMs();
        const MessageId firstBefore = view->model().messageAt(0).id;
        bar->setValue(bar->value() - step);
        view->list().viewport()->repaint();
        const double paintMs = t.nsecsElapsed() / 1e6;
        QCoreApplication::processEvents();
        frames.push_back(t.nsecsElapsed() / 1e6);
        frameCpu.push_back(threadCpuMs() - cpu0);
        if (verbose && frames.back() > 16.0)
            std::printf("  frame %zu: %.1f ms (%.1f ms of it the thread's CPU; scroll+paint %.1f ms, events %.1f ms)%s\n",
                        frames.size(), frames.back(), frameCpu.back(), paintMs, frames.back() - paintMs,
                        firstBefore != view->model().messageAt(0).id ? ", a page merged" : "");
        maxRows = std::max(maxRows, view->model().rowCount());
        if (frames.size() % 500 == 0)
            peakMiB = std::max(peakMiB, bench::residentMiB());
        if (total.elapsed() > 600000)
            break;
    }
    peakMiB = std::max(peakMiB, bench::residentMiB());
    const bool reachedOldest = view->model().rowCount() > 0 &&
                               view->model().messageAt(0).plainText.startsWith(QLatin1String("#0 "));
    const long over = std::count_if(frames.cbegin(), frames.cend(), [](double ms) { return ms > 16.0; });
    std::printf("scrolled %d messages top to bottom in %zu frames (%.1f s), reached the oldest: %s\n", count,
                frames.size(), total.elapsed() / 1000.0, reachedOldest ? "yes" : "NO");
    std::printf("  frame time p50 %.2f ms   p95 %.2f ms   p99 %.2f ms   max %.2f ms   frames over 16 ms: %ld\n",
                bench::percentile(frames, 50), bench::percentile(frames, 95), bench::percentile(frames, 99),
                bench::percentile(frames, 100), over);
    const long overCpu = std::count_if(frameCpu.cbegin(), frameCpu.cend(), [](double ms) { return ms > 16.0; });
    std::printf("  UI-thread CPU per frame: p99 %.2f ms   max %.2f ms   frames whose own work took over 16 ms: %ld"
                " (the rest of any slow frame is the thread waiting for a core; SCROLL_BENCH_VERBOSE=1 lists them)\n",
                bench::percentile(frameCpu, 99), bench::percentile(frameCpu, 100), overCpu);
    std::printf("  rows held at most: %d   resident memory: %.1f MiB before opening, %.1f MiB peak (+%.1f MiB)\n",
                maxRows, baseMiB, peakMiB, peakMiB - baseMiB);
    std::printf("  goal: no frame over 16 ms  ->  %s; memory bounded  ->  %s\n", over == 0 ? "met" : "NOT met",
                maxRows <= 500 ? "yes (window of <= 500 rows)" : "NO");
    return 0;
}
