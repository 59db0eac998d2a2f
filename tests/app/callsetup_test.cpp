// SPDX-License-Identifier: GPL-3.0-or-later
// The app's call wiring (app/CallSetup) over a scripted CallService, offscreen: the main
// window's call request, the notifier's Answer action, missed calls on the notifier's count,
// and "last used" remembered from the store's call log at the next start.
#include "app/callsetup.h"
#include "core/calls/callcoordinator.h"
#include "core/calls/callroutes.h"
#include "core/contacts/contactcache.h"
#include "core/contacts/contactdirectory.h"
#include "core/contacts/contactsync.h"
#include "core/conversations/accountrows.h"
#include "core/presence/globalstatus.h"
#include "core/store/store.h"
#include "tests/support/fakecalls.h"
#include "tests/support/fakenetwork.h"
#include "tests/support/tempdir.h"
#include "tests/support/waitfor.h"
#include "ui/callpresenter.h"
#include "ui/callwindow.h"
#include "ui/incomingcalldialog.h"
#include "ui/mainwindow.h"
#include "ui/notifier.h"

#include <QStatusBar>

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;

TEST_CASE("call setup: the window's call request, the notification's Answer, missed calls, last used route")
{
    TempDir dir;
    FakeAccounts accounts;
    FakeRoster roster;
    FakeCalls calls;
    const AccountId work = accounts.add(QStringLiteral("prpl-jabber"), QStringLiteral("me@work.example/desk"));
    const AccountId home = accounts.add(QStringLiteral("prpl-jabber"), QStringLiteral("me@home.example/desk"));
    store::Store db(dir.filePath(QStringLiteral("crosstalk.sqlite")));
    db.open().waitForFinished();
    conversations::mirrorAccounts(db, accounts.accounts()).waitForFinished();
    contacts::ContactCache cache(db);
    contacts::ContactDirectory directory;
    directory.setCoalesceInterval(1);
    contacts::ContactSync sync(directory, cache, roster, accounts);
    sync.setBatchInterval(1);
    sync.loadFromCache();
    REQUIRE(waitFor([&] { return sync.isLoaded(); }));
    ui::MainWindow window(accounts, roster, directory, sync);
    GlobalStatus status(accounts, roster);
    ui::Notifier notifier(status);
    notifier.setSoundEnabled(ui::Notifier::Event::IncomingCall, false);
    notifier.setSoundEnabled(ui::Notifier::Event::MissedCall, false);

    const BuddyAddress bobWork{work, QStringLiteral("bob@work.example")};
    const BuddyAddress bobHome{home, QStringLiteral("bob@home.example")};
    roster.report({bobWork, QStringLiteral("Bob"), {}, QStringLiteral("Friends"), {PresenceKind::Available, {}, false}});
    roster.report({bobHome, QStringLiteral("Bob"), {}, QStringLiteral("Friends"), {PresenceKind::Available, {}, false}});
    REQUIRE(waitFor([&] { return directory.buddy(bobWork) && directory.buddy(bobHome); }));
    if (directory.personOf(bobWork) != directory.personOf(bobHome))
        sync.merge(directory.personOf(bobWork), directory.personOf(bobHome));
    REQUIRE(waitFor([&] { return directory.size() == 1; }));
    calls.setCapability(bobWork, true);
    calls.setCapability(bobHome, true);
    const PersonId bob = directory.personOf(bobWork);

    CallKey homeCall = 0;
    {
        app::CallSetup setup(db, calls, accounts, directory, window);
        setup.presenter().setCloseDelay(0);
        setup.followDesktop(notifier);

        // The list asks the routes; the call goes out and its window opens.
        REQUIRE(window.callRoute(bob));
        Q_EMIT window.callRequested(bobHome); // "Call via" the home account
        REQUIRE(calls.started == QList<BuddyAddress>{bobHome});
        homeCall = setup.coordinator().activeCall();
        REQUIRE(setup.presenter().window(homeCall));
        CHECK(window.statusBar()->currentMessage() == QStringLiteral("Calling Bob via XMPP, bob@home.example"));
        calls.remoteAnswered(homeCall);
        calls.end(homeCall, CallEndReason::HungUpRemotely);

        spin(20); // the next call starts at a later millisecond
        // A call rings: Answer in the notification answers it and opens its window.
        const CallKey incoming = calls.ring(bobWork);
        REQUIRE(setup.presenter().toast(incoming));
        Q_EMIT notifier.callAnswerRequested(app::CallSetup::notificationKey(incoming));
        CHECK(calls.answered == QList<CallKey>{incoming});
        CHECK(setup.presenter().window(incoming));
        CHECK_FALSE(setup.presenter().toast(incoming));
        calls.end(incoming, CallEndReason::HungUpRemotely);

        // A call nobody answered is a missed call on the notifier (the tray badge's count).
        const CallKey missed = calls.ring(bobWork);
        calls.end(missed, CallEndReason::CancelledRemotely);
        CHECK(notifier.missedCalls() == 1);
        spin(300); // the call log's writes
    }

    // Next start: the call log remembers which route carried the last call — the work
    // account's answered incoming call, after the outgoing one via home.
    app::CallSetup again(db, calls, accounts, directory, window);
    REQUIRE(waitFor([&] { return again.routes().lastCall(bobHome) > 0 && again.routes().lastCall(bobWork) > 0; }));
    CHECK(again.routes().lastCall(bobWork) > again.routes().lastCall(bobHome));
    const auto route = again.routes().route(bob);
    REQUIRE(route);
    CHECK(route->buddy == bobWork);
}
