// SPDX-License-Identifier: GPL-3.0-or-later
// libpurple's XMPP prpl through Crosstalk's adapters against a real Prosody on loopback.
#include "tests/protocols/purplefixture.h"
#include "tests/support/freeport.h"
#include "tests/support/prosodyserver.h"
#include "tests/support/waitfor.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>

#include <catch2/catch.hpp>

#include <algorithm>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

void startServer(ProsodyServer &server, const QStringList &users, bool mutual)
{
    QString error;
    for (const QString &user : users)
        REQUIRE(server.addUser(user, user + QStringLiteral("pw"), &error));
    if (mutual)
        REQUIRE(server.setEveryoneBuddies(users));
    INFO(error.toStdString());
    REQUIRE(server.start(&error));
}

std::optional<Presence> presenceSeen(PurpleFixture &f, AccountId account, const QString &handle)
{
    const auto buddy = f.roster().buddy({account, handle});
    return buddy ? std::optional<Presence>(buddy->presence) : std::nullopt;
}

} // namespace

TEST_CASE("XMPP: two accounts sign on over pinned STARTTLS, authorise each other and follow presence")
{
    ProsodyServer server;
    startServer(server, {QStringLiteral("alice"), QStringLiteral("bob")}, false);
    PurpleFixture f;
    f.pinCertificate(server.certificatePem());
    f.start();
    f.answerPrompts(Prompt::Kind::Authorization, {QStringLiteral("Authorize")});

    QElapsedTimer clock;
    clock.start();
    const AccountId alice = f.addXmppAccount(server.jid(QStringLiteral("alice")), QStringLiteral("alicepw"), server.port(), true);
    const AccountId bob = f.addXmppAccount(server.jid(QStringLiteral("bob")), QStringLiteral("bobpw"), server.port(), true);
    REQUIRE(f.waitForState(alice, ConnectionState::Connected));
    REQUIRE(f.waitForState(bob, ConnectionState::Connected));
    WARN("two XMPP accounts signed on with STARTTLS in " << clock.elapsed() << " ms");
    CHECK(f.openPrompts().isEmpty()); // the pinned certificate raised no trust prompt

    const QString bobJid = server.jid(QStringLiteral("bob"));
    const QString aliceJid = server.jid(QStringLiteral("alice"));
    // Each adds the other; each authorises the other's request (prompts answered by rule).
    f.roster().addBuddy({alice, bobJid}, QStringLiteral("Friends"), QStringLiteral("Bob"));
    f.roster().addBuddy({bob, aliceJid}, QStringLiteral("Friends"), QStringLiteral("Alice"));
    REQUIRE(waitFor([&] {
        const auto p = presenceSeen(f, alice, bobJid);
        return p && p->kind == PresenceKind::Available;
    }, 15000));
    REQUIRE(waitFor([&] {
        const auto p = presenceSeen(f, bob, aliceJid);
        return p && p->kind == PresenceKind::Available;
    }, 15000));

    QSignalSpy presenceSpy(&f.roster(), &RosterService::buddyPresenceChanged);
    f.roster().setOwnPresence(bob, {PresenceKind::Away, QStringLiteral("out to lunch"), false});
    REQUIRE(waitFor([&] {
        const auto p = presenceSeen(f, alice, bobJid);
        return p && p->kind == PresenceKind::Away && p->message == QStringLiteral("out to lunch");
    }));
    CHECK(f.roster().ownPresence(bob).kind == PresenceKind::Away);
    CHECK(presenceSpy.count() >= 1);

    f.accounts().disconnectAccount(bob);
    REQUIRE(waitFor([&] {
        const auto p = presenceSeen(f, alice, bobJid);
        return p && p->kind == PresenceKind::Offline;
    }));
    CHECK(f.state(bob) == ConnectionState::Disconnected);
}

namespace {

/// Two signed-on accounts that are each other's buddies, for the message tests.
struct MessagingPair
{
    MessagingPair()
    {
        startServer(server, {QStringLiteral("alice"), QStringLiteral("bob")}, true);
        f.pinCertificate(server.certificatePem());
        f.start();
        alice = f.addXmppAccount(server.jid(QStringLiteral("alice")), QStringLiteral("alicepw"), server.port(), true);
        bob = f.addXmppAccount(server.jid(QStringLiteral("bob")), QStringLiteral("bobpw"), server.port(), true);
        REQUIRE(f.waitForState(alice, ConnectionState::Connected));
        REQUIRE(f.waitForState(bob, ConnectionState::Connected));
        toBob = {alice, server.jid(QStringLiteral("bob"))};
        toAlice = {bob, server.jid(QStringLiteral("alice"))};
        // "Connected" comes before the initial presence; a message to a bare JID with no
        // available resource yet would bounce. Talk once each sees the other online.
        REQUIRE(waitFor([&] {
            const auto b = f.roster().buddy(toBob);
            const auto a = f.roster().buddy(toAlice);
            return a && b && a->presence.isOnline() && b->presence.isOnline();
        }));
    }

    QList<ImMessage> receivedBy(AccountId account) const
    {
        QList<ImMessage> out;
        for (const ImMessage &m : std::as_const(f.received)) {
            if (m.peer.account == account)
                out << m;
        }
        return out;
    }

    ProsodyServer server;
    PurpleFixture f;
    AccountId alice;
    AccountId bob;
    BuddyAddress toBob;
    BuddyAddress toAlice;
};

} // namespace

TEST_CASE("XMPP: Unicode messages both ways with latency")
{
    MessagingPair p;
    const QString hello = QStringLiteral("Grüße, 世界! 👋 Привет — ½ ∑ ﷽");
    std::vector<qint64> micros;
    for (int i = 0; i < 20; ++i) {
        const qsizetype before = p.receivedBy(p.bob).size();
        QElapsedTimer t;
        t.start();
        REQUIRE(p.f.messaging().sendIm(p.toBob, hello + QString::number(i)) == SendResult::Sent);
        REQUIRE(waitFor([&] { return p.receivedBy(p.bob).size() > before; }, 5000));
        micros.push_back(t.nsecsElapsed() / 1000);
    }
    std::sort(micros.begin(), micros.end());
    WARN("XMPP message latency A->B over loopback: median " << micros[micros.size() / 2] / 1000.0
         << " ms, max " << micros.back() / 1000.0 << " ms");
    const ImMessage got = p.receivedBy(p.bob).last();
    CHECK(got.body == hello + QStringLiteral("19"));
    CHECK(got.peer.handle == p.server.jid(QStringLiteral("alice")));
    CHECK(got.direction == MessageDirection::Incoming);

    REQUIRE(p.f.messaging().sendIm(p.toAlice, QStringLiteral("ответ ✓")) == SendResult::Sent);
    REQUIRE(waitFor([&] { return !p.receivedBy(p.alice).isEmpty(); }));
    CHECK(p.receivedBy(p.alice).last().body == QStringLiteral("ответ ✓"));
    CHECK(p.receivedBy(p.alice).last().peer.handle == p.server.jid(QStringLiteral("bob")));
    CHECK_FALSE(p.f.sent.isEmpty()); // our own lines are reported as sent
}

TEST_CASE("XMPP: a 10 kB message body arrives whole")
{
    MessagingPair p;
    QString big;
    while (big.size() < 10 * 1024)
        big += QStringLiteral("0123456789abcdefghijklmnopqrstuvwxyzäöü ");
    REQUIRE(p.f.messaging().sendIm(p.toBob, big) == SendResult::Sent);
    REQUIRE(waitFor([&] { return !p.receivedBy(p.bob).isEmpty(); }));
    CHECK(p.receivedBy(p.bob).last().body == big);
}

TEST_CASE("XMPP: a burst of 200 messages arrives in order with none lost")
{
    MessagingPair p;
    for (int i = 0; i < 200; ++i)
        REQUIRE(p.f.messaging().sendIm(p.toBob, QStringLiteral("burst %1").arg(i)) == SendResult::Sent);
    const bool all = waitFor([&] { return p.receivedBy(p.bob).size() >= 200; }, 30000);
    INFO("received " << p.receivedBy(p.bob).size());
    REQUIRE(all);
    const auto got = p.receivedBy(p.bob);
    REQUIRE(got.size() == 200);
    for (int i = 0; i < 200; ++i)
        CHECK(got[i].body == QStringLiteral("burst %1").arg(i));
    spin(300);
    CHECK(p.receivedBy(p.bob).size() == 200);
    // History belongs in Crosstalk's store: libpurple wrote no HTML logs of its own.
    CHECK_FALSE(QDir(p.f.userDir() + QStringLiteral("/logs")).exists());
}

TEST_CASE("XMPP: a wrong password ends in an error with the server's reason, without retrying")
{
    ProsodyServer server;
    startServer(server, {QStringLiteral("alice")}, false);
    PurpleFixture f;
    f.pinCertificate(server.certificatePem());
    f.start();
    QSignalSpy retries(&f.accounts(), &AccountService::reconnectScheduled);
    const AccountId alice = f.addXmppAccount(server.jid(QStringLiteral("alice")), QStringLiteral("wrong"), server.port(), true);
    REQUIRE(f.waitForState(alice, ConnectionState::Error));
    INFO(f.lastError(alice).toStdString());
    CHECK(f.lastError(alice).contains(QStringLiteral("Incorrect username or password"), Qt::CaseInsensitive));
    spin(1500);
    CHECK(f.state(alice) == ConnectionState::Error);
    CHECK(retries.isEmpty());
}

TEST_CASE("XMPP: an unreachable port gives a clear connection error within seconds")
{
    PurpleFixture f;
    f.start();
    const quint16 port = freeTcpPort(); // nothing listens there
    QElapsedTimer clock;
    clock.start();
    QSignalSpy retries(&f.accounts(), &AccountService::reconnectScheduled);
    const AccountId alice = f.addXmppAccount(QStringLiteral("alice@localhost"), QStringLiteral("x"), port, false);
    REQUIRE(f.waitForState(alice, ConnectionState::Error, 5000));
    CHECK(clock.elapsed() < 5000);
    INFO(f.lastError(alice).toStdString());
    CHECK(f.lastError(alice).contains(QStringLiteral("Unable to connect"), Qt::CaseInsensitive));
    CHECK(f.lastError(alice).contains(QStringLiteral("127.0.0.1:%1").arg(port)));
    CHECK(retries.count() >= 1); // a network error is worth retrying
}

TEST_CASE("XMPP: a server killed while connected is noticed, and its restart reconnects by itself")
{
    ProsodyServer server;
    startServer(server, {QStringLiteral("alice")}, false);
    PurpleFixture f;
    f.pinCertificate(server.certificatePem());
    f.start();
    const AccountId alice = f.addXmppAccount(server.jid(QStringLiteral("alice")), QStringLiteral("alicepw"), server.port(), true);
    REQUIRE(f.waitForState(alice, ConnectionState::Connected));

    QElapsedTimer clock;
    clock.start();
    server.kill();
    REQUIRE(f.waitForState(alice, ConnectionState::Error, 5000));
    WARN("server loss noticed after " << clock.elapsed() << " ms: " << f.lastError(alice).toStdString());
    CHECK_FALSE(f.lastError(alice).isEmpty());

    QString error;
    REQUIRE(server.restart(&error));
    REQUIRE(f.waitForState(alice, ConnectionState::Connected, 15000));
}

TEST_CASE("XMPP: signs on to a plaintext server when the account does not require TLS")
{
    ProsodyServer server(ProsodyServer::Options{false, false});
    startServer(server, {QStringLiteral("alice")}, false);
    PurpleFixture f;
    f.start();
    const AccountId alice = f.addXmppAccount(server.jid(QStringLiteral("alice")), QStringLiteral("alicepw"), server.port(), false);
    REQUIRE(f.waitForState(alice, ConnectionState::Connected));
    f.accounts().disconnectAccount(alice);
    CHECK(f.state(alice) == ConnectionState::Disconnected);
}
