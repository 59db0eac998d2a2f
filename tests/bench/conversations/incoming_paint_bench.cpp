// SPDX-License-Identifier: GPL-3.0-or-later
// Incoming message to painted, in the open conversation, while 200 messages/s arrive.
// The path measured is the product's: network signal -> store commit (writer thread) ->
// hub -> model -> delegate paint. Goal: p95 <= 16 ms.
#include "tests/bench/conversations/benchsupport.h"
#include "tests/support/conversationfakes.h"
#include "tests/support/waitfor.h"
#include "ui/chatwindow.h"
#include "ui/chatwindowmanager.h"
#include "ui/conversationmodel.h"
#include "ui/conversationview.h"

#include <QApplication>
#include <QHash>
#include <QListView>
#include <QTimer>

#include <cstdio>

using namespace crosstalk;

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int rate = 200;
    const int seconds = argc > 1 ? QByteArray(argv[1]).toInt() : 10;

    test::ConversationRig rig;
    const BuddyAddress bob{rig.xmpp, QStringLiteral("bob@localhost")};
    ui::ChatWindowManager windows(*rig.hub, *rig.reader);
    ui::ConversationView *view = windows.openConversation(bob);
    ui::ChatWindow *window = windows.windowOf(view);
    window->resize(800, 700);
    window->show();
    test::waitFor([&] { return view->model().conversation().isValid() && !view->model().isLoading(); });

    QElapsedTimer clock;
    clock.start();
    QHash<QString, qint64> sentAt;  // body -> arrival time (ns)
    QHash<qint64, qint64> waiting;  // message id -> arrival time, stored but not yet painted
    std::vector<double> latencies;
    std::vector<double> toStored; // the store's share: arrival -> committed
    QObject::connect(rig.hub.get(), &conversations::ConversationHub::messageStored,
                     [&](const store::StoredMessage &m) {
                         const qint64 arrived = sentAt.take(m.body);
                         toStored.push_back((clock.nsecsElapsed() - arrived) / 1e6);
                         waiting.insert(m.id.value(), arrived);
                     });
    bench::PaintProbe probe([&] {
        const qint64 now = clock.nsecsElapsed();
        for (auto it = waiting.begin(); it != waiting.end();) {
            if (view->model().rowOf(MessageId(it.key())) >= 0) {
                latencies.push_back((now - it.value()) / 1e6);
                it = waiting.erase(it);
            } else {
                ++it;
            }
        }
    });
    view->list().viewport()->installEventFilter(&probe);

    int sent = 0;
    QTimer feeder;
    feeder.setTimerType(Qt::PreciseTimer);
    feeder.start(1000 / rate);
    QObject::connect(&feeder, &QTimer::timeout, [&] {
        const QString body = QStringLiteral("message %1 with a link https://example.org/%1 and <b>bold</b>").arg(sent++);
        sentAt.insert(body, clock.nsecsElapsed());
        rig.messaging.receive(bob, body);
        if (sent >= rate * seconds)
            feeder.stop();
    });
    test::waitFor([&] { return !feeder.isActive() && waiting.isEmpty() && sentAt.isEmpty(); }, seconds * 1000 + 10000);

    const double p50 = bench::percentile(latencies, 50), p95 = bench::percentile(latencies, 95);
    const double p99 = bench::percentile(latencies, 99), worst = bench::percentile(latencies, 100);
    std::printf("incoming -> painted, %d msg/s for %d s (%zu messages measured, %d rows kept):\n", rate, seconds,
                latencies.size(), view->model().rowCount());
    std::printf("  p50 %.2f ms   p95 %.2f ms   p99 %.2f ms   max %.2f ms\n", p50, p95, p99, worst);
    std::printf("  of which arrival -> committed in the store: p50 %.2f ms   p95 %.2f ms\n",
                bench::percentile(toStored, 50), bench::percentile(toStored, 95));
    std::printf("  goal: p95 <= 16 ms  ->  %s\n", p95 <= 16 ? "met" : "NOT met");
    return 0;
}
