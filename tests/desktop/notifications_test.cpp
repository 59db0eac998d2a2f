// SPDX-License-Identifier: GPL-3.0-or-later
// Notifications on a private session bus with a test listener owning
// org.freedesktop.Notifications: grouping, no storm, clicks, Busy, fallback.
#include "core/presence/globalstatus.h"
#include "tests/protocols/purplefixture.h"
#include "tests/support/desktop/sessionbus.h"
#include "tests/support/tempdir.h"
#include "tests/support/waitfor.h"
#include "ui/notifier.h"

#include <QDBusConnection>
#include <QDBusMessage>

#include <QFile>
#include <QUrl>

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

/// Records Notify calls like a notification server would receive them.
class NotificationListener : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Call
    {
        uint replaces;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
    };
    QList<Call> calls;
    QList<uint> closed;
    uint next = 1;

public Q_SLOTS:
    uint Notify(const QString &, uint replaces, const QString &, const QString &summary, const QString &body,
                const QStringList &actions, const QVariantMap &hints, int)
    {
        calls << Call{replaces, summary, body, actions, hints};
        return replaces ? replaces : next++;
    }
    void CloseNotification(uint id) { closed << id; }
    QStringList GetCapabilities() { return {QStringLiteral("body"), QStringLiteral("actions"), QStringLiteral("inline-reply")}; }
};

struct ListenerBus
{
    SessionBus bus;
    QDBusConnection connection{QStringLiteral("none")};
    NotificationListener listener;

    ListenerBus()
    {
        REQUIRE(bus.start());
        // Its own connection, as a separate server process would have.
        connection = QDBusConnection::connectToBus(bus.address(), QStringLiteral("listener"));
        REQUIRE(connection.isConnected());
        REQUIRE(connection.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &listener,
                                          QDBusConnection::ExportAllSlots));
        REQUIRE(connection.registerService(QStringLiteral("org.freedesktop.Notifications")));
    }
    void click(uint id)
    {
        QDBusMessage signal = QDBusMessage::createSignal(QStringLiteral("/org/freedesktop/Notifications"),
                                                         QStringLiteral("org.freedesktop.Notifications"),
                                                         QStringLiteral("ActionInvoked"));
        signal << id << QStringLiteral("default");
        connection.send(signal);
    }
    void reply(uint id, const QString &text)
    {
        QDBusMessage signal = QDBusMessage::createSignal(QStringLiteral("/org/freedesktop/Notifications"),
                                                         QStringLiteral("org.freedesktop.Notifications"),
                                                         QStringLiteral("NotificationReplied"));
        signal << id << text;
        connection.send(signal);
    }
};

} // namespace

TEST_CASE("Notifications: a burst of messages is one grouped notification per conversation, and a click opens it")
{
    ListenerBus lb;
    PurpleFixture f;
    f.start();
    GlobalStatus status(f.accounts(), f.roster());
    ui::Notifier notifier(status);
    notifier.setCoalesceMs(400);
    notifier.setSoundEnabled(ui::Notifier::Event::Message, false);
    QStringList activated;
    QObject::connect(&notifier, &ui::Notifier::activated, [&](const QString &key) { activated << key; });
    // Carol has a picture; Bob's lookup names a file that does not exist (no image-path then).
    TempDir pictures;
    const QString carolPicture = pictures.filePath(QStringLiteral("carol.png"));
    QFile png(carolPicture);
    REQUIRE(png.open(QIODevice::WriteOnly));
    png.write(QByteArray::fromBase64("iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGOQ6zmBFTEMLQkA+lVcgQfPPDgAAAAASUVORK5CYII="));
    png.close();
    notifier.setAvatarLookup([&](const QString &key) {
        return key.endsWith(QLatin1String("carol@localhost")) ? carolPicture : pictures.filePath(QStringLiteral("gone.png"));
    });

    for (int i = 1; i <= 20; ++i)
        notifier.message(QStringLiteral("im:1:bob@localhost"), QStringLiteral("Bob"), QStringLiteral("line %1").arg(i));
    notifier.message(QStringLiteral("im:1:carol@localhost"), QStringLiteral("Carol"), QStringLiteral("hi\nsecond line"));
    REQUIRE(waitFor([&] { return lb.listener.calls.size() >= 3; }, 3000));
    spin(600);
    // Bob: the first at once, then one update with all that came meanwhile; Carol: her own.
    CHECK(lb.listener.calls.size() == 3);
    CHECK(notifier.unread() == 21);
    const auto &bobLast = lb.listener.calls.last().summary == QLatin1String("Bob") ? lb.listener.calls.last()
                                                                                  : lb.listener.calls[1];
    CHECK(bobLast.body.contains(QLatin1String("20 new messages")));
    CHECK(bobLast.body.contains(QLatin1String("line 20")));
    CHECK(bobLast.replaces == 1); // updated in place
    const auto carol = std::find_if(lb.listener.calls.cbegin(), lb.listener.calls.cend(),
                                    [](const auto &c) { return c.summary == QLatin1String("Carol"); });
    REQUIRE(carol != lb.listener.calls.cend());
    CHECK(carol->body == QLatin1String("hi"));
    CHECK(carol->actions.contains(QLatin1String("default")));
    CHECK(carol->hints.value(QStringLiteral("category")).toString() == QLatin1String("im.received"));
    CHECK(carol->hints.value(QStringLiteral("image-path")).toString() == QUrl::fromLocalFile(carolPicture).toString());
    CHECK_FALSE(bobLast.hints.contains(QStringLiteral("image-path")));

    lb.click(1);
    REQUIRE(waitFor([&] { return !activated.isEmpty(); }, 3000));
    CHECK(activated.first() == QLatin1String("im:1:bob@localhost"));
    notifier.conversationSeen(QStringLiteral("im:1:bob@localhost"));
    CHECK(notifier.unread() == 1);
    REQUIRE(waitFor([&] { return lb.listener.closed.contains(1u); }, 3000));

    // Missed call and authorisation requests have their own categories.
    notifier.missedCall(QStringLiteral("call:1:bob@localhost"), QStringLiteral("Bob"));
    notifier.authorizationRequest(QStringLiteral("auth:1"), QStringLiteral("dave@localhost"), QStringLiteral("alice"));
    REQUIRE(waitFor([&] { return lb.listener.calls.size() == 5; }, 3000));
    CHECK(lb.listener.calls[3].hints.value(QStringLiteral("category")).toString() == QLatin1String("call.unanswered"));
    CHECK(notifier.missedCalls() == 1);
    CHECK(lb.listener.calls[4].summary == QLatin1String("Authorisation request"));
}

TEST_CASE("Notifications: a server with inline replies gets a Reply action and the answer comes back")
{
    ListenerBus lb;
    PurpleFixture f;
    f.start();
    GlobalStatus status(f.accounts(), f.roster());
    ui::Notifier notifier(status);
    REQUIRE(waitFor([&] { return notifier.offersInlineReply(); }, 3000));
    QList<QPair<QString, QString>> replies;
    QObject::connect(&notifier, &ui::Notifier::replied, [&](const QString &k, const QString &t) { replies << qMakePair(k, t); });
    notifier.message(QStringLiteral("im:1:bob@localhost"), QStringLiteral("Bob"), QStringLiteral("lunch?"));
    REQUIRE(waitFor([&] { return lb.listener.calls.size() == 1; }, 3000));
    CHECK(lb.listener.calls[0].actions.contains(QLatin1String("inline-reply")));
    spin(100); // the id has come back
    lb.reply(1, QStringLiteral("yes, at noon"));
    REQUIRE(waitFor([&] { return !replies.isEmpty(); }, 3000));
    CHECK(replies.first() == qMakePair(QStringLiteral("im:1:bob@localhost"), QStringLiteral("yes, at noon")));
}

TEST_CASE("Notifications: Busy counts messages but shows no popup")
{
    ListenerBus lb;
    PurpleFixture f;
    f.start();
    GlobalStatus status(f.accounts(), f.roster());
    status.setStatus({PresenceKind::Busy, {}, false});
    ui::Notifier notifier(status);
    int unread = 0;
    QObject::connect(&notifier, &ui::Notifier::unreadChanged, [&](int n) { unread = n; });
    notifier.message(QStringLiteral("im:1:bob@localhost"), QStringLiteral("Bob"), QStringLiteral("ping"));
    notifier.message(QStringLiteral("im:1:bob@localhost"), QStringLiteral("Bob"), QStringLiteral("ping"));
    spin(500);
    CHECK(lb.listener.calls.isEmpty());
    CHECK(unread == 2);
    status.setStatus({PresenceKind::Available, {}, false});
    notifier.message(QStringLiteral("im:1:bob@localhost"), QStringLiteral("Bob"), QStringLiteral("ping"));
    REQUIRE(waitFor([&] { return lb.listener.calls.size() == 1; }, 3000));
    CHECK(lb.listener.calls[0].body.contains(QLatin1String("3 new messages")));
}

TEST_CASE("Notifications: with no notification server the tray balloon takes over")
{
    SessionBus bus;
    REQUIRE(bus.start());
    PurpleFixture f;
    f.start();
    GlobalStatus status(f.accounts(), f.roster());
    ui::Notifier notifier(status);
    notifier.message(QStringLiteral("im:1:bob@localhost"), QStringLiteral("Bob"), QStringLiteral("ping"));
    CHECK(waitFor([&] { return notifier.usingFallback(); }, 5000));
    CHECK(notifier.unread() == 1);
}

#include "notifications_test.moc"

TEST_CASE("Notifications: an incoming call rings with Answer and Decline, and the choice comes back")
{
    ListenerBus lb;
    PurpleFixture f;
    f.start();
    GlobalStatus status(f.accounts(), f.roster());
    ui::Notifier notifier(status);
    notifier.setSoundEnabled(ui::Notifier::Event::IncomingCall, false); // no audio device in CI
    QStringList answered, declined;
    QObject::connect(&notifier, &ui::Notifier::callAnswerRequested, [&](const QString &k) { answered << k; });
    QObject::connect(&notifier, &ui::Notifier::callDeclineRequested, [&](const QString &k) { declined << k; });

    notifier.incomingCall(QStringLiteral("call:7"), QStringLiteral("Bob"), QStringLiteral("XMPP, bob@localhost"));
    REQUIRE(waitFor([&] { return lb.listener.calls.size() == 1; }, 3000));
    const auto &ring = lb.listener.calls.first();
    CHECK(ring.summary == QLatin1String("Incoming call from Bob"));
    CHECK(ring.body == QLatin1String("via XMPP, bob@localhost"));
    CHECK(ring.actions == QStringList{QStringLiteral("answer"), QStringLiteral("Answer"), QStringLiteral("decline"),
                                      QStringLiteral("Decline")});
    CHECK(ring.hints.value(QStringLiteral("category")).toString() == QLatin1String("call.incoming"));
    CHECK(ring.hints.value(QStringLiteral("urgency")).value<uchar>() == 2);

    auto invoke = [&](uint id, const QString &action) {
        QDBusMessage signal = QDBusMessage::createSignal(QStringLiteral("/org/freedesktop/Notifications"),
                                                         QStringLiteral("org.freedesktop.Notifications"),
                                                         QStringLiteral("ActionInvoked"));
        signal << id << action;
        lb.connection.send(signal);
    };
    REQUIRE(waitFor([&] { return lb.listener.calls.size() == 1; }, 3000));
    spin(100); // the Notify reply (our id) is in
    invoke(1, QStringLiteral("answer"));
    REQUIRE(waitFor([&] { return !answered.isEmpty(); }, 3000));
    CHECK(answered.first() == QLatin1String("call:7"));
    notifier.callSettled(QStringLiteral("call:7"));
    REQUIRE(waitFor([&] { return lb.listener.closed.contains(1u); }, 3000));
    CHECK_FALSE(notifier.isRinging());

    notifier.incomingCall(QStringLiteral("call:8"), QStringLiteral("Carol"), QStringLiteral("XMPP, carol@localhost"));
    REQUIRE(waitFor([&] { return lb.listener.calls.size() == 2; }, 3000));
    spin(100);
    invoke(2, QStringLiteral("decline"));
    REQUIRE(waitFor([&] { return !declined.isEmpty(); }, 3000));
    CHECK(declined.first() == QLatin1String("call:8"));
}
