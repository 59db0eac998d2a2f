// SPDX-License-Identifier: GPL-3.0-or-later
// Screenshots of busy conversations, kept in build/test-artifacts for a person to look at.
#include "core/store/connection.h"
#include "core/store/messagerepository.h"
#include "tests/support/conversationfakes.h"
#include "tests/support/waitfor.h"
#include "ui/chatwindow.h"
#include "ui/chatwindowmanager.h"
#include "ui/conversationmodel.h"
#include "ui/conversationview.h"

#include <QDir>
#include <QPixmap>

#include <catch2/catch.hpp>

using namespace crosstalk;
using crosstalk::test::ConversationRig;
using crosstalk::test::waitFor;

namespace {

void put(ConversationRig &rig, const BuddyAddress &peer, MessageDirection direction, const QDateTime &at,
           const QString &body, store::MessageState state = store::MessageState::Received)
{
    rig.store
        ->write([=](store::Connection &db) {
            store::MessageRepository messages(db);
            store::NewMessage m;
            m.conversation = messages.ensureConversation(peer);
            m.direction = direction;
            m.sender = direction == MessageDirection::Incoming ? peer.handle : QString();
            m.sentAt = at;
            m.body = body;
            m.state = state;
            messages.insert(m);
        })
        .waitForFinished();
}

QString save(QWidget *widget, const QString &name)
{
    QDir().mkpath(QStringLiteral(CROSSTALK_TEST_ARTIFACTS_DIR));
    const QString path = QStringLiteral(CROSSTALK_TEST_ARTIFACTS_DIR "/") + name;
    widget->grab().save(path);
    return path;
}

} // namespace

TEST_CASE("Screenshot: a busy one-to-one conversation")
{
    ConversationRig rig({.sendTimeoutMs = 400, .lateErrorWindowMs = 1000});
    const BuddyAddress bob{rig.xmpp, QStringLiteral("bob@localhost")};
    const QDateTime yesterday = QDateTime::currentDateTimeUtc().addDays(-1).addSecs(-3600);
    const QDateTime now = QDateTime::currentDateTimeUtc().addSecs(-600);
    using D = MessageDirection;
    put(rig, bob, D::Incoming, yesterday, QStringLiteral("Are we still on for the <b>release</b> tomorrow?"));
    put(rig, bob, D::Incoming, yesterday.addSecs(20), QStringLiteral("I pushed the notes to https://example.org/notes"));
    put(rig, bob, D::Outgoing, yesterday.addSecs(90), QStringLiteral("Yes! I'll bring coffee ☕"), store::MessageState::Sent);
    put(rig, bob, D::Incoming, now, QStringLiteral("Morning. The build failed with <code>error: shadowed declaration</code>"));
    put(rig, bob, D::Incoming, now.addSecs(10),
          QStringLiteral("<img src=\"http://tracker.example/p.gif\">Also, someone sent me this: "
                         "<a href=\"javascript:alert(1)\">totally safe link</a> and a file called invoice\u202Efdp.exe"));
    put(rig, bob, D::Incoming, now.addSecs(15), QStringLiteral("<i>Long message:</i> Lorem ipsum dolor sit amet, "
          "consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad "
          "minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat."));
    put(rig, bob, D::Outgoing, now.addSecs(60), QStringLiteral("On it — 👍"), store::MessageState::Delivered);
    put(rig, bob, D::Outgoing, now.addSecs(65), QStringLiteral("Fixed in <b>a1b2c3</b>, can you check?"), store::MessageState::Sent);

    ui::ChatWindowManager windows(*rig.hub, *rig.reader);
    ui::ConversationView *view = windows.openConversation(bob);
    windows.openConversation({rig.xmpp, QStringLiteral("carol@localhost")});
    windows.openConversation({rig.irc, QStringLiteral("dave")});
    ui::ChatWindow *window = windows.windowOf(view);
    window->activate(view);
    window->resize(760, 620);
    window->show();
    REQUIRE(waitFor([&] { return view->model().rowCount() == 8; }));

    // Live: one that will fail (account offline, short timeout) and one pending.
    rig.accounts.setState(rig.xmpp, ConnectionState::Disconnected);
    rig.hub->sendText(bob, QStringLiteral("Sent while offline: this one times out"));
    REQUIRE(waitFor([&] {
        const int last = view->model().rowCount() - 1;
        return view->model().rowCount() == 9 &&
               view->model().index(last).data(ui::ConversationModel::StateRole).toInt() == int(store::MessageState::Failed);
    }, 5000));
    rig.hub->sendText(bob, QStringLiteral("And this one is still waiting for the connection"));
    rig.messaging.receive({rig.xmpp, QStringLiteral("carol@localhost")}, QStringLiteral("lunch?"));
    rig.messaging.receive({rig.irc, QStringLiteral("dave")}, QStringLiteral("ping"));
    REQUIRE(waitFor([&] { return view->model().rowCount() == 10; }));
    view->setPeerTyping(TypingState::Typing);
    test::spin(100);
    const QString path = save(window, QStringLiteral("conversation-busy.png"));
    CHECK(QFile::exists(path));
    WARN("screenshot: " << path.toStdString());
}

TEST_CASE("Screenshot: a busy room with participants, topic and a mention")
{
    ConversationRig rig;
    const ChatAddress room{rig.xmpp, QStringLiteral("dev@conference.localhost")};
    rig.chats.nick = QStringLiteral("alice");
    rig.chats.joinChat(room, {}, {});
    rig.chats.rooms[room] = {{QStringLiteral("alice"), ChatParticipant::Role::None, false},
                             {QStringLiteral("bob"), ChatParticipant::Role::Operator, false},
                             {QStringLiteral("carol"), ChatParticipant::Role::Voice, false},
                             {QStringLiteral("dave"), ChatParticipant::Role::None, true},
                             {QStringLiteral("root"), ChatParticipant::Role::Founder, false}};
    rig.chats.topics[room] = QStringLiteral("Release 0.1 — freeze on Friday");
    ui::ChatWindowManager windows(*rig.hub, *rig.reader);
    ui::ConversationView *view = windows.openChat(room);
    ui::ChatWindow *window = windows.windowOf(view);
    window->resize(760, 560);
    window->show();
    REQUIRE(waitFor([&] { return view->model().conversation().isValid(); }));
    const QDateTime t = QDateTime::currentDateTimeUtc().addSecs(-900);
    rig.chats.receive(room, QStringLiteral("bob"), QStringLiteral("who is looking at the flaky test?"), t);
    rig.chats.receive(room, QStringLiteral("carol"), QStringLiteral("not me, I'm on the installer"), t.addSecs(30));
    rig.chats.receive(room, QStringLiteral("carol"), QStringLiteral("it only fails under load"), t.addSecs(40));
    rig.chats.receive(room, QStringLiteral("bob"), QStringLiteral("alice: could you take it?"), t.addSecs(400));
    rig.chats.sendChat(room, QStringLiteral("sure, looking now"));
    rig.chats.receive(room, QStringLiteral("root"), QStringLiteral("thanks <b>alice</b> 🙏"));
    REQUIRE(waitFor([&] { return view->model().rowCount() == 6; }));
    Q_EMIT rig.chats.nickChanged(room, QStringLiteral("dave"), QStringLiteral("dave_away"));
    test::spin(100);
    const QString path = save(window, QStringLiteral("conversation-room.png"));
    CHECK(QFile::exists(path));
    int highlighted = 0;
    for (int row = 0; row < view->model().rowCount(); ++row)
        highlighted += view->model().index(row).data(ui::ConversationModel::HighlightRole).toBool();
    CHECK(highlighted == 2);
}
