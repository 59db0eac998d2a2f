// SPDX-License-Identifier: GPL-3.0-or-later
// Conversations end to end through a real Prosody: durable storage, typing, hostile HTML
// rendered safe, the offline queue across a server restart, and group chats.
#include "core/conversations/accountrows.h"
#include "core/conversations/conversationhub.h"
#include "core/history/historyreader.h"
#include "core/history/historyrecorder.h"
#include "core/store/connection.h"
#include "core/store/messagerepository.h"
#include "core/store/store.h"
#include "tests/protocols/purplefixture.h"
#include "tests/support/prosodyserver.h"
#include "tests/support/tempdir.h"
#include "tests/support/waitfor.h"
#include "ui/messagedocument.h"

#include <QApplication>
#include <QTextBlock>
#include <QTextFragment>

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

/// Prosody with alice, bob and carol as mutual buddies, all three signed on in one libpurple,
/// and Crosstalk's conversation layer (store, recorder, hub) over it.
struct Peers
{
    explicit Peers(conversations::Outbox::Options options = {})
        : server(ProsodyServer::Options{.tls = false, .offlineStorage = true})
    {
        const QStringList users = {QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol")};
        for (const QString &user : users)
            REQUIRE(server.addUser(user, user + QStringLiteral("pw")));
        REQUIRE(server.setEveryoneBuddies(users));
        REQUIRE(server.start());
        f.start();
        f.answerPrompts(Prompt::Kind::Question, {QStringLiteral("Accept Defaults"), QStringLiteral("_Accept Defaults")});
        alice = f.addXmppAccount(server.jid(QStringLiteral("alice")), QStringLiteral("alicepw"), server.port(), false);
        bob = f.addXmppAccount(server.jid(QStringLiteral("bob")), QStringLiteral("bobpw"), server.port(), false);
        carol = f.addXmppAccount(server.jid(QStringLiteral("carol")), QStringLiteral("carolpw"), server.port(), false);
        REQUIRE(f.waitForState(alice, ConnectionState::Connected));
        REQUIRE(f.waitForState(bob, ConnectionState::Connected));
        REQUIRE(f.waitForState(carol, ConnectionState::Connected));
        toBob = {alice, server.jid(QStringLiteral("bob"))};
        toAlice = {bob, server.jid(QStringLiteral("alice"))};
        REQUIRE(waitFor([&] {
            const auto b = f.roster().buddy(toBob);
            const auto a = f.roster().buddy(toAlice);
            return a && b && a->presence.isOnline() && b->presence.isOnline();
        }));

        store = std::make_unique<store::Store>(dir.filePath(QStringLiteral("crosstalk.sqlite")));
        store->open().waitForFinished();
        conversations::mirrorAccounts(*store, f.accounts().accounts()).waitForFinished();
        recorder = std::make_unique<history::HistoryRecorder>(*store);
        reader = std::make_unique<history::HistoryReader>(*store);
        hub = std::make_unique<conversations::ConversationHub>(*store, *recorder, f.messaging(), f.chats(),
                                                               f.accounts(), options);
        QObject::connect(hub.get(), &conversations::ConversationHub::messageStored,
                         [this](const store::StoredMessage &m) { stored << m; });
    }
    ~Peers()
    {
        hub.reset();
        reader.reset();
        recorder.reset();
        store.reset();
    }

    QList<store::StoredMessage> storedFor(AccountId account, MessageDirection direction) const
    {
        QList<store::StoredMessage> out;
        for (const store::StoredMessage &m : stored) {
            if (m.account == account && m.direction == direction)
                out << m;
        }
        return out;
    }
    std::optional<store::StoredMessage> fromStore(MessageId id)
    {
        return store->write([id](store::Connection &db) { return store::MessageRepository(db).get(id); }).result();
    }

    ProsodyServer server;
    PurpleFixture f;
    AccountId alice, bob, carol;
    BuddyAddress toBob, toAlice;
    TempDir dir;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<history::HistoryRecorder> recorder;
    std::unique_ptr<history::HistoryReader> reader;
    std::unique_ptr<conversations::ConversationHub> hub;
    QList<store::StoredMessage> stored;
};

} // namespace

TEST_CASE("XMPP conversations: typing notifications reach the peer both ways")
{
    Peers p;
    QList<std::pair<BuddyAddress, TypingState>> seen;
    QObject::connect(p.hub.get(), &conversations::ConversationHub::typingChanged,
                     [&](const BuddyAddress &from, TypingState s) { seen.append({from, s}); });
    p.hub->sendTyping(p.toBob, TypingState::Typing);
    REQUIRE(waitFor([&] { return !seen.isEmpty(); }, 5000));
    CHECK(seen.last().first == p.toAlice); // bob's account sees alice typing
    CHECK(seen.last().second == TypingState::Typing);
    p.hub->sendTyping(p.toBob, TypingState::NotTyping);
    REQUIRE(waitFor([&] { return seen.last().second == TypingState::NotTyping; }, 5000));
    p.hub->sendTyping(p.toAlice, TypingState::Typing);
    REQUIRE(waitFor([&] { return seen.last().first == p.toBob && seen.last().second == TypingState::Typing; }, 5000));
}

TEST_CASE("XMPP conversations: a message is marked delivered when the peer's client confirms it (XEP-0184)")
{
    Peers p;
    QList<std::pair<MessageId, store::MessageState>> states;
    QObject::connect(p.hub.get(), &conversations::ConversationHub::messageStateChanged,
                     [&](MessageId id, store::MessageState s, const QString &) { states.append({id, s}); });
    p.hub->sendText(p.toBob, QStringLiteral("are you there?"));
    REQUIRE(waitFor([&] { return p.storedFor(p.alice, MessageDirection::Outgoing).size() == 1; }));
    const MessageId id = p.storedFor(p.alice, MessageDirection::Outgoing).first().id;
    REQUIRE(waitFor([&] { return !states.isEmpty() && states.last().second == store::MessageState::Delivered; }, 10000));
    CHECK(states.first() == std::pair{id, store::MessageState::Sent});
    CHECK(states.last().first == id);
    REQUIRE(waitFor([&] { return p.fromStore(id)->state == store::MessageState::Delivered; }));
    CHECK(p.storedFor(p.bob, MessageDirection::Incoming).size() == 1);
    CHECK(p.storedFor(p.alice, MessageDirection::Incoming).isEmpty()); // the receipt is no message

    // No receipt for a stranger: a message from someone not on Bob's list earns none (it would
    // tell the stranger Bob is online); Alice's receipt request still reaches Bob's list only.
    QList<std::pair<BuddyAddress, QString>> confirmations;
    QObject::connect(&p.f.messaging(), &MessagingService::imDelivered,
                     [&](const BuddyAddress &from, const QString &receipt) { confirmations.append({from, receipt}); });
    REQUIRE(p.server.addUser(QStringLiteral("stranger"), QStringLiteral("strangerpw")));
    const AccountId stranger = p.f.addXmppAccount(p.server.jid(QStringLiteral("stranger")), QStringLiteral("strangerpw"),
                                                  p.server.port(), false);
    REQUIRE(p.f.waitForState(stranger, ConnectionState::Connected));
    const BuddyAddress strangerToBob{stranger, p.server.jid(QStringLiteral("bob"))};
    REQUIRE(p.f.messaging().sendIm(strangerToBob, QStringLiteral("hi, who is this?")) == SendResult::Sent);
    CHECK_FALSE(p.f.messaging().lastReceiptId().isEmpty());
    REQUIRE(waitFor([&] {
        return std::any_of(p.f.received.cbegin(), p.f.received.cend(),
                           [](const ImMessage &m) { return m.body.contains(QLatin1String("who is this")); });
    }, 10000));
    spin(1000); // a receipt would be back by now
    for (const auto &[from, receipt] : std::as_const(confirmations))
        CHECK(from.account != stranger);
}

TEST_CASE("XMPP conversations: hostile HTML is stored as received and rendered safe")
{
    Peers p;
    QString hostile = QStringLiteral(
        "<img src=\"http://tracker.example/p.gif\"><script>alert('x')</script>"
        "<a href=\"javascript:alert(1)\">click</a> <a href=\"https://example.org/ok\">ok</a> "
        "<span style=\"position:fixed;top:0;font-size:0\">overlay</span> invoice\u202Egpj.exe ");
    // A large body too (libpurple sends it twice, as XHTML-IM and as text, and Prosody's
    // default stanza limit is 256 kB; the 1 MB case is rendered in ui_conversation_tests).
    while (hostile.size() < 30 * 1024)
        hostile += QStringLiteral("padding ");
    p.hub->sendText(p.toBob, QStringLiteral("hello")); // through the outbox, for the state check
    REQUIRE(p.f.messaging().sendIm(p.toBob, hostile) == SendResult::Sent);
    REQUIRE(waitFor([&] { return p.storedFor(p.bob, MessageDirection::Incoming).size() == 2; }, 10000));
    // The hostile one overtakes "hello", which waits for its store commit first.
    store::StoredMessage got;
    for (const store::StoredMessage &m : p.storedFor(p.bob, MessageDirection::Incoming)) {
        if (m.body.size() > got.body.size())
            got = m;
    }
    ImMessage wire;
    for (const ImMessage &m : std::as_const(p.f.received)) {
        if (m.body.size() > wire.body.size())
            wire = m;
    }
    INFO("as received: " << got.body.left(400).toStdString());
    CHECK(got.body == wire.body); // exactly what libpurple handed over
    CHECK(got.body.size() > 25 * 1024);
    CHECK(p.fromStore(got.id)->body == wire.body);

    const auto doc = ui::renderMessageBody(got.body, QApplication::font());
    doc->setTextWidth(600);
    REQUIRE(doc->size().height() > 0);
    CHECK(doc->resourceRequests() == 0);
    QStringList anchors;
    int images = 0;
    for (QTextBlock block = doc->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat format = it.fragment().charFormat();
            images += format.isImageFormat() ? 1 : 0;
            if (format.isAnchor())
                anchors << format.anchorHref();
        }
    }
    const QString text = doc->toPlainText();
    CHECK(images == 0);
    for (const QString &a : anchors)
        CHECK((a.startsWith(QLatin1String("https://")) || a.startsWith(QLatin1String("http://"))));
    // libpurple's XHTML-IM turned the script element into escaped text: it may show as
    // literal characters, never as code; the javascript: link is plain text "click".
    CHECK(anchors == QStringList{QStringLiteral("https://example.org/ok")});
    CHECK(text.contains(QLatin1String("click ok")));
    CHECK(text.contains(QStringLiteral("invoice[U+202E]gpj.exe")));
    CHECK(text.contains(QLatin1String("more characters not shown")));

    // Our plain "hello" went Pending -> Sent -> Delivered (Bob's Crosstalk confirmed it) in the store.
    const auto ours = p.storedFor(p.alice, MessageDirection::Outgoing);
    REQUIRE(ours.size() == 1);
    REQUIRE(waitFor([&] { return p.fromStore(ours[0].id)->state == store::MessageState::Delivered; }));
}

TEST_CASE("XMPP conversations: messages written while the server is down arrive exactly once after it returns")
{
    Peers p;
    p.server.kill();
    REQUIRE(waitFor([&] { return p.f.state(p.alice) != ConnectionState::Connected; }, 15000));
    for (int i = 0; i < 3; ++i)
        p.hub->sendText(p.toBob, QStringLiteral("written offline %1").arg(i));
    REQUIRE(waitFor([&] { return p.storedFor(p.alice, MessageDirection::Outgoing).size() == 3; }));
    for (const store::StoredMessage &m : p.storedFor(p.alice, MessageDirection::Outgoing))
        CHECK(m.state == store::MessageState::Pending);
    CHECK(p.hub->outbox().queued() == 3);

    REQUIRE(p.server.restart());
    REQUIRE(p.f.waitForState(p.alice, ConnectionState::Connected, 20000));
    REQUIRE(p.f.waitForState(p.bob, ConnectionState::Connected, 20000));
    const auto receivedByBob = [&] {
        QStringList bodies;
        for (const ImMessage &m : std::as_const(p.f.received)) {
            if (m.peer.account == p.bob && m.body.startsWith(QLatin1String("written offline")))
                bodies << m.body;
        }
        return bodies;
    };
    REQUIRE(waitFor([&] { return receivedByBob().size() >= 3; }, 20000));
    spin(2000); // anything duplicated would arrive by now
    CHECK(receivedByBob() == QStringList{QStringLiteral("written offline 0"), QStringLiteral("written offline 1"),
                                          QStringLiteral("written offline 2")});
    for (const store::StoredMessage &m : p.storedFor(p.alice, MessageDirection::Outgoing))
        REQUIRE(waitFor([&] { return p.fromStore(m.id)->state == store::MessageState::Delivered; }));
    // Bob's side stored each once too.
    CHECK(p.storedFor(p.bob, MessageDirection::Incoming).size() == 3);
}

TEST_CASE("XMPP conversations: a MUC with three accounts - join, talk, topic, nick change, kick, searchable history")
{
    Peers p;
    const QString roomName = QStringLiteral("dev@conference.localhost");
    const ChatAddress aliceRoom{p.alice, roomName}, bobRoom{p.bob, roomName}, carolRoom{p.carol, roomName};
    QList<ChatAddress> joined;
    QObject::connect(&p.f.chats(), &GroupChatService::joined, [&](const ChatAddress &c) { joined << c; });
    p.f.chats().joinChat(aliceRoom, QStringLiteral("alice"), {});
    REQUIRE(waitFor([&] { return joined.contains(aliceRoom); }, 10000)); // alice creates it: owner
    // One after the other: a new room stays locked until its owner has configured it.
    REQUIRE(waitFor([&] { return p.f.chats().participantList(aliceRoom).size() == 1 && p.f.openPrompts().isEmpty(); }));
    spin(300);
    p.f.chats().joinChat(bobRoom, QStringLiteral("bob"), {});
    REQUIRE(waitFor([&] { return joined.contains(bobRoom); }, 10000));
    p.f.chats().joinChat(carolRoom, QStringLiteral("carol"), {});
    REQUIRE(waitFor([&] { return joined.contains(carolRoom); }, 10000));
    REQUIRE(waitFor([&] { return p.f.chats().participants(aliceRoom).size() == 3; }));
    CHECK(p.f.chats().ownNick(aliceRoom) == "alice");
    const auto roles = p.f.chats().participantList(aliceRoom);
    const auto aliceEntry = std::find_if(roles.cbegin(), roles.cend(), [](const ChatParticipant &c) { return c.nick == u"alice"; });
    REQUIRE(aliceEntry != roles.cend());
    CHECK(aliceEntry->role >= ChatParticipant::Role::Operator);

    // Talk: everyone's copy of the room is stored, our own line as sent.
    REQUIRE(p.hub->sendChatText(aliceRoom, QStringLiteral("welcome to the garden room")));
    REQUIRE(waitFor([&] {
        int copies = 0;
        for (const store::StoredMessage &m : p.stored)
            copies += m.plainText == u"welcome to the garden room";
        return copies == 3;
    }, 10000));
    REQUIRE(p.hub->sendChatText(bobRoom, QStringLiteral("carol: are you there?")));
    REQUIRE(waitFor([&] {
        return std::any_of(p.f.chatMessages.cbegin(), p.f.chatMessages.cend(), [&](const ChatMessage &m) {
            return m.chat == carolRoom && m.body.contains(QLatin1String("are you there")) && m.mentionsMe;
        });
    }, 10000));

    // Topic.
    QList<std::pair<ChatAddress, QString>> topics;
    QObject::connect(&p.f.chats(), &GroupChatService::topicChanged,
                     [&](const ChatAddress &c, const QString &t) { topics.append({c, t}); });
    REQUIRE(p.f.chats().setTopic(aliceRoom, QStringLiteral("Tomatoes and release plans")));
    REQUIRE(waitFor([&] { return p.f.chats().topic(bobRoom) == u"Tomatoes and release plans"; }, 10000));
    CHECK(std::any_of(topics.cbegin(), topics.cend(), [&](const auto &t) { return t.first == carolRoom; }));

    // Nick change, seen by the others.
    QList<std::tuple<ChatAddress, QString, QString>> renames;
    QObject::connect(&p.f.chats(), &GroupChatService::nickChanged,
                     [&](const ChatAddress &c, const QString &o, const QString &n) { renames.append({c, o, n}); });
    REQUIRE(p.f.chats().changeNick(carolRoom, QStringLiteral("caroline")));
    REQUIRE(waitFor([&] {
        return std::any_of(renames.cbegin(), renames.cend(), [&](const auto &r) {
            return std::get<0>(r) == aliceRoom && std::get<1>(r) == u"carol" && std::get<2>(r) == u"caroline";
        });
    }, 10000));
    REQUIRE(waitFor([&] { return p.f.chats().participants(aliceRoom).contains(QStringLiteral("caroline")); }));

    // Kick: the owner removes bob; bob learns he is out, the others see him go with the reason.
    QList<ChatAddress> left;
    QList<std::tuple<ChatAddress, QString, QString>> departures;
    QObject::connect(&p.f.chats(), &GroupChatService::left, [&](const ChatAddress &c) { left << c; });
    QObject::connect(&p.f.chats(), &GroupChatService::participantLeft,
                     [&](const ChatAddress &c, const QString &n, const QString &r) { departures.append({c, n, r}); });
    REQUIRE(p.f.chats().kick(aliceRoom, QStringLiteral("bob"), QStringLiteral("too many tomatoes")));
    REQUIRE(waitFor([&] { return !p.f.chats().participants(aliceRoom).contains(QStringLiteral("bob")); }, 10000));
    REQUIRE(waitFor([&] { return !p.f.chats().isJoined(bobRoom) || left.contains(bobRoom); }, 10000));
    CHECK(std::any_of(departures.cbegin(), departures.cend(),
                      [&](const auto &d) { return std::get<0>(d) == aliceRoom && std::get<1>(d) == u"bob"; }));
    CHECK_FALSE(p.hub->sendChatText(bobRoom, QStringLiteral("let me back in")));

    // The room's history is searchable like IMs.
    p.store->indexNow().waitForFinished();
    history::SearchQuery query;
    query.text = QStringLiteral("garden");
    query.account = p.alice;
    const history::SearchResults results = p.reader->search(query).result();
    REQUIRE(results.hits.size() == 1);
    CHECK(results.hits[0].message.kind == store::ConversationKind::Chat);
    CHECK(results.hits[0].message.peer == roomName);
}
