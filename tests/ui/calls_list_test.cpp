// SPDX-License-Identifier: GPL-3.0-or-later
// Calls from the contact list, offscreen: the call button on callable rows only, Ctrl+Enter
// calls through the chosen route, and a person with no route says why.
#include "core/calls/callcoordinator.h"
#include "core/calls/callroutes.h"
#include "core/contacts/contactcache.h"
#include "core/contacts/contactdirectory.h"
#include "core/contacts/contactsync.h"
#include "core/conversations/accountrows.h"
#include "core/store/store.h"
#include "tests/support/fakecalls.h"
#include "tests/support/fakenetwork.h"
#include "tests/support/tempdir.h"
#include "tests/support/waitfor.h"
#include "ui/callpresenter.h"
#include "ui/callwindow.h"
#include "ui/contactlistmodel.h"
#include "ui/contactlistview.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTest>

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

struct CallListFixture
{
    CallListFixture()
        : store(dir.filePath(QStringLiteral("c.sqlite")))
        , cache(store)
        , sync(directory, cache, roster, accounts)
        , routes(calls, directory, accounts)
        , coordinator(calls)
        , presenter(coordinator, routes)
    {
        xmpp = accounts.add(QStringLiteral("prpl-jabber"), QStringLiteral("me@crosstalk.im/desk"));
        work = accounts.add(QStringLiteral("prpl-jabber"), QStringLiteral("me@work.example/desk"));
        irc = accounts.add(QStringLiteral("prpl-irc"), QStringLiteral("me@irc.libera.chat"));
        auto opened = store.open();
        REQUIRE(waitFor([&] { return opened.isFinished(); }));
        conversations::mirrorAccounts(store, accounts.accounts()).waitForFinished();
        directory.setCoalesceInterval(1);
        sync.setBatchInterval(1);
        sync.loadFromCache();
        REQUIRE(waitFor([&] { return sync.isLoaded(); }));
        window = std::make_unique<ui::MainWindow>(accounts, roster, directory, sync);
        // The wiring the app does (app/callsetup.cpp).
        window->setCallRouter([this](PersonId person, QString *why) -> std::optional<BuddyAddress> {
            if (const auto r = routes.route(person, why))
                return r->buddy;
            return std::nullopt;
        });
        QObject::connect(window.get(), &ui::MainWindow::callRequested, &presenter, &ui::CallPresenter::call);
        QObject::connect(&presenter, &ui::CallPresenter::status, window.get(),
                         [this](const QString &text) { window->statusBar()->showMessage(text); });
        presenter.setCloseDelay(0);
        window->resize(380, 640);
        window->show();

        roster.report({{xmpp, QStringLiteral("ada@lovelace.org")}, QStringLiteral("Ada Lovelace"), {}, QStringLiteral("Friends"),
                       {PresenceKind::Available, {}, false}});
        roster.report({{work, QStringLiteral("ada@engine.org")}, QStringLiteral("Ada Lovelace"), {}, QStringLiteral("Friends"),
                       {PresenceKind::Away, {}, false}});
        roster.report({{xmpp, QStringLiteral("alan@bletchley.uk")}, QStringLiteral("Alan Turing"), {}, QStringLiteral("Friends"),
                       {PresenceKind::Available, {}, false}});
        roster.report({{irc, QStringLiteral("linus")}, QStringLiteral("Linus"), {}, QStringLiteral("Friends"),
                       {PresenceKind::Available, {}, false}});
        REQUIRE(waitFor([&] { return directory.size() >= 3; }));
        // ada's two XMPP accounts are one person (same name → the test merges them by hand).
        const PersonId ada = directory.personOf({xmpp, QStringLiteral("ada@lovelace.org")});
        const PersonId adaWork = directory.personOf({work, QStringLiteral("ada@engine.org")});
        if (ada != adaWork)
            sync.merge(ada, adaWork);
        REQUIRE(waitFor([&] { return directory.size() == 3; }));
        settle();
    }

    void settle()
    {
        directory.flush();
        QCoreApplication::processEvents();
    }

    PersonId person(const QString &handle) { return directory.personOf(buddy(handle)); }
    BuddyAddress buddy(const QString &handle)
    {
        for (AccountId a : {xmpp, work, irc}) {
            if (directory.buddy({a, handle}))
                return {a, handle};
        }
        return {};
    }
    bool callable(const QString &handle)
    {
        return window->contactModel()->indexOf(person(handle)).data(ui::ContactListModel::CallableRole).toBool();
    }
    void ctrlEnterOn(const QString &handle)
    {
        ui::ContactListView *view = window->contactView();
        view->setCurrentIndex(window->contactModel()->indexOf(person(handle)));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Return, Qt::ControlModifier);
    }

    TempDir dir;
    FakeAccounts accounts;
    FakeRoster roster;
    FakeCalls calls;
    store::Store store;
    contacts::ContactCache cache;
    contacts::ContactDirectory directory;
    contacts::ContactSync sync;
    calls::CallRoutes routes;
    calls::CallCoordinator coordinator;
    ui::CallPresenter presenter;
    AccountId xmpp, work, irc;
    std::unique_ptr<ui::MainWindow> window;
};

} // namespace

TEST_CASE("calls ui: the call button shows only on callable rows and follows capability changes")
{
    CallListFixture f;
    CHECK_FALSE(f.callable(QStringLiteral("ada@lovelace.org")));
    f.calls.setCapability(f.buddy(QStringLiteral("ada@engine.org")), true);
    f.calls.setCapability(f.buddy(QStringLiteral("alan@bletchley.uk")), false, QStringLiteral("alan@bletchley.uk has no voice-capable client"));
    f.settle();
    CHECK(f.callable(QStringLiteral("ada@lovelace.org")));
    CHECK_FALSE(f.callable(QStringLiteral("alan@bletchley.uk")));
    CHECK_FALSE(f.callable(QStringLiteral("linus")));

    // Caps withdrawn (the client went away): the button goes.
    f.calls.setCapability(f.buddy(QStringLiteral("ada@engine.org")), false);
    f.settle();
    CHECK_FALSE(f.callable(QStringLiteral("ada@lovelace.org")));
}

TEST_CASE("calls ui: Ctrl+Enter on a row calls through the chosen route and opens the call window")
{
    CallListFixture f;
    const BuddyAddress home = f.buddy(QStringLiteral("ada@lovelace.org"));
    const BuddyAddress engine = f.buddy(QStringLiteral("ada@engine.org"));
    f.calls.setCapability(home, true);
    f.calls.setCapability(engine, true);
    f.settle();

    f.ctrlEnterOn(QStringLiteral("ada@lovelace.org"));
    REQUIRE(f.calls.started.size() == 1);
    CHECK(f.calls.started.first() == home); // available beats away
    CHECK(f.window->statusBar()->currentMessage()
          == QStringLiteral("Calling Ada Lovelace via XMPP, ada@lovelace.org"));
    const CallKey key = f.coordinator.activeCall();
    REQUIRE(key != 0);
    ui::CallWindow *w = f.presenter.window(key);
    REQUIRE(w);
    CHECK(w->isVisible());
    CHECK(w->stateText() == QStringLiteral("Calling…"));
    CHECK(w->routeText().contains(QStringLiteral("XMPP, ada@lovelace.org")));

    // Ctrl+Enter again during the call: refused, with the reason in the status bar.
    f.ctrlEnterOn(QStringLiteral("ada@lovelace.org"));
    CHECK(f.calls.started.size() == 1);
    CHECK(f.window->statusBar()->currentMessage().contains(QStringLiteral("already in a call")));
    w->hangUpButton()->click();
    CHECK(f.calls.hungUp == QList<CallKey>{key});
    CHECK(f.coordinator.activeCall() == 0);

    // From the search field: type, Ctrl+Enter calls the first match (Enter would open a chat).
    f.window->filterField()->setFocus();
    QTest::keyClicks(f.window->filterField(), QStringLiteral("ada"));
    QTest::keyClick(f.window->filterField(), Qt::Key_Return, Qt::ControlModifier);
    REQUIRE(f.calls.started.size() == 2);
    CHECK(f.calls.started.last() == home);
}

TEST_CASE("calls ui: a person with no route says why and nothing is called")
{
    CallListFixture f;
    f.calls.setCapability(f.buddy(QStringLiteral("alan@bletchley.uk")), false, QStringLiteral("alan@bletchley.uk is offline"));
    f.settle();
    f.ctrlEnterOn(QStringLiteral("alan@bletchley.uk"));
    CHECK(f.calls.started.isEmpty());
    const QString why = f.window->statusBar()->currentMessage();
    CHECK(why.contains(QStringLiteral("Alan Turing cannot be called")));
    CHECK(why.contains(QStringLiteral("alan@bletchley.uk is offline")));

    // The protocol refusing at the last moment is shown the same way.
    f.calls.setCapability(f.buddy(QStringLiteral("alan@bletchley.uk")), true);
    f.calls.failNextStart(QStringLiteral("The account is not connected."));
    f.settle();
    f.ctrlEnterOn(QStringLiteral("alan@bletchley.uk"));
    CHECK(f.window->statusBar()->currentMessage() == QStringLiteral("The account is not connected."));
    CHECK(f.coordinator.activeCall() == 0);
}
