// SPDX-License-Identifier: GPL-3.0-or-later
// Unread per person (for the contact list), "conversation read" (for the notifier), and the
// per-room notification level (offscreen, real widgets, in-process fakes for the network).
#include "core/contacts/contactdirectory.h"
#include "tests/support/conversationfakes.h"
#include "tests/support/waitfor.h"
#include "ui/chatwindow.h"
#include "ui/chatwindowmanager.h"
#include "ui/conversationmodel.h"
#include "ui/conversationview.h"

#include <QApplication>
#include <QMenu>
#include <QTabWidget>
#include <QToolButton>

#include <catch2/catch.hpp>

using namespace crosstalk;
using crosstalk::test::ConversationRig;
using crosstalk::test::waitFor;
using crosstalk::ui::NotificationLevel;

namespace {

void addPerson(contacts::ContactDirectory &dir, PersonId id, const QList<std::pair<BuddyAddress, QString>> &buddies)
{
    for (const auto &[address, protocol] : buddies) {
        contacts::ContactBuddy b;
        b.address = address;
        b.protocolId = protocol;
        b.presence.kind = PresenceKind::Available;
        dir.upsertBuddy(id, address.handle, b);
    }
    dir.flush();
}

/// Makes `front` the active window's current tab, so other conversations are "not seen".
void lookAt(ui::ChatWindowManager &windows, ui::ConversationView *front)
{
    ui::ChatWindow *window = windows.windowOf(front);
    window->show();
    window->activate(front);
    QApplication::setActiveWindow(window);
    REQUIRE(waitFor([&] { return window->isActiveWindow(); }, 2000));
}

} // namespace

TEST_CASE("Unread: counted per person for the contact list, across the person's accounts, and read clears it")
{
    ConversationRig rig;
    contacts::ContactDirectory dir;
    const BuddyAddress bobXmpp{rig.xmpp, QStringLiteral("bob@localhost")};
    const BuddyAddress bobIrc{rig.irc, QStringLiteral("bob")};
    const BuddyAddress carol{rig.xmpp, QStringLiteral("carol@localhost")};
    addPerson(dir, PersonId(1), {{bobXmpp, QStringLiteral("prpl-jabber")}, {bobIrc, QStringLiteral("prpl-irc")}});
    addPerson(dir, PersonId(2), {{carol, QStringLiteral("prpl-jabber")}});
    ui::ChatWindowManager windows(*rig.hub, *rig.reader);
    windows.setContactDirectory(&dir);
    QHash<PersonId, int> unread;
    QList<ui::ConversationTarget> read;
    QObject::connect(&windows, &ui::ChatWindowManager::personUnreadChanged,
                     [&](PersonId person, int n) { unread[person] = n; });
    QObject::connect(&windows, &ui::ChatWindowManager::conversationRead,
                     [&](const ui::ConversationTarget &t) { read << t; });

    ui::ConversationView *carolView = windows.openConversation(carol);
    lookAt(windows, carolView);
    rig.messaging.receive(bobXmpp, QStringLiteral("one"));
    rig.messaging.receive(bobIrc, QStringLiteral("two, from IRC"));
    REQUIRE(waitFor([&] { return unread.value(PersonId(1)) == 2; }));
    ui::ConversationView *bob = windows.find(ui::ConversationTarget::of(bobXmpp));
    REQUIRE(bob);
    CHECK(windows.windowOf(bob)->count() == 2); // one tab for bob, whichever account wrote
    CHECK(unread.value(PersonId(2)) == 0);

    // Looking at bob's tab: his count goes to zero and both of his routes are "read", so
    // notifications keyed by either buddy close.
    windows.windowOf(bob)->activate(bob);
    CHECK(unread.value(PersonId(1)) == 0);
    CHECK(read.contains(ui::ConversationTarget::of(bobXmpp)));
    CHECK(read.contains(ui::ConversationTarget::of(bobIrc)));

    // Closing a tab with unread messages clears the person's count too.
    windows.windowOf(bob)->activate(carolView);
    rig.messaging.receive(bobIrc, QStringLiteral("three"));
    REQUIRE(waitFor([&] { return unread.value(PersonId(1)) == 1; }));
    windows.windowOf(bob)->closeConversation(bob);
    CHECK(unread.value(PersonId(1)) == 0);
}

TEST_CASE("Room notification level: all, mentions only, nothing, applied to notifications and unread counts")
{
    ConversationRig rig;
    ui::ChatWindowManager windows(*rig.hub, *rig.reader);
    QList<bool> hooks; // mentionsMe of each attentionNeeded
    QObject::connect(&windows, &ui::ChatWindowManager::attentionNeeded,
                     [&](const store::StoredMessage &, const QString &, bool mention) { hooks << mention; });
    QList<std::pair<ChatAddress, NotificationLevel>> saved;
    QObject::connect(&windows, &ui::ChatWindowManager::notificationLevelChanged,
                     [&](const ChatAddress &c, NotificationLevel l) { saved.append({c, l}); });
    const ChatAddress room{rig.xmpp, QStringLiteral("dev@conference.localhost")};
    rig.chats.joinChat(room, {}, {});
    ui::ConversationView *roomView = windows.openChat(room);
    ui::ConversationView *front = windows.openConversation({rig.xmpp, QStringLiteral("carol@localhost")});
    lookAt(windows, front);
    ui::ChatWindow *window = windows.windowOf(front);
    int stored = 0;
    QObject::connect(rig.hub.get(), &conversations::ConversationHub::messageStored, [&] { ++stored; });
    const auto say = [&](const QString &text) {
        const int before = stored;
        rig.chats.receive(room, QStringLiteral("dave"), text);
        REQUIRE(waitFor([&] { return stored == before + 1; }));
    };

    // Default: mentions only. Every line shows on the tab; only the mention notifies and
    // reaches the title.
    CHECK(windows.notificationLevel(room) == NotificationLevel::Mentions);
    REQUIRE(roomView->notifyButton());
    CHECK(roomView->notifyButton()->text() == "Notify: Mentions only");
    say(QStringLiteral("chatter"));
    say(QStringLiteral("me: ping"));
    CHECK(window->unread(roomView) == 2);
    CHECK(window->mentions(roomView) == 1);
    CHECK(window->totalUnread() == 1);
    CHECK(hooks == QList<bool>{true});

    // Nothing: not even a mention counts or notifies.
    roomView->notifyButton()->menu()->actions().at(2)->trigger(); // "Nothing", as the user picks it
    CHECK(windows.notificationLevel(room) == NotificationLevel::Nothing);
    CHECK(roomView->notifyButton()->text() == "Notify: Nothing");
    CHECK(saved.size() == 1);
    CHECK(saved.last() == std::pair{room, NotificationLevel::Nothing});
    say(QStringLiteral("me: are you there"));
    CHECK(window->unread(roomView) == 2);
    CHECK(hooks.size() == 1);

    // All: every line counts everywhere and notifies.
    windows.setNotificationLevel(room, NotificationLevel::All);
    CHECK(roomView->notifyButton()->menu()->actions().at(0)->isChecked());
    say(QStringLiteral("release is out"));
    CHECK(window->unread(roomView) == 3);
    CHECK(window->totalUnread() == 2);
    CHECK(hooks == QList<bool>{true, false});
    CHECK(window->windowTitle().startsWith(QLatin1String("(2) ")));

    // Setting the level that is already set is not a change (nothing to save).
    windows.setNotificationLevel(room, NotificationLevel::All);
    CHECK(saved.size() == 2);
    // One-to-one conversations have no level button.
    CHECK(front->notifyButton() == nullptr);
}
