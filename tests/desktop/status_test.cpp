// SPDX-License-Identifier: GPL-3.0-or-later
// The global status through real XMPP: what the tray menu picks, a peer sees on every account.
#include "core/presence/autoaway.h"
#include "core/presence/globalstatus.h"
#include "tests/protocols/purplefixture.h"
#include "tests/support/prosodyserver.h"
#include "tests/support/waitfor.h"
#include "ui/idlesources.h"
#include "ui/statusmenu.h"

#include <QAction>

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

/// An idle source the test moves by hand.
class FakeIdle : public IdleSource
{
public:
    std::optional<qint64> idleMs = 0;
    void query(std::function<void(std::optional<qint64>)> done) override { done(idleMs); }
    QString description() const override { return QStringLiteral("test"); }
};

struct Peers
{
    ProsodyServer server;
    PurpleFixture f;
    AccountId alice1;
    AccountId alice2;
    AccountId bob;

    Peers()
    {
        REQUIRE(server.addUser(QStringLiteral("alice1"), QStringLiteral("pw1")));
        REQUIRE(server.addUser(QStringLiteral("alice2"), QStringLiteral("pw2")));
        REQUIRE(server.addUser(QStringLiteral("bob"), QStringLiteral("pwb")));
        REQUIRE(server.setMutualRoster(QStringLiteral("bob"), {server.jid(QStringLiteral("alice1")),
                                                                 server.jid(QStringLiteral("alice2"))}));
        REQUIRE(server.setMutualRoster(QStringLiteral("alice1"), {server.jid(QStringLiteral("bob"))}));
        REQUIRE(server.setMutualRoster(QStringLiteral("alice2"), {server.jid(QStringLiteral("bob"))}));
        REQUIRE(server.start());
        f.pinCertificate(server.certificatePem());
        f.start();
        alice1 = f.addXmppAccount(server.jid(QStringLiteral("alice1")), QStringLiteral("pw1"), server.port(), true);
        alice2 = f.addXmppAccount(server.jid(QStringLiteral("alice2")), QStringLiteral("pw2"), server.port(), true);
        bob = f.addXmppAccount(server.jid(QStringLiteral("bob")), QStringLiteral("pwb"), server.port(), true);
        for (AccountId id : {alice1, alice2, bob})
            REQUIRE(f.waitForState(id, ConnectionState::Connected));
    }

    /// alice's presence as bob's roster shows it.
    Presence seenByBob(const QString &alice)
    {
        const auto b = f.roster().buddy({bob, server.jid(alice)});
        return b ? b->presence : Presence{};
    }
    bool bobSees(PresenceKind kind, const QString &message = {})
    {
        return waitFor([&] {
            for (const QString &a : {QStringLiteral("alice1"), QStringLiteral("alice2")}) {
                const Presence p = seenByBob(a);
                if (p.kind != kind || (!message.isNull() && p.message != message))
                    return false;
            }
            return true;
        });
    }
};

} // namespace

TEST_CASE("Global status: Away chosen in the tray menu is seen by a peer on every account, and a custom message too")
{
    Peers p;
    GlobalStatus status(p.f.accounts(), p.f.roster());
    // bob is the peer living in the same libpurple: his account keeps its own status.
    status.setOverride(p.bob, Presence{PresenceKind::Available, {}, false});
    ui::StatusMenu menu(status, p.f.accounts());
    REQUIRE(p.bobSees(PresenceKind::Available));

    menu.actionFor(PresenceKind::Away)->trigger();
    CHECK(p.bobSees(PresenceKind::Away));
    CHECK(status.chosen().kind == PresenceKind::Away);
    CHECK(p.f.roster().ownPresence(p.bob).kind == PresenceKind::Available);

    status.setStatus({PresenceKind::Busy, QStringLiteral("In a meeting until 3"), false});
    CHECK(p.bobSees(PresenceKind::Busy, QStringLiteral("In a meeting until 3")));
    CHECK(menu.actionFor(PresenceKind::Busy)->isChecked());
    REQUIRE(status.recent().size() == 1);

    // Offline disconnects every account without an override; Available brings them back.
    menu.actionFor(PresenceKind::Offline)->trigger();
    REQUIRE(p.f.waitForState(p.alice1, ConnectionState::Disconnected));
    REQUIRE(p.f.waitForState(p.alice2, ConnectionState::Disconnected));
    CHECK(p.bobSees(PresenceKind::Offline));
    menu.actionFor(PresenceKind::Available)->trigger();
    REQUIRE(p.f.waitForState(p.alice1, ConnectionState::Connected));
    REQUIRE(p.f.waitForState(p.alice2, ConnectionState::Connected));
    CHECK(p.bobSees(PresenceKind::Available));

    // A per-account override: alice2 invisible-ish (away on XMPP's nearest) while alice1 follows.
    status.setOverride(p.alice2, Presence{PresenceKind::Away, QStringLiteral("only here"), false});
    CHECK(waitFor([&] { return p.seenByBob(QStringLiteral("alice2")).message == QLatin1String("only here"); }));
    CHECK(p.seenByBob(QStringLiteral("alice1")).kind == PresenceKind::Available);
}

TEST_CASE("Global status: idle goes away and activity comes back, seen by a peer")
{
    Peers p;
    GlobalStatus status(p.f.accounts(), p.f.roster());
    status.setOverride(p.bob, Presence{PresenceKind::Available, {}, false});
    status.setStatus({PresenceKind::Available, QStringLiteral("at my desk"), false});
    FakeIdle idle;
    AutoAway autoAway(status, idle);
    autoAway.setThresholdMs(60000);
    autoAway.setPollIntervalMs(50);
    REQUIRE(p.bobSees(PresenceKind::Available, QStringLiteral("at my desk")));

    idle.idleMs = 61000;
    CHECK(p.bobSees(PresenceKind::Away, QStringLiteral("at my desk")));
    CHECK(status.isAutoAway());
    CHECK(status.chosen().kind == PresenceKind::Available); // the choice is not forgotten

    idle.idleMs = 200;
    CHECK(p.bobSees(PresenceKind::Available, QStringLiteral("at my desk")));
    CHECK_FALSE(status.isAutoAway());

    // Busy is never lowered to away; an idle source that cannot tell says so.
    status.setStatus({PresenceKind::Busy, {}, false});
    idle.idleMs = 61000;
    spin(300);
    CHECK(status.effective().kind == PresenceKind::Busy);
    idle.idleMs = std::nullopt;
    CHECK(waitFor([&] { return !autoAway.isAvailable(); }));
}

TEST_CASE("Global status: restored at the next start with recent, saved statuses and overrides")
{
    PurpleFixture f;
    f.start();
    TempDir dir;
    const QString file = dir.filePath(QStringLiteral("desktop.ini"));
    {
        GlobalStatus status(f.accounts(), f.roster(), file);
        status.setStatus({PresenceKind::Away, QStringLiteral("lunch"), false});
        status.saveStatus({PresenceKind::Busy, QStringLiteral("focus"), false});
        status.setOverride(AccountId(7), Presence{PresenceKind::Invisible, {}, false});
    }
    GlobalStatus again(f.accounts(), f.roster(), file);
    CHECK(again.chosen() == Presence{PresenceKind::Away, QStringLiteral("lunch"), false});
    REQUIRE(again.saved().size() == 1);
    CHECK(again.saved().first().message == QLatin1String("focus"));
    CHECK(again.recent().first().message == QLatin1String("lunch"));
    CHECK(again.overrideFor(AccountId(7))->kind == PresenceKind::Invisible);
}

TEST_CASE("Global status: with no X server and no ScreenSaver service, idle time says it is not available")
{
    // This test runs offscreen with no session bus: neither source exists.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "disabled:");
    PurpleFixture f;
    f.start();
    GlobalStatus status(f.accounts(), f.roster());
    std::unique_ptr<IdleSource> idle = ui::makeDesktopIdleSource();
    CHECK(idle->description().startsWith(QLatin1String("not available")));
    AutoAway autoAway(status, *idle);
    autoAway.poll();
    CHECK_FALSE(autoAway.isAvailable());
    CHECK_FALSE(status.isAutoAway());
}

TEST_CASE("Global status: the tray menu chooses after how many idle minutes Away is set")
{
    PurpleFixture f;
    f.start();
    GlobalStatus status(f.accounts(), f.roster());
    ui::StatusMenu menu(status, f.accounts());
    QList<int> chosen;
    QObject::connect(&menu, &ui::StatusMenu::idleAwayChosen, [&](int minutes) { chosen << minutes; });

    menu.setIdleAway(10, true);
    const QList<QAction *> items = menu.idleMenu()->actions();
    auto item = [&](const QString &text) {
        const auto it = std::find_if(items.cbegin(), items.cend(), [&](QAction *a) { return a->text() == text; });
        return it == items.cend() ? nullptr : *it;
    };
    REQUIRE(item(QStringLiteral("After 10 minutes")));
    CHECK(item(QStringLiteral("After 10 minutes"))->isChecked());
    REQUIRE(item(QStringLiteral("Never")));
    item(QStringLiteral("After 30 minutes"))->trigger();
    item(QStringLiteral("Never"))->trigger();
    CHECK(chosen == QList<int>{30, 0});

    // A value edited by hand into desktop.ini is shown as it is; without idle time, it says why.
    menu.setIdleAway(7, false, QStringLiteral("no X server and no ScreenSaver service"));
    const QList<QAction *> after = menu.idleMenu()->actions();
    const auto seven = std::find_if(after.cbegin(), after.cend(),
                                    [](QAction *a) { return a->text() == QLatin1String("After 7 minutes"); });
    REQUIRE(seven != after.cend());
    CHECK((*seven)->isChecked());
    CHECK_FALSE((*seven)->isEnabled());
    CHECK(std::any_of(after.cbegin(), after.cend(), [](QAction *a) {
        return a->isVisible() && a->text() == QLatin1String("Not available: no X server and no ScreenSaver service");
    }));
}
