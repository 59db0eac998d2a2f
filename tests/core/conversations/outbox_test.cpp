// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/conversations/typingnotifier.h"
#include "core/store/connection.h"
#include "core/store/messagerepository.h"
#include "tests/support/conversationfakes.h"
#include "tests/support/waitfor.h"

#include <catch2/catch.hpp>

using namespace crosstalk;
using crosstalk::store::MessageState;
using crosstalk::test::ConversationRig;
using crosstalk::test::waitFor;

namespace {

std::optional<store::StoredMessage> stored(ConversationRig &rig, MessageId id)
{
    return rig.store->write([id](store::Connection &db) { return store::MessageRepository(db).get(id); }).result();
}

struct StateLog
{
    QList<std::tuple<MessageId, MessageState, QString>> changes;
    QList<store::StoredMessage> committed;
    explicit StateLog(conversations::ConversationHub &hub)
    {
        QObject::connect(&hub, &conversations::ConversationHub::messageStateChanged,
                         [this](MessageId id, MessageState s, const QString &r) { changes.append({id, s, r}); });
        QObject::connect(&hub, &conversations::ConversationHub::messageStored,
                         [this](const store::StoredMessage &m) { committed.append(m); });
    }
};

} // namespace

TEST_CASE("Outbox: an outgoing message is stored as pending before the network sees it, then sent")
{
    ConversationRig rig;
    StateLog log(*rig.hub);
    const BuddyAddress bob{rig.xmpp, QStringLiteral("bob@localhost")};
    bool networkSawPending = false;
    QObject::connect(rig.hub.get(), &conversations::ConversationHub::messageStored, [&](const store::StoredMessage &m) {
        networkSawPending = rig.messaging.sent.isEmpty() && m.state == MessageState::Pending;
    });
    rig.hub->sendText(bob, QStringLiteral("hello <b>& bye\nline two"));
    REQUIRE(waitFor([&] { return !log.changes.isEmpty(); }));
    CHECK(networkSawPending);
    REQUIRE(rig.messaging.sent.size() == 1);
    CHECK(rig.messaging.sent[0].html == "hello &lt;b&gt;&amp; bye<br>line two");
    CHECK(std::get<1>(log.changes[0]) == MessageState::Sent);
    REQUIRE(waitFor([&] { return stored(rig, log.committed[0].id)->state == MessageState::Sent; }));
}

TEST_CASE("Outbox: messages written offline wait, then go out exactly once, in order, on reconnect")
{
    ConversationRig rig({}, ConnectionState::Disconnected);
    StateLog log(*rig.hub);
    const BuddyAddress bob{rig.xmpp, QStringLiteral("bob@localhost")};
    for (int i = 0; i < 5; ++i)
        rig.hub->sendText(bob, QStringLiteral("queued %1").arg(i));
    REQUIRE(waitFor([&] { return log.committed.size() == 5; }));
    test::spin(100);
    CHECK(rig.messaging.sent.isEmpty());
    CHECK(rig.hub->outbox().queued() == 5);

    rig.accounts.setState(rig.xmpp, ConnectionState::Connecting);
    rig.accounts.setState(rig.xmpp, ConnectionState::Connected);
    rig.accounts.setState(rig.xmpp, ConnectionState::Connected); // a duplicate signal must not resend
    REQUIRE(rig.messaging.sent.size() == 5);
    for (int i = 0; i < 5; ++i)
        CHECK(rig.messaging.sent[i].html == QStringLiteral("queued %1").arg(i));
    CHECK(rig.hub->outbox().queued() == 0);
    REQUIRE(waitFor([&] { return stored(rig, log.committed[4].id)->state == MessageState::Sent; }));
}

TEST_CASE("Outbox: a receipt from the peer the message went to marks it delivered; others are ignored")
{
    ConversationRig rig;
    rig.messaging.confirmsDelivery = true;
    StateLog log(*rig.hub);
    const BuddyAddress bob{rig.xmpp, QStringLiteral("bob@localhost")};
    rig.hub->sendText(bob, QStringLiteral("did you get this?"));
    REQUIRE(waitFor([&] { return !log.changes.isEmpty(); }));
    const MessageId id = log.committed[0].id;
    CHECK(std::get<1>(log.changes.last()) == MessageState::Sent);

    // A stranger (or another of my accounts) guessing the id, an id never asked for, an empty one.
    rig.messaging.confirm({rig.xmpp, QStringLiteral("mallory@localhost")}, QStringLiteral("receipt-1"));
    rig.messaging.confirm({AccountId(rig.xmpp.value() + 100), bob.handle}, QStringLiteral("receipt-1"));
    rig.messaging.confirm(bob, QStringLiteral("receipt-99"));
    rig.messaging.confirm(bob, QString());
    CHECK(log.changes.size() == 1);

    rig.messaging.confirm({rig.xmpp, QStringLiteral("Bob@Localhost")}, QStringLiteral("receipt-1"));
    REQUIRE(log.changes.size() == 2);
    CHECK(std::get<0>(log.changes.last()) == id);
    CHECK(std::get<1>(log.changes.last()) == MessageState::Delivered);
    REQUIRE(waitFor([&] { return stored(rig, id)->state == MessageState::Delivered; }));
    rig.messaging.confirm(bob, QStringLiteral("receipt-1")); // a duplicate receipt changes nothing
    CHECK(log.changes.size() == 2);
}

TEST_CASE("Outbox: a message still unsent after the timeout fails with a reason, and retry sends it")
{
    ConversationRig rig({.sendTimeoutMs = 300, .lateErrorWindowMs = 1000}, ConnectionState::Disconnected);
    StateLog log(*rig.hub);
    const BuddyAddress bob{rig.xmpp, QStringLiteral("bob@localhost")};
    rig.hub->sendText(bob, QStringLiteral("too late"));
    REQUIRE(waitFor([&] { return !log.changes.isEmpty(); }, 3000));
    const auto [id, state, reason] = log.changes[0];
    CHECK(state == MessageState::Failed);
    CHECK(reason.contains(QLatin1String("offline")));
    CHECK(rig.hub->failureReason(id) == reason);
    REQUIRE(waitFor([&, id = id] { return stored(rig, id)->state == MessageState::Failed; }));

    // Reconnecting does not resurrect a failed message by itself; retry does.
    rig.accounts.setState(rig.xmpp, ConnectionState::Connected);
    CHECK(rig.messaging.sent.isEmpty());
    rig.hub->retry(id);
    REQUIRE(waitFor([&] { return rig.messaging.sent.size() == 1; }));
    REQUIRE(waitFor([&, id = id] { return stored(rig, id)->state == MessageState::Sent; }));
}

TEST_CASE("Outbox: a refusal and a late protocol error both mark the message failed with the protocol's words")
{
    ConversationRig rig;
    StateLog log(*rig.hub);
    const BuddyAddress bob{rig.xmpp, QStringLiteral("bob@localhost")};
    rig.messaging.refuseWith = QStringLiteral("Message too long");
    rig.hub->sendText(bob, QStringLiteral("refused"));
    REQUIRE(waitFor([&] { return log.changes.size() == 1; }));
    CHECK(std::get<1>(log.changes[0]) == MessageState::Failed);
    CHECK(std::get<2>(log.changes[0]) == "Message too long");

    rig.hub->sendText(bob, QStringLiteral("bounced later"));
    REQUIRE(waitFor([&] { return log.changes.size() == 2; }));
    CHECK(std::get<1>(log.changes[1]) == MessageState::Sent);
    Q_EMIT rig.messaging.sendFailed(bob, QStringLiteral("Recipient unavailable"));
    REQUIRE(log.changes.size() == 3);
    CHECK(std::get<0>(log.changes[2]) == std::get<0>(log.changes[1]));
    CHECK(std::get<1>(log.changes[2]) == MessageState::Failed);
    CHECK(std::get<2>(log.changes[2]) == "Recipient unavailable");
}

TEST_CASE("Outbox: pending messages left by an earlier run are sent after restart")
{
    ConversationRig rig({}, ConnectionState::Disconnected);
    StateLog log(*rig.hub);
    const BuddyAddress bob{rig.xmpp, QStringLiteral("bob@localhost")};
    // As if the app had died after committing these: in the store, but in no queue.
    rig.recorder->recordOutgoing(bob, QStringLiteral("from before the crash 1")).waitForFinished();
    rig.recorder->recordOutgoing(bob, QStringLiteral("from before the crash 2")).waitForFinished();
    rig.hub->outbox().restorePending();
    REQUIRE(waitFor([&] { return rig.hub->outbox().queued() == 2; }));
    rig.hub->outbox().restorePending(); // twice must not double them
    test::spin(100);
    CHECK(rig.hub->outbox().queued() == 2);
    rig.accounts.setState(rig.xmpp, ConnectionState::Connected);
    REQUIRE(rig.messaging.sent.size() == 2);
    CHECK(rig.messaging.sent[0].html == "from before the crash 1");
}

TEST_CASE("Incoming: a message is committed before anyone is told about it")
{
    ConversationRig rig;
    const BuddyAddress bob{rig.xmpp, QStringLiteral("bob@localhost")};
    std::optional<store::StoredMessage> seen;
    bool inStore = false;
    QObject::connect(rig.hub.get(), &conversations::ConversationHub::messageStored, [&](const store::StoredMessage &m) {
        seen = m;
        inStore = stored(rig, m.id).has_value();
    });
    rig.messaging.receive(bob, QStringLiteral("<img src=http://x/p.gif>hi"));
    REQUIRE(waitFor([&] { return seen.has_value(); }));
    CHECK(inStore);
    CHECK(seen->body == "<img src=http://x/p.gif>hi"); // stored exactly as received
    CHECK(seen->direction == MessageDirection::Incoming);
}

TEST_CASE("Typing: one notification per change, paused after a quiet spell, reset on send")
{
    conversations::TypingNotifier typing(150);
    QList<TypingState> states;
    QObject::connect(&typing, &conversations::TypingNotifier::stateChanged, [&](TypingState s) { states << s; });
    typing.edited(false);
    typing.edited(false);
    typing.edited(false);
    CHECK(states == QList<TypingState>{TypingState::Typing});
    REQUIRE(waitFor([&] { return states.size() == 2; }, 2000));
    CHECK(states[1] == TypingState::Paused);
    typing.edited(false);
    typing.reset();
    CHECK(states == QList<TypingState>{TypingState::Typing, TypingState::Paused, TypingState::Typing,
                                       TypingState::NotTyping});
}
