// SPDX-License-Identifier: GPL-3.0-or-later
// The emoji picker in the chat input (offscreen, real widgets).
#include "tests/support/conversationfakes.h"
#include "tests/support/waitfor.h"
#include "ui/chatinput.h"
#include "ui/chatwindow.h"
#include "ui/chatwindowmanager.h"
#include "ui/conversationview.h"
#include "ui/emojipicker.h"

#include <QTest>
#include <QToolButton>

#include <catch2/catch.hpp>

using namespace crosstalk;
using crosstalk::test::ConversationRig;
using crosstalk::ui::EmojiPicker;

TEST_CASE("Emoji picker: a popup grid inserts at the cursor, recently used first")
{
    EmojiPicker::setRecents({});
    ConversationRig rig;
    ui::ChatWindowManager windows(*rig.hub, *rig.reader);
    ui::ConversationView *view = windows.openConversation({rig.xmpp, QStringLiteral("bob@localhost")});
    windows.windowOf(view)->show();
    REQUIRE(view->emojiButton());
    CHECK(view->emojiButton()->isVisible());

    view->input().setPlainText(QStringLiteral("see you  soon"));
    QTextCursor cursor = view->input().textCursor();
    cursor.setPosition(8); // between the two spaces
    view->input().setTextCursor(cursor);

    QTest::mouseClick(view->emojiButton(), Qt::LeftButton);
    EmojiPicker *picker = view->emojiPicker();
    REQUIRE(picker->isVisible());
    REQUIRE(picker->buttons().size() >= 48);
    const QString party = QString::fromUcs4(U"\U0001F389");
    QToolButton *partyButton = nullptr;
    for (QToolButton *b : picker->buttons()) {
        if (b->text() == party)
            partyButton = b;
    }
    REQUIRE(partyButton);
    CHECK(picker->buttons().first()->text() != party);
    QTest::mouseClick(partyButton, Qt::LeftButton);
    CHECK(!picker->isVisible());
    CHECK(view->input().toPlainText() == QStringLiteral("see you ") + party + QStringLiteral(" soon"));

    // Next time it comes first, and is not listed twice.
    QTest::mouseClick(view->emojiButton(), Qt::LeftButton);
    REQUIRE(picker->isVisible());
    CHECK(picker->buttons().first()->text() == party);
    CHECK(EmojiPicker::shown().count(party) == 1);
    const QString thumbs = QString::fromUcs4(U"\U0001F44D");
    for (QToolButton *b : picker->buttons()) {
        if (b->text() == thumbs) {
            QTest::mouseClick(b, Qt::LeftButton);
            break;
        }
    }
    CHECK(EmojiPicker::recents() == QStringList{thumbs, party});

    // The list is capped, most recent first.
    for (int i = 0; i < 40; ++i)
        EmojiPicker::noteUsed(QString::number(i));
    CHECK(EmojiPicker::recents().size() == EmojiPicker::kMaxRecents);
    CHECK(EmojiPicker::recents().first() == "39");
    picker->hide();
}
