// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/conversationfakes.h"
#include "tests/support/waitfor.h"
#include "tests/ui/conversationfill.h"
#include "ui/chatinput.h"
#include "ui/chatwindow.h"
#include "ui/chatwindowmanager.h"
#include "ui/conversationmodel.h"
#include "ui/conversationview.h"
#include "ui/messagedelegate.h"

#include <QApplication>
#include <QListView>
#include <QScrollBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTest>

#include <catch2/catch.hpp>

using namespace crosstalk;
using crosstalk::test::ConversationRig;
using crosstalk::test::waitFor;
using crosstalk::ui::ChatWindow;
using crosstalk::ui::ChatWindowManager;
using crosstalk::ui::ConversationModel;
using crosstalk::ui::ConversationView;

namespace {

bool opened(ConversationView *view)
{
    return waitFor([view] { return view->model().conversation().isValid() && !view->model().isLoading(); });
}

} // namespace

TEST_CASE("Chat window: tabs open, cycle with Ctrl+Tab / Ctrl+PgUp/PgDn, close with Ctrl+W")
{
    ConversationRig rig;
    ChatWindowManager windows(*rig.hub, *rig.reader);
    ConversationView *bob = windows.openConversation({rig.xmpp, QStringLiteral("bob@localhost")});
    ConversationView *carol = windows.openConversation({rig.xmpp, QStringLiteral("carol@localhost")});
    ConversationView *dave = windows.openConversation({rig.irc, QStringLiteral("dave")});
    REQUIRE(windows.windows().size() == 1);
    ChatWindow *window = windows.windows().first();
    REQUIRE(window->count() == 3);
    CHECK(window->current() == dave);
    CHECK(windows.openConversation({rig.xmpp, QStringLiteral("bob@localhost")}) == bob); // no duplicate tab
    CHECK(window->current() == bob);
    window->activateWindow();
    QApplication::setActiveWindow(window);

    QTest::keyClick(window, Qt::Key_Tab, Qt::ControlModifier);
    CHECK(window->current() == carol);
    QTest::keyClick(window, Qt::Key_PageDown, Qt::ControlModifier);
    CHECK(window->current() == dave);
    QTest::keyClick(window, Qt::Key_PageUp, Qt::ControlModifier);
    CHECK(window->current() == carol);
    QTest::keyClick(window, Qt::Key_W, Qt::ControlModifier);
    REQUIRE(window->count() == 2);
    CHECK(windows.find(ui::ConversationTarget::of(BuddyAddress{rig.xmpp, QStringLiteral("carol@localhost")})) == nullptr);

    // Tabs can be dragged into another order.
    window->tabs().tabBar()->moveTab(0, 1);
    CHECK(window->conversations() == QList<ConversationView *>{dave, bob});
}

TEST_CASE("Chat window: a tab moves to a new window of its own")
{
    ConversationRig rig;
    ChatWindowManager windows(*rig.hub, *rig.reader);
    ConversationView *bob = windows.openConversation({rig.xmpp, QStringLiteral("bob@localhost")});
    ConversationView *carol = windows.openConversation({rig.xmpp, QStringLiteral("carol@localhost")});
    ChatWindow *first = windows.windowOf(bob);
    ChatWindow *second = windows.detach(carol);
    REQUIRE(second);
    CHECK(second != first);
    CHECK(windows.windowOf(carol) == second);
    CHECK(first->count() == 1);
    CHECK(second->count() == 1);
    CHECK(windows.windows().size() == 2);
    // Messages still reach the moved tab.
    rig.messaging.receive({rig.xmpp, QStringLiteral("carol@localhost")}, QStringLiteral("still here?"));
    REQUIRE(waitFor([&] { return carol->model().rowCount() == 1; }));
}

TEST_CASE("Chat window: unread counts on tabs and title, and the notification hook for unfocused conversations")
{
    ConversationRig rig;
    ChatWindowManager windows(*rig.hub, *rig.reader);
    QList<std::pair<QString, QString>> hooks;
    QObject::connect(&windows, &ChatWindowManager::attentionNeeded,
                     [&](const store::StoredMessage &m, const QString &title, bool) { hooks.append({title, m.plainText}); });
    ConversationView *bob = windows.openConversation({rig.xmpp, QStringLiteral("bob@localhost")});
    ChatWindow *window = windows.windowOf(bob);
    QApplication::setActiveWindow(window);
    REQUIRE(waitFor([&] { return window->isActiveWindow(); }, 2000));
    REQUIRE(opened(bob));

    // A message for the tab in front of an active window: no unread, no hook.
    rig.messaging.receive({rig.xmpp, QStringLiteral("bob@localhost")}, QStringLiteral("hi"));
    REQUIRE(waitFor([&] { return bob->model().rowCount() == 1; }));
    CHECK(window->unread(bob) == 0);
    CHECK(hooks.isEmpty());

    // A new conversation opens in the background: counted, hook raised, focus stays.
    rig.messaging.receive({rig.xmpp, QStringLiteral("erin@localhost")}, QStringLiteral("are you there?"));
    rig.messaging.receive({rig.xmpp, QStringLiteral("erin@localhost")}, QStringLiteral("hello??"));
    REQUIRE(waitFor([&] { return hooks.size() == 2; }));
    ConversationView *erin = windows.find(ui::ConversationTarget::of(BuddyAddress{rig.xmpp, QStringLiteral("erin@localhost")}));
    REQUIRE(erin);
    CHECK(window->current() == bob);
    CHECK(window->unread(erin) == 2);
    CHECK(hooks[0] == std::pair{QStringLiteral("erin@localhost"), QStringLiteral("are you there?")});
    const int erinIndex = window->tabs().indexOf(erin);
    CHECK(window->tabs().tabText(erinIndex) == "erin@localhost (2)");
    CHECK(window->windowTitle().startsWith(QLatin1String("(2) ")));

    // Looking at it clears the count.
    window->activate(erin);
    CHECK(window->unread(erin) == 0);
    CHECK(window->tabs().tabText(erinIndex) == "erin@localhost");
    CHECK_FALSE(window->windowTitle().startsWith(QLatin1String("(")));
}

TEST_CASE("Chat window: Enter sends, Shift+Enter is a new line, the input grows, our message shows its state")
{
    ConversationRig rig;
    ChatWindowManager windows(*rig.hub, *rig.reader);
    ConversationView *bob = windows.openConversation({rig.xmpp, QStringLiteral("bob@localhost")});
    REQUIRE(opened(bob));
    ui::ChatInput &input = bob->input();
    const int oneLine = input.height();
    QTest::keyClicks(&input, QStringLiteral("first line"));
    QTest::keyClick(&input, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(&input, QStringLiteral("second line"));
    QTest::keyClick(&input, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(&input, QStringLiteral("third"));
    CHECK(input.toPlainText() == "first line\nsecond line\nthird");
    CHECK(input.height() > oneLine);
    CHECK(rig.messaging.typing.size() == 1);
    CHECK(rig.messaging.typing[0].second == TypingState::Typing);
    QTest::keyClick(&input, Qt::Key_Return);
    CHECK(input.toPlainText().isEmpty());
    CHECK(input.height() == oneLine);
    CHECK(rig.messaging.typing.last().second == TypingState::NotTyping);
    REQUIRE(waitFor([&] { return rig.messaging.sent.size() == 1; }));
    CHECK(rig.messaging.sent[0].html == "first line<br>second line<br>third");
    REQUIRE(waitFor([&] {
        return bob->model().rowCount() == 1 &&
               bob->model().index(0).data(ConversationModel::StateRole).toInt() == int(store::MessageState::Sent);
    }));
}

TEST_CASE("Chat window: links open only when clicked")
{
    ConversationRig rig;
    ChatWindowManager windows(*rig.hub, *rig.reader);
    QList<QUrl> opened;
    windows.setLinkOpener([&](const QUrl &url) { opened << url; });
    ConversationView *bob = windows.openConversation({rig.xmpp, QStringLiteral("bob@localhost")});
    ChatWindow *window = windows.windowOf(bob);
    window->resize(600, 400);
    window->show();
    REQUIRE(::opened(bob));
    rig.messaging.receive({rig.xmpp, QStringLiteral("bob@localhost")},
                          QStringLiteral("<a href=\"https://example.org/x\">https://example.org/x</a>"));
    REQUIRE(waitFor([&] { return bob->model().rowCount() == 1; }));
    test::spin(50);
    CHECK(opened.isEmpty()); // arriving, showing and hovering open nothing

    QListView &list = bob->list();
    const QRect rect = list.visualRect(bob->model().index(0));
    auto *delegate = qobject_cast<ui::MessageDelegate *>(list.itemDelegate());
    // Find a point on the link text.
    QPoint onLink;
    for (int y = rect.top(); y < rect.bottom() && onLink.isNull(); y += 2) {
        for (int x = rect.left(); x < rect.right(); x += 4) {
            if (!delegate->anchorAt(bob->model().index(0), rect, {x, y}).isEmpty()) {
                onLink = {x, y};
                break;
            }
        }
    }
    REQUIRE_FALSE(onLink.isNull());
    QTest::mouseMove(list.viewport(), onLink);
    CHECK(opened.isEmpty());
    QTest::mouseClick(list.viewport(), Qt::LeftButton, {}, onLink);
    REQUIRE(opened.size() == 1);
    CHECK(opened[0] == QUrl(QStringLiteral("https://example.org/x")));
}

TEST_CASE("Conversation: scroll-back pages through 5,000 stored messages without holding them all")
{
    ConversationRig rig;
    const BuddyAddress bob{rig.xmpp, QStringLiteral("bob@localhost")};
    test::fillConversation(*rig.store, bob, 5000);
    ChatWindowManager windows(*rig.hub, *rig.reader);
    ConversationView *view = windows.openConversation(bob);
    windows.windowOf(view)->resize(600, 500);
    windows.windowOf(view)->show();
    REQUIRE(waitFor([&] { return view->model().rowCount() == ConversationModel::kPageSize; }));
    CHECK(view->model().messageAt(view->model().rowCount() - 1).plainText.startsWith(QLatin1String("#4999 ")));
    CHECK(view->model().hasOlder());

    int maxRows = 0;
    QScrollBar *bar = view->list().verticalScrollBar();
    REQUIRE(waitFor([&] {
        maxRows = std::max(maxRows, view->model().rowCount());
        bar->setValue(0); // the user drags to the top, again and again
        return !view->model().hasOlder() && !view->model().isLoading();
    }, 60000));
    CHECK(view->model().messageAt(0).plainText.startsWith(QLatin1String("#0 ")));
    CHECK(maxRows <= 500);
    CHECK(view->model().hasNewer()); // the newest were let go on the way up

    // And back down to the newest.
    REQUIRE(waitFor([&] {
        bar->setValue(bar->maximum());
        return !view->model().hasNewer() && !view->model().isLoading();
    }, 60000));
    CHECK(view->model().messageAt(view->model().rowCount() - 1).plainText.startsWith(QLatin1String("#4999 ")));
}

TEST_CASE("Conversation: search finds a message outside the loaded window and jumps to it")
{
    ConversationRig rig;
    const BuddyAddress bob{rig.xmpp, QStringLiteral("bob@localhost")};
    test::fillConversation(*rig.store, bob, 2000);
    rig.store->indexNow().waitForFinished();
    ChatWindowManager windows(*rig.hub, *rig.reader);
    ConversationView *view = windows.openConversation(bob);
    windows.windowOf(view)->show();
    REQUIRE(waitFor([&] { return view->model().rowCount() > 0; }));
    int hits = -1;
    QObject::connect(view, &ConversationView::searchFinished, [&](int n) { hits = n; });
    view->showSearch();
    view->search(QStringLiteral("\"#12 \""));
    REQUIRE(waitFor([&] { return hits >= 0; }));
    REQUIRE(hits >= 1);
    REQUIRE(waitFor([&] {
        for (int row = 0; row < view->model().rowCount(); ++row) {
            if (view->model().index(row).data(ConversationModel::SearchHitRole).toBool())
                return view->model().messageAt(row).plainText.startsWith(QLatin1String("#12 "));
        }
        return false;
    }));
}
