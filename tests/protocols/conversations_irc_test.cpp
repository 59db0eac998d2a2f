// SPDX-License-Identifier: GPL-3.0-or-later
// Conversations through a real ngircd: channel join and talk stored, a private message, a nick
// change seen by the other side.
#include "core/conversations/accountrows.h"
#include "core/conversations/conversationhub.h"
#include "core/history/historyrecorder.h"
#include "core/store/store.h"
#include "tests/protocols/purplefixture.h"
#include "tests/support/ircserver.h"
#include "tests/support/tempdir.h"
#include "tests/support/waitfor.h"

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;

TEST_CASE("IRC conversations: channel join and talk, a private message, a nick change")
{
    IrcServer server;
    REQUIRE(server.start());
    PurpleFixture f;
    f.start();
    const AccountId ann = f.addIrcAccount(QStringLiteral("ann_ct"), server.port());
    const AccountId ben = f.addIrcAccount(QStringLiteral("ben_ct"), server.port());
    REQUIRE(f.waitForState(ann, ConnectionState::Connected));
    REQUIRE(f.waitForState(ben, ConnectionState::Connected));

    TempDir dir;
    store::Store store(dir.filePath(QStringLiteral("crosstalk.sqlite")));
    store.open().waitForFinished();
    conversations::mirrorAccounts(store, f.accounts().accounts()).waitForFinished();
    history::HistoryRecorder recorder(store);
    conversations::ConversationHub hub(store, recorder, f.messaging(), f.chats(), f.accounts(), {});
    QList<store::StoredMessage> stored;
    QObject::connect(&hub, &conversations::ConversationHub::messageStored,
                     [&](const store::StoredMessage &m) { stored << m; });

    const ChatAddress annRoom{ann, QStringLiteral("#garden")};
    const ChatAddress benRoom{ben, QStringLiteral("#garden")};
    f.chats().joinChat(annRoom, {}, {});
    f.chats().joinChat(benRoom, {}, {});
    REQUIRE(waitFor([&] { return f.chats().participants(annRoom).contains(QStringLiteral("ben_ct")); }));
    REQUIRE(waitFor([&] { return f.chats().participants(benRoom).contains(QStringLiteral("ann_ct")); }));
    CHECK(f.chats().isJoined(annRoom));
    CHECK(f.chats().ownNick(annRoom) == "ann_ct");
    // The first to join an IRC channel is its operator.
    const auto people = f.chats().participantList(benRoom);
    const auto annEntry = std::find_if(people.cbegin(), people.cend(), [](const ChatParticipant &c) { return c.nick == u"ann_ct"; });
    REQUIRE(annEntry != people.cend());
    CHECK(annEntry->role == ChatParticipant::Role::Operator);

    REQUIRE(hub.sendChatText(annRoom, QStringLiteral("ben_ct: the roses need pruning")));
    REQUIRE(waitFor([&] {
        return std::any_of(stored.cbegin(), stored.cend(), [&](const store::StoredMessage &m) {
            return m.account == ben && m.kind == store::ConversationKind::Chat && m.plainText.contains(QLatin1String("roses"));
        });
    }));
    CHECK(std::any_of(f.chatMessages.cbegin(), f.chatMessages.cend(),
                      [&](const ChatMessage &m) { return m.chat == benRoom && m.mentionsMe; }));

    hub.sendText({ann, QStringLiteral("ben_ct")}, QStringLiteral("psst, private"));
    REQUIRE(waitFor([&] {
        return std::any_of(stored.cbegin(), stored.cend(), [&](const store::StoredMessage &m) {
            return m.account == ben && m.kind == store::ConversationKind::Im && m.plainText == u"psst, private";
        });
    }));

    QList<std::tuple<ChatAddress, QString, QString>> renames;
    QObject::connect(&f.chats(), &GroupChatService::nickChanged,
                     [&](const ChatAddress &c, const QString &o, const QString &n) { renames.append({c, o, n}); });
    REQUIRE(f.chats().changeNick(benRoom, QStringLiteral("benjamin_ct")));
    REQUIRE(waitFor([&] {
        return std::any_of(renames.cbegin(), renames.cend(), [&](const auto &r) {
            return std::get<0>(r) == annRoom && std::get<1>(r) == u"ben_ct" && std::get<2>(r) == u"benjamin_ct";
        });
    }));
    REQUIRE(waitFor([&] { return f.chats().participants(annRoom).contains(QStringLiteral("benjamin_ct")); }));
}
