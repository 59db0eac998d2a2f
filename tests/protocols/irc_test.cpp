// SPDX-License-Identifier: GPL-3.0-or-later
// libpurple's IRC prpl through Crosstalk's adapters against a real ngircd on loopback.
#include "tests/protocols/purplefixture.h"
#include "tests/support/ircserver.h"
#include "tests/support/waitfor.h"

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;

TEST_CASE("IRC: two accounts join a channel and exchange channel and private messages")
{
    IrcServer server;
    QString error;
    INFO(error.toStdString());
    REQUIRE(server.start(&error));
    PurpleFixture f;
    f.start();
    const AccountId ann = f.addIrcAccount(QStringLiteral("ann_ct"), server.port());
    const AccountId ben = f.addIrcAccount(QStringLiteral("ben_ct"), server.port());
    REQUIRE(f.waitForState(ann, ConnectionState::Connected));
    REQUIRE(f.waitForState(ben, ConnectionState::Connected));

    QList<ChatAddress> joined;
    QObject::connect(&f.chats(), &GroupChatService::joined, [&](const ChatAddress &c) { joined << c; });
    const ChatAddress annRoom{ann, QStringLiteral("#crosstalk")};
    const ChatAddress benRoom{ben, QStringLiteral("#crosstalk")};
    f.chats().joinChat(annRoom, {}, {});
    f.chats().joinChat(benRoom, {}, {});
    REQUIRE(waitFor([&] { return joined.contains(annRoom) && joined.contains(benRoom); }));
    REQUIRE(waitFor([&] { return f.chats().participants(annRoom).contains(QStringLiteral("ben_ct")); }));

    REQUIRE(f.chats().sendChat(annRoom, QStringLiteral("hello channel, ümlaut")) == SendResult::Sent);
    REQUIRE(waitFor([&] {
        return std::any_of(f.chatMessages.cbegin(), f.chatMessages.cend(), [&](const ChatMessage &m) {
            return m.chat == benRoom && m.direction == MessageDirection::Incoming && m.sender == QStringLiteral("ann_ct")
                   && m.body.contains(QStringLiteral("hello channel, ümlaut"));
        });
    }));

    REQUIRE(f.messaging().sendIm({ben, QStringLiteral("ann_ct")}, QStringLiteral("psst, private")) == SendResult::Sent);
    REQUIRE(waitFor([&] {
        return std::any_of(f.received.cbegin(), f.received.cend(), [&](const ImMessage &m) {
            return m.peer.account == ann && m.peer.handle == QStringLiteral("ben_ct") && m.body.contains(QStringLiteral("psst, private"));
        });
    }));

    f.chats().leaveChat(benRoom);
    REQUIRE(waitFor([&] { return !f.chats().participants(annRoom).contains(QStringLiteral("ben_ct")); }));
}
