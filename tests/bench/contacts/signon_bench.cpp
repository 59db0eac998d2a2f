// SPDX-License-Identifier: GPL-3.0-or-later
// Signing on an account whose roster holds 50,000 contacts, against a local Prosody, with the
// whole contact-list path live (libpurple, store, directory, list model and window).
// Prints the process CPU used until the list settles and the longest UI-thread stall.
//
//   ./build/bench/contacts_signon_bench [contacts]     (default 50000)
// The libpurple fixture reports setup failures through Catch; this provides Catch's
// implementation (without its main) for a benchmark that is not a test.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "core/contacts/contactcache.h"
#include "core/contacts/contactdirectory.h"
#include "core/contacts/contactsync.h"
#include "core/conversations/accountrows.h"
#include "core/store/store.h"
#include "tests/protocols/purplefixture.h"
#include "tests/support/prosodyserver.h"
#include "tests/support/waitfor.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>
#include <sys/resource.h>

using namespace crosstalk;

namespace {

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
           + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int contacts = argc > 1 ? QByteArray(argv[1]).toInt() : 50000;

    test::ProsodyServer server;
    QString error;
    QStringList roster;
    roster.reserve(contacts);
    for (int i = 0; i < contacts; ++i)
        roster << QStringLiteral("contact%1@localhost").arg(i);
    if (!server.addUser(QStringLiteral("me"), QStringLiteral("mepw"), &error)
        // Spread over 100 groups as real rosters are: libpurple appends each buddy by walking
        // its group's list, so one 50,000-buddy group alone costs it minutes (quadratic).
        || !server.setMutualRoster(QStringLiteral("me"), roster, 100) || !server.start(&error)) {
        std::fprintf(stderr, "prosody: %s\n", qPrintable(error));
        return 1;
    }

    test::PurpleFixture f;
    f.pinCertificate(server.certificatePem());
    f.start();
    store::Store store(f.userDir() + QStringLiteral("/../crosstalk.sqlite"));
    store.open().waitForFinished();
    contacts::ContactCache cache(store);
    contacts::ContactDirectory directory;
    contacts::ContactSync sync(directory, cache, f.roster(), f.accounts());
    sync.loadFromCache();
    test::waitFor([&] { return sync.isLoaded(); });
    ui::MainWindow window(f.accounts(), f.roster(), directory, sync);
    window.show();

    // Watch the UI thread: a 2 ms timer that fires late means the thread was busy.
    // A late beat minus the time libpurple's callbacks took meanwhile is Crosstalk's own stall.
    double worstStall = 0;
    double worstOwnStall = 0;
    qint64 purpleBusyAtBeat = 0;
    QElapsedTimer beat;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        const qint64 purpleBusy = protocols::PurpleBackend::loopLoad().busyNs;
        const double gapMs = double(beat.nsecsElapsed()) / 1e6;
        worstStall = std::max(worstStall, gapMs - 2.0);
        worstOwnStall = std::max(worstOwnStall, gapMs - double(purpleBusy - purpleBusyAtBeat) / 1e6 - 2.0);
        purpleBusyAtBeat = purpleBusy;
        beat.restart();
    });
    qint64 lastChange = 0;
    qint64 fullAt = -1;
    QElapsedTimer clock;
    auto noteChange = [&] {
        lastChange = clock.elapsed();
        if (fullAt < 0 && directory.size() >= contacts)
            fullAt = lastChange;
    };
    QObject::connect(&directory, &contacts::ContactDirectory::peopleChanged, noteChange);
    QObject::connect(&directory, &contacts::ContactDirectory::peopleRemoved, noteChange);

    const protocols::PurpleLoopLoad loadBefore = protocols::PurpleBackend::loopLoad();
    const double cpuBefore = cpuSeconds();
    clock.start();
    beat.start();
    purpleBusyAtBeat = protocols::PurpleBackend::loopLoad().busyNs;
    heartbeat.start(2);
    const AccountId me = f.addXmppAccount(server.jid(QStringLiteral("me")), QStringLiteral("mepw"), server.port(), true);
    conversations::mirrorAccounts(store, f.accounts().accounts());
    int lastSize = 0;
    const bool settled = test::waitFor(
        [&] {
            if (directory.size() != lastSize) {
                lastSize = directory.size();
                noteChange();
            }
            return directory.size() >= contacts && clock.elapsed() - lastChange > 1000;
        },
        600000);
    // The last second was spent waiting to see that nothing more changed.
    const double cpu = cpuSeconds() - cpuBefore;
    heartbeat.stop();
    const protocols::PurpleLoopLoad load = protocols::PurpleBackend::loopLoad();
    std::printf("contacts sign-on benchmark: %d-contact roster over XMPP (STARTTLS) on a local Prosody\n", contacts);
    std::printf("  state %s, %d people in the list, all there after %.2f s, last change at %.2f s (%s)\n",
                qPrintable(connectionStateName(f.state(me))), directory.size(), double(fullAt) / 1000.0,
                double(lastChange) / 1000.0, settled ? "settled" : "NOT settled");
    std::printf("  process CPU until settled: %.2f s   goal <= 2 s\n", cpu);
    std::printf("  longest UI-thread stall: %.1f ms   goal <= 16 ms\n", worstStall);
    // libpurple's share: its XMPP plugin parses the roster stanza in one callback on this thread.
    std::printf("  of which inside libpurple's callbacks (its XMPP parsing and Crosstalk's blist ops): %.2f s wall,"
                " longest single callback %.1f ms\n",
                double(load.busyNs - loadBefore.busyNs) / 1e9, double(load.longestNs) / 1e6);
    std::printf("  longest UI-thread stall outside libpurple's callbacks: %.1f ms\n", worstOwnStall);
    return settled ? 0 : 1;
}
