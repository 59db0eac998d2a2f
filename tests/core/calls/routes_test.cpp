// SPDX-License-Identifier: GPL-3.0-or-later
// Call routes and the one-call policy over the contact directory and a scripted CallService.
#include "core/calls/callcoordinator.h"
#include "core/calls/callroutes.h"
#include "core/contacts/contactdirectory.h"
#include "tests/support/fakecalls.h"
#include "tests/support/fakenetwork.h"

#include <QSignalSpy>

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

struct RoutesFixture
{
    RoutesFixture()
        : routes(calls, directory, accounts)
    {
        work = accounts.add(QStringLiteral("prpl-jabber"), QStringLiteral("me@work.example/desk"));
        home = accounts.add(QStringLiteral("prpl-jabber"), QStringLiteral("me@home.example/desk"));
        irc = accounts.add(QStringLiteral("prpl-irc"), QStringLiteral("me@irc.example"));
        directory.setCoalesceInterval(1);
    }

    BuddyAddress addBuddy(PersonId person, AccountId account, const QString &handle, PresenceKind kind,
                          const QString &protocol = QStringLiteral("prpl-jabber"))
    {
        contacts::ContactBuddy b;
        b.id = BuddyId(++nextBuddy);
        b.address = {account, handle};
        b.protocolId = protocol;
        b.presence = Presence{kind, {}, false};
        directory.upsertBuddy(person, QStringLiteral("Alice"), b);
        return b.address;
    }

    FakeAccounts accounts;
    FakeCalls calls;
    contacts::ContactDirectory directory;
    calls::CallRoutes routes;
    AccountId work, home, irc;
    qint64 nextBuddy = 0;
};

} // namespace

TEST_CASE("routes: a person is callable when any buddy has audio, and the list's flag follows the call layer")
{
    RoutesFixture f;
    const PersonId alice(1);
    const auto xmpp = f.addBuddy(alice, f.work, QStringLiteral("alice@work.example"), PresenceKind::Available);
    const auto chat = f.addBuddy(alice, f.irc, QStringLiteral("alice"), PresenceKind::Available, QStringLiteral("prpl-irc"));
    CHECK_FALSE(f.routes.isCallable(alice));

    f.calls.setCapability(xmpp, true);
    CHECK(f.routes.isCallable(alice));
    CHECK(f.directory.buddy(xmpp)->voiceCapable);
    CHECK_FALSE(f.directory.buddy(chat)->voiceCapable);

    // The roster re-reporting the buddy (alias change) keeps what the call layer said.
    contacts::ContactBuddy again = *f.directory.buddy(xmpp);
    again.voiceCapable = false;
    again.alias = QStringLiteral("Alice W.");
    f.directory.upsertBuddy(alice, QStringLiteral("Alice"), again);
    CHECK(f.directory.buddy(xmpp)->voiceCapable);

    f.calls.setCapability(xmpp, false, QStringLiteral("alice@work.example is offline"));
    CHECK_FALSE(f.directory.buddy(xmpp)->voiceCapable);
    CHECK_FALSE(f.routes.isCallable(alice));
}

TEST_CASE("routes: capability news for a buddy not yet in the list is applied when it appears")
{
    RoutesFixture f;
    const BuddyAddress early{f.work, QStringLiteral("bob@work.example")};
    f.calls.setCapability(early, true); // caps before the roster batch was stored
    f.addBuddy(PersonId(2), f.work, early.handle, PresenceKind::Available);
    f.directory.flush(); // peopleChanged: the routes look again
    REQUIRE(f.directory.buddy(early));
    CHECK(f.directory.buddy(early)->voiceCapable);
}

TEST_CASE("routes: best presence first, then the last used route, described for the user")
{
    RoutesFixture f;
    const PersonId alice(1);
    const auto work = f.addBuddy(alice, f.work, QStringLiteral("alice@work.example"), PresenceKind::Away);
    const auto home = f.addBuddy(alice, f.home, QStringLiteral("alice@home.example"), PresenceKind::Available);
    f.calls.setCapability(work, true);
    f.calls.setCapability(home, true);

    auto route = f.routes.route(alice);
    REQUIRE(route);
    CHECK(route->buddy == home); // available beats away, whatever was used before
    CHECK(route->description == QStringLiteral("Calling Alice via XMPP, alice@home.example"));

    // Same presence: the buddy that carried the last call wins.
    f.directory.setPresence(work, Presence{PresenceKind::Available, {}, false}, 1000);
    f.routes.setLastCalls({{work, 5000}, {home, 100}});
    route = f.routes.route(alice);
    REQUIRE(route);
    CHECK(route->buddy == work);

    // A new call through the other one makes it the last used.
    f.calls.startCall(home, nullptr);
    route = f.routes.route(alice);
    REQUIRE(route);
    CHECK(route->buddy == home);
}

TEST_CASE("routes: no route gives the buddies' own reasons")
{
    RoutesFixture f;
    const PersonId alice(1);
    const auto work = f.addBuddy(alice, f.work, QStringLiteral("alice@work.example"), PresenceKind::Offline);
    f.addBuddy(alice, f.irc, QStringLiteral("alice"), PresenceKind::Available, QStringLiteral("prpl-irc"));
    f.calls.setCapability(work, false, QStringLiteral("alice@work.example is offline"));
    QString why;
    CHECK_FALSE(f.routes.route(alice, &why));
    CHECK(why.contains(QStringLiteral("Alice cannot be called")));
    CHECK(why.contains(QStringLiteral("alice@work.example is offline")));
    CHECK(why.contains(QStringLiteral("alice has no voice-capable client")));
    CHECK_FALSE(f.routes.route(PersonId(99), &why));
    CHECK_FALSE(why.isEmpty());
}

TEST_CASE("call policy: one active call, end-and-answer, missed calls counted")
{
    FakeCalls service;
    calls::CallCoordinator c(service);
    QSignalSpy incoming(&c, &calls::CallCoordinator::incomingCall);
    QSignalSpy missed(&c, &calls::CallCoordinator::missedCallsChanged);
    const BuddyAddress bob{AccountId(1), QStringLiteral("bob@example.org")};
    const BuddyAddress carol{AccountId(1), QStringLiteral("carol@example.org")};

    QString error;
    const CallKey first = c.startCall(bob, &error);
    REQUIRE(first != 0);
    CHECK(c.activeCall() == first);
    // A second outgoing call while in one is refused, saying why.
    CHECK(c.startCall(carol, &error) == 0);
    CHECK(error.contains(QStringLiteral("bob@example.org")));
    CHECK(service.started.size() == 1);

    service.remoteAnswered(first);
    const CallKey second = service.ring(carol);
    REQUIRE(incoming.size() == 1);
    CHECK(incoming.at(0).at(1).toBool()); // busy: offer "end and answer"

    c.answer(second); // end and answer
    CHECK(service.hungUp == QList<CallKey>{first});
    CHECK(service.answered == QList<CallKey>{second});
    CHECK(c.activeCall() == second);

    // A call that rings out unanswered is missed; a declined one is not.
    const CallKey third = service.ring(bob);
    service.end(third, CallEndReason::CancelledRemotely);
    const CallKey fourth = service.ring(bob);
    c.decline(fourth);
    CHECK(c.missedCalls() == 1);
    CHECK(missed.size() == 1);
    c.clearMissed();
    CHECK(c.missedCalls() == 0);

    service.end(second, CallEndReason::HungUpRemotely);
    CHECK(c.activeCall() == 0);
    // The protocol refusing to place a call reports its reason.
    service.failNextStart(QStringLiteral("The account is not connected."));
    CHECK(c.startCall(bob, &error) == 0);
    CHECK(error == QStringLiteral("The account is not connected."));
}
