// SPDX-License-Identifier: GPL-3.0-or-later
// One conversation per person with a "send via" selector (offscreen, real widgets and a real
// ContactDirectory; the network side is the in-process fakes).
#include "core/contacts/contactdirectory.h"
#include "core/store/buddyrepository.h"
#include "core/store/connection.h"
#include "core/store/messagerepository.h"
#include "core/store/personrepository.h"
#include "tests/support/conversationfakes.h"
#include "tests/support/waitfor.h"
#include "ui/chatinput.h"
#include "ui/chatwindow.h"
#include "ui/chatwindowmanager.h"
#include "ui/conversationmodel.h"
#include "ui/conversationview.h"

#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QTest>

#include <catch2/catch.hpp>

using namespace crosstalk;
using crosstalk::test::ConversationRig;
using crosstalk::test::waitFor;

namespace {

contacts::ContactBuddy buddy(const BuddyAddress &address, const QString &protocol, PresenceKind kind)
{
    contacts::ContactBuddy b;
    b.address = address;
    b.protocolId = protocol;
    b.presence.kind = kind;
    return b;
}

struct Person
{
    explicit Person(ConversationRig &rig)
        : xmpp{rig.xmpp, QStringLiteral("bob@localhost")}
        , irc{rig.irc, QStringLiteral("bob")}
    {
        directory.setCoalesceInterval(0);
        directory.upsertBuddy(PersonId(7), QStringLiteral("Bob"), buddy(xmpp, QStringLiteral("prpl-jabber"), PresenceKind::Available));
        directory.upsertBuddy(PersonId(7), QStringLiteral("Bob"), buddy(irc, QStringLiteral("prpl-irc"), PresenceKind::Away));
        directory.flush();
    }
    void presence(const BuddyAddress &who, PresenceKind kind)
    {
        Presence p;
        p.kind = kind;
        directory.setPresence(who, p, 0);
        directory.flush();
    }

    contacts::ContactDirectory directory;
    BuddyAddress xmpp;
    BuddyAddress irc;
};

} // namespace

TEST_CASE("Account selector: one conversation per person, always shown, following the person across accounts")
{
    ConversationRig rig;
    Person bob(rig);
    ui::ChatWindowManager windows(*rig.hub, *rig.reader);
    windows.setContactDirectory(&bob.directory);

    ui::ConversationView *view = windows.openConversation(bob.xmpp);
    QComboBox *selector = view->routeSelector();
    REQUIRE(selector);
    CHECK(selector->isVisibleTo(view));
    REQUIRE(selector->count() == 2);
    CHECK(selector->currentText() == "● XMPP · bob@localhost");
    CHECK(selector->itemText(1) == "● IRC · bob");

    // Asking for the IRC buddy (e.g. "message via IRC" in the contact list) is the same tab.
    CHECK(windows.openConversation(bob.irc) == view);
    CHECK(view->target() == ui::ConversationTarget::of(bob.irc));
    CHECK(windows.windowOf(view)->count() == 1);

    // The user picks XMPP in the selector: messages go there.
    selector->setCurrentIndex(0);
    Q_EMIT selector->activated(0);
    CHECK(view->target() == ui::ConversationTarget::of(bob.xmpp));
    view->input().setPlainText(QStringLiteral("via xmpp"));
    QTest::keyClick(&view->input(), Qt::Key_Return);
    REQUIRE(waitFor([&] { return rig.messaging.sent.size() == 1; }));
    CHECK(rig.messaging.sent[0].to == bob.xmpp);

    // A message arriving through IRC lands in the same conversation, which now answers via IRC.
    rig.messaging.receive(bob.irc, QStringLiteral("I'm on IRC now"));
    REQUIRE(waitFor([&] { return view->target() == ui::ConversationTarget::of(bob.irc); }));
    CHECK(windows.windowOf(view)->count() == 1);
    // One timeline for the person: what we sent via XMPP and what came via IRC.
    REQUIRE(waitFor([&] { return view->model().rowCount() == 2; }));
    CHECK(view->model().messageAt(0).account == rig.xmpp);
    CHECK(view->model().messageAt(1).account == rig.irc);
    CHECK(selector->currentText() == "● IRC · bob");

    // The buddy in use goes offline: the conversation switches to where the person still is,
    // and says so.
    bob.presence(bob.irc, PresenceKind::Offline);
    REQUIRE(waitFor([&] { return view->target() == ui::ConversationTarget::of(bob.xmpp); }));
    CHECK(selector->currentText() == "● XMPP · bob@localhost");
    CHECK(selector->itemText(1) == "○ IRC · bob");
    const QList<QLabel *> labels = view->findChildren<QLabel *>();
    CHECK(std::any_of(labels.begin(), labels.end(), [](QLabel *l) {
        return l->isVisibleTo(l->window()) && l->text().contains(QStringLiteral("IRC · bob went offline — now sending via XMPP"));
    }));
    view->input().setPlainText(QStringLiteral("are you there?"));
    QTest::keyClick(&view->input(), Qt::Key_Return);
    REQUIRE(waitFor([&] { return rig.messaging.sent.size() == 2; }));
    CHECK(rig.messaging.sent[1].to == bob.xmpp);

    // IRC comes back: no flapping, the conversation stays where it is.
    bob.presence(bob.irc, PresenceKind::Available);
    CHECK(view->target() == ui::ConversationTarget::of(bob.xmpp));
    CHECK(selector->itemText(1) == "● IRC · bob");

    // Everybody offline: it stays on the last route (messages queue in the outbox).
    bob.presence(bob.irc, PresenceKind::Offline);
    bob.presence(bob.xmpp, PresenceKind::Offline);
    CHECK(view->target() == ui::ConversationTarget::of(bob.xmpp));
}

TEST_CASE("Account selector: the default is the last route used while it is online, else the best presence")
{
    ConversationRig rig;
    Person bob(rig);
    ui::ChatWindowManager windows(*rig.hub, *rig.reader);
    windows.setContactDirectory(&bob.directory);
    ui::ConversationView *view = windows.openConversation(bob.xmpp);
    view->routeSelector()->setCurrentIndex(1);
    Q_EMIT view->routeSelector()->activated(1); // IRC, by choice
    CHECK(view->target() == ui::ConversationTarget::of(bob.irc));
    // XMPP going away and back changes nothing: IRC was chosen and is online.
    bob.presence(bob.xmpp, PresenceKind::Offline);
    bob.presence(bob.xmpp, PresenceKind::Available);
    CHECK(view->target() == ui::ConversationTarget::of(bob.irc));
    // A buddy not in the directory still gets a selector with its one route.
    ui::ConversationView *stranger = windows.openConversation({rig.xmpp, QStringLiteral("zed@localhost")});
    REQUIRE(stranger->routeSelector());
    CHECK(stranger->routeSelector()->count() == 1);
    CHECK(stranger->routeSelector()->isVisibleTo(stranger));
}

TEST_CASE("Screenshot: the account selector")
{
    ConversationRig rig;
    Person bob(rig);
    ui::ChatWindowManager windows(*rig.hub, *rig.reader);
    windows.setContactDirectory(&bob.directory);
    windows.setNameResolver([](const BuddyAddress &) { return QStringLiteral("Bob"); });
    ui::ConversationView *view = windows.openConversation(bob.irc);
    rig.messaging.receive(bob.irc, QStringLiteral("ping me on xmpp later, IRC drops a lot here"));
    REQUIRE(waitFor([&] { return view->model().rowCount() == 1; }));
    bob.presence(bob.irc, PresenceKind::Offline);
    REQUIRE(waitFor([&] { return view->target() == ui::ConversationTarget::of(bob.xmpp); }));
    ui::ChatWindow *window = windows.windowOf(view);
    window->resize(720, 420);
    window->show();
    QTest::qWait(50);
    QDir().mkpath(QStringLiteral(CROSSTALK_TEST_ARTIFACTS_DIR));
    const QString path = QStringLiteral(CROSSTALK_TEST_ARTIFACTS_DIR "/conversation-account-selector.png");
    REQUIRE(window->grab().save(path));
    WARN("screenshot: " << path.toStdString());
}

TEST_CASE("Account selector: the person's stored history from every account is one timeline, paged from the store")
{
    ConversationRig rig;
    const BuddyAddress xmpp{rig.xmpp, QStringLiteral("bob@localhost")};
    const BuddyAddress irc{rig.irc, QStringLiteral("bob")};
    // The store's person with both buddies, and a history that alternates between them.
    const PersonId person = rig.store
                                ->write([=](store::Connection &db) {
                                    store::BuddyRepository buddies(db);
                                    store::PersonRepository people(db);
                                    const BuddyId bx = buddies.ensure(xmpp);
                                    const BuddyId bi = buddies.ensure(irc);
                                    const PersonId p = people.personOf(bx);
                                    people.moveBuddy(bi, p, store::PersonRepository::Origin::Manual);
                                    store::MessageRepository messages(db);
                                    const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-3600);
                                    for (int i = 0; i < 240; ++i) {
                                        const BuddyAddress &peer = i % 2 ? irc : xmpp;
                                        store::NewMessage m;
                                        m.conversation = messages.ensureConversation(peer);
                                        m.direction = MessageDirection::Incoming;
                                        m.sender = peer.handle;
                                        m.sentAt = start.addSecs(i * 10);
                                        m.body = QStringLiteral("line %1").arg(i);
                                        m.state = store::MessageState::Received;
                                        messages.insert(m);
                                    }
                                    return p;
                                })
                                .result();
    contacts::ContactDirectory directory;
    directory.upsertBuddy(person, QStringLiteral("Bob"), buddy(xmpp, QStringLiteral("prpl-jabber"), PresenceKind::Available));
    directory.upsertBuddy(person, QStringLiteral("Bob"), buddy(irc, QStringLiteral("prpl-irc"), PresenceKind::Available));
    directory.flush();
    ui::ChatWindowManager windows(*rig.hub, *rig.reader);
    windows.setContactDirectory(&directory);
    ui::ConversationView *view = windows.openConversation(xmpp);
    REQUIRE(view->model().person() == person);
    REQUIRE(waitFor([&] { return view->model().rowCount() == ui::ConversationModel::kPageSize && !view->model().isLoading(); }));
    const int n = view->model().rowCount();
    CHECK(view->model().messageAt(n - 1).plainText == "line 239");
    CHECK(view->model().messageAt(n - 2).plainText == "line 238");
    CHECK(view->model().messageAt(n - 1).account == rig.irc);
    CHECK(view->model().messageAt(n - 2).account == rig.xmpp);
    CHECK(view->model().hasOlder());
    view->model().loadOlder();
    REQUIRE(waitFor([&] { return view->model().rowCount() == n + ui::ConversationModel::kScrollPageSize; }));
    // Switching the route keeps the timeline.
    view->routeSelector()->setCurrentIndex(1);
    Q_EMIT view->routeSelector()->activated(1);
    CHECK(view->target() == ui::ConversationTarget::of(irc));
    CHECK(view->model().rowCount() == n + ui::ConversationModel::kScrollPageSize);
}
