// SPDX-License-Identifier: GPL-3.0-or-later
// Opening a conversation with 100,000 stored messages: from the request (a buddy activated)
// to the first paint that shows messages. Goal: <= 50 ms.
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

#include <cstdio>

using namespace crosstalk;

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int count = argc > 1 ? QByteArray(argv[1]).toInt() : 100000;
    const int runs = 15;

    test::ConversationRig rig;
    const BuddyAddress bob{rig.xmpp, QStringLiteral("bob@localhost")};
    test::fillConversation(*rig.store, bob, count);
    rig.store->indexNow().waitForFinished();
    // Another tab stays open, so the window exists as it would in a running app.
    ui::ChatWindowManager windows(*rig.hub, *rig.reader);
    ui::ConversationView *other = windows.openConversation({rig.xmpp, QStringLiteral("carol@localhost")});
    ui::ChatWindow *window = windows.windowOf(other);
    window->resize(800, 700);
    window->show();
    test::spin(200);

    std::vector<double> times;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer t;
        t.start();
        double painted = -1;
        ui::ConversationView *view = windows.openConversation(bob);
        bench::PaintProbe probe([&] {
            if (painted < 0 && view->model().rowCount() > 0)
                painted = t.nsecsElapsed() / 1e6;
        });
        view->list().viewport()->installEventFilter(&probe);
        test::waitFor([&] { return painted >= 0; }, 10000);
        view->list().viewport()->removeEventFilter(&probe);
        times.push_back(painted);
        window->closeConversation(view);
        test::spin(50);
    }
    const double first = times.front();
    std::printf("open a conversation of %d messages -> first paint with messages (%d runs):\n", count, runs);
    std::printf("  first (cold) %.2f ms   median %.2f ms   p95 %.2f ms   max %.2f ms\n", first,
                bench::percentile(times, 50), bench::percentile(times, 95), bench::percentile(times, 100));
    std::printf("  goal: <= 50 ms  ->  %s\n", bench::percentile(times, 100) <= 50 ? "met" : "NOT met (max)");
    return 0;
}
