// SPDX-License-Identifier: GPL-3.0-or-later
// Contact list at 50,000 cached people: start-up to first paint, resident memory, filter
// keystrokes, and a presence storm while scrolling. Prints each figure beside its goal.
//
//   ./build/bench/contactlist_bench [people]         (default 50000)
#include "core/contacts/contactcache.h"
#include "core/contacts/contactdirectory.h"
#include "core/contacts/contactsync.h"
#include "core/store/store.h"
#include "tests/bench/contacts/contactsbenchdata.h"
#include "tests/support/fakenetwork.h"
#include "ui/contactlistmodel.h"
#include "ui/contactlistview.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace crosstalk;

namespace {

long residentKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    status.open(QIODevice::ReadOnly);
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    }
    return -1;
}

/// One app's worth of contact list over a cached store, with no account connected.
struct ListApp
{
    explicit ListApp(const QString &path)
        : store(path)
        , cache(store)
        , sync(directory, cache, roster, accounts)
    {
        accounts.addAccount({QStringLiteral("prpl-jabber"), QStringLiteral("me@example.org/desk"), {}, {}, true});
        accounts.addAccount({QStringLiteral("prpl-irc"), QStringLiteral("me@irc.example.net"), {}, {}, true});
        store.open();
        sync.loadFromCache();
        window = std::make_unique<ui::MainWindow>(accounts, roster, directory, sync);
        window->resize(380, 900);
    }

    store::Store store;
    test::FakeAccounts accounts;
    test::FakeRoster roster;
    contacts::ContactCache cache;
    contacts::ContactDirectory directory;
    contacts::ContactSync sync;
    std::unique_ptr<ui::MainWindow> window;
};

/// Child mode: start, show, and report the wall clock at the first painted row.
int runStartup(const QString &path)
{
    ListApp app(path);
    struct PaintWatch : QObject
    {
        ui::ContactListModel *model;
        bool done = false;
        bool eventFilter(QObject *, QEvent *e) override
        {
            if (e->type() == QEvent::Paint && !done && model->personCount() > 0) {
                done = true;
                // Runs right after this paint event has been handled.
                QTimer::singleShot(0, [] {
                    std::printf("first_paint_epoch_ms=%lld rss_kb=%ld\n",
                                static_cast<long long>(QDateTime::currentMSecsSinceEpoch()), residentKb());
                    std::fflush(stdout);
                    QCoreApplication::exit(0);
                });
            }
            return false;
        }
    } watch;
    watch.model = app.window->contactModel();
    app.window->contactView()->viewport()->installEventFilter(&watch);
    app.window->show();
    QTimer::singleShot(20000, [] { QCoreApplication::exit(1); });
    return QApplication::exec();
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (argc == 3 && QByteArray(argv[1]) == "--startup") {
        QApplication qapp(argc, argv);
        return runStartup(QString::fromLocal8Bit(argv[2]));
    }
    QApplication qapp(argc, argv);
    const int people = argc > 1 ? QByteArray(argv[1]).toInt() : 50000;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("crosstalk.sqlite"));
    QElapsedTimer clock;
    clock.start();
    if (!bench::makeContactStore(path, people))
        return 1;
    std::printf("contact list benchmark: %d cached people (store built in %lld ms)\n", people,
                static_cast<long long>(clock.elapsed()));

    // 1. Process start to first painted list, and memory then (median of 5 runs).
    std::vector<double> startups;
    std::vector<double> rss;
    for (int run = 0; run < 5; ++run) {
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--startup"), path});
        child.waitForFinished(30000);
        const QByteArray out = child.readAllStandardOutput();
        const qsizetype at = out.indexOf("first_paint_epoch_ms=");
        if (at < 0) {
            std::printf("startup run failed: %s\n", out.constData());
            return 1;
        }
        const QList<QByteArray> fields = out.mid(at).trimmed().split(' ');
        startups.push_back(double(fields[0].split('=').last().toLongLong() - before));
        rss.push_back(double(fields[1].split('=').last().toLong()) / 1024.0);
    }
    std::printf("  start to first painted list: median %.0f ms (min %.0f)   goal <= 400 ms\n",
                percentile(startups, 0.5), percentile(startups, 0.0));
    std::printf("  resident memory with the list shown: median %.0f MB   goal <= 150 MB\n", percentile(rss, 0.5));

    // In-process: the same app, for keystrokes and the presence storm.
    ListApp app(path);
    app.window->show();
    while (!app.sync.isLoaded() || app.window->contactModel()->personCount() == 0)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    QCoreApplication::processEvents();

    // 2. Filter keystroke to updated view.
    std::vector<double> keystrokes;
    QLineEdit *filter = app.window->filterField();
    const QStringList typed{QStringLiteral("ada lovelace"), QStringLiteral("zoe ang"), QStringLiteral("user12"),
                            QStringLiteral("nick4"), QStringLiteral("jurgen"), QStringLiteral("priya patel"),
                            QStringLiteral("group 7"), QStringLiteral("xyzzy")};
    for (int round = 0; round < 3; ++round) {
        for (const QString &word : typed) {
            for (int n = 1; n <= word.size(); ++n) {
                QElapsedTimer t;
                t.start();
                filter->setText(word.left(n));
                app.window->contactView()->viewport()->repaint();
                keystrokes.push_back(double(t.nsecsElapsed()) / 1e6);
            }
            for (int n = word.size() - 1; n >= 0; --n) { // and backspace it away
                QElapsedTimer t;
                t.start();
                filter->setText(word.left(n));
                app.window->contactView()->viewport()->repaint();
                keystrokes.push_back(double(t.nsecsElapsed()) / 1e6);
            }
        }
    }
    std::printf("  filter keystroke to repainted view: p50 %.2f ms, p95 %.2f ms, max %.2f ms over %zu keystrokes"
                "   goal p95 <= 8 ms\n",
                percentile(keystrokes, 0.5), percentile(keystrokes, 0.95), percentile(keystrokes, 1.0),
                keystrokes.size());

    // 3. 10,000 presence changes per second for 3 s while the list scrolls.
    QList<BuddyAddress> addresses;
    app.directory.forEach([&](const contacts::Contact &c) {
        for (const auto &b : c.buddies)
            addresses << b.address;
    });
    QRandomGenerator random(7);
    const QList<PresenceKind> kinds{PresenceKind::Available, PresenceKind::Away, PresenceKind::Busy,
                                    PresenceKind::Offline, PresenceKind::ExtendedAway};
    int applied = 0;
    QTimer storm;
    QObject::connect(&storm, &QTimer::timeout, [&] {
        for (int i = 0; i < 100; ++i) { // every 10 ms: 10,000 per second
            const BuddyAddress &a = addresses[random.bounded(addresses.size())];
            app.roster.reportPresence(a, {kinds[random.bounded(kinds.size())], QStringLiteral("status %1").arg(applied), false});
            ++applied;
        }
    });
    QTimer scroll;
    QScrollBar *bar = app.window->contactView()->verticalScrollBar();
    QObject::connect(&scroll, &QTimer::timeout, [&] { bar->setValue((bar->value() + 120) % std::max(1, bar->maximum())); });
    double worstStall = 0;
    QElapsedTimer heartbeatClock;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        const double gap = double(heartbeatClock.nsecsElapsed()) / 1e6;
        heartbeatClock.restart();
        worstStall = std::max(worstStall, gap - 2.0);
    });
    storm.start(10);
    scroll.start(16);
    heartbeat.start(2);
    heartbeatClock.start();
    QElapsedTimer stormClock;
    stormClock.start();
    while (stormClock.elapsed() < 3000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    storm.stop();
    scroll.stop();
    heartbeat.stop();
    std::printf("  presence storm: %d changes in %.1f s while scrolling, longest UI-thread stall %.1f ms"
                "   goal <= 16 ms\n",
                applied, double(stormClock.elapsed()) / 1000.0, worstStall);
    return 0;
}
