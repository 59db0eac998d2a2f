// SPDX-License-Identifier: GPL-3.0-or-later
// File transfers in the chat window (offscreen, real widgets, a scripted transfer service).
#include "tests/support/conversationfakes.h"
#include "tests/support/tempdir.h"
#include "tests/support/waitfor.h"
#include "ui/chatinput.h"
#include "ui/chatwindow.h"
#include "ui/chatwindowmanager.h"
#include "ui/conversationmodel.h"
#include "ui/conversationview.h"
#include "ui/transferlist.h"

#include <QApplication>
#include <QDir>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QTest>
#include <QToolButton>
#include <QUrl>

#include <catch2/catch.hpp>

using namespace crosstalk;
using crosstalk::test::ConversationRig;
using crosstalk::test::FakeFileTransfers;
using crosstalk::test::waitFor;
using State = FileTransfer::State;

TEST_CASE("File transfer UI: an incoming offer opens the conversation with inline Accept, then progress, cancel and done")
{
    ConversationRig rig;
    FakeFileTransfers ft;
    ui::ChatWindowManager windows(*rig.hub, *rig.reader);
    windows.setFileTransfers(&ft);
    const BuddyAddress bob{rig.xmpp, QStringLiteral("bob@localhost")};

    const TransferId id = ft.offer(bob, QStringLiteral("holiday.jpg"), 4 * 1024 * 1024);
    ui::ConversationView *view = windows.find(ui::ConversationTarget::of(bob));
    REQUIRE(view); // the offer opened the conversation (in the background)
    REQUIRE(view->transfers());
    ui::TransferRow *row = view->transfers()->row(id);
    REQUIRE(row);
    CHECK(row->acceptButton().isVisibleTo(view));
    CHECK(row->declineButton().isVisibleTo(view));
    CHECK(!row->cancelButton().isVisibleTo(view));
    CHECK(row->statusText().contains(QLatin1String("wants to send you")));
    CHECK(QApplication::activeModalWidget() == nullptr); // nothing modal

    QTest::mouseClick(&row->acceptButton(), Qt::LeftButton);
    CHECK(ft.list[id.value()].state == State::Waiting);
    CHECK(!row->acceptButton().isVisibleTo(view));
    CHECK(row->cancelButton().isVisibleTo(view));

    ft.progress(id, 1024 * 1024);
    CHECK(row->progress().value() == 25);
    CHECK(row->statusText().contains(QLatin1String("25%")));
    ft.progress(id, 4 * 1024 * 1024);
    CHECK(row->progress().value() == 100);
    CHECK(row->statusText().contains(QLatin1String("/downloads/holiday.jpg")));
    CHECK(!row->cancelButton().isVisibleTo(view));
    CHECK(row->dismissButton().isVisibleTo(view));

    // A second offer is declined; a third is cancelled mid-way and shows it.
    const TransferId declined = ft.offer(bob, QStringLiteral("spam.exe"), 100);
    QTest::mouseClick(&view->transfers()->row(declined)->declineButton(), Qt::LeftButton);
    CHECK(ft.list[declined.value()].state == State::Declined);
    CHECK(view->transfers()->row(declined)->statusText().startsWith(QLatin1String("Declined")));
    const TransferId cancelled = ft.offer(bob, QStringLiteral("big.iso"), 1000);
    QTest::mouseClick(&view->transfers()->row(cancelled)->acceptButton(), Qt::LeftButton);
    ft.progress(cancelled, 300);
    QTest::mouseClick(&view->transfers()->row(cancelled)->cancelButton(), Qt::LeftButton);
    CHECK(ft.list[cancelled.value()].state == State::Cancelled);
    CHECK(view->transfers()->row(cancelled)->statusText() == "Cancelled");
    ft.set(cancelled, State::Failed, QStringLiteral("bob cancelled the transfer"));
    CHECK(view->transfers()->row(cancelled)->statusText() == "Failed: bob cancelled the transfer");

    // Dismissing finished rows removes them.
    QTest::mouseClick(&view->transfers()->row(declined)->dismissButton(), Qt::LeftButton);
    REQUIRE(waitFor([&] { return view->transfers()->row(declined) == nullptr; }));
    CHECK(view->transfers()->count() == 2);
}

TEST_CASE("File transfer UI: files are sent by drop onto the conversation and onto the input, refusals say why")
{
    ConversationRig rig;
    FakeFileTransfers ft;
    ui::ChatWindowManager windows(*rig.hub, *rig.reader);
    windows.setFileTransfers(&ft);
    const BuddyAddress bob{rig.xmpp, QStringLiteral("bob@localhost")};
    ui::ConversationView *view = windows.openConversation(bob);
    REQUIRE(view->attachButton());
    CHECK(view->attachButton()->isVisibleTo(view));

    // A drop on the conversation (what a file manager sends: text/uri-list).
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(QStringLiteral("/tmp/a.txt")), QUrl::fromLocalFile(QStringLiteral("/tmp/b.txt"))});
    QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view, &enter);
    CHECK(enter.isAccepted());
    QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view, &drop);
    REQUIRE(ft.list.size() == 2);
    CHECK(ft.list[1].peer == bob);
    CHECK(ft.list[1].localPath == "/tmp/a.txt");
    CHECK(view->transfers()->count() == 2);
    CHECK(view->transfers()->row(TransferId(1))->statusText().contains(QLatin1String("Waiting for bob@localhost")));

    // Dropped (or pasted) onto the input: offered as a file, not inserted as text.
    QMimeData one;
    one.setUrls({QUrl::fromLocalFile(QStringLiteral("/tmp/c.txt"))});
    QDropEvent onInput(QPointF(5, 5), Qt::CopyAction, &one, Qt::LeftButton, Qt::NoModifier);
    QDragEnterEvent enterInput(QPoint(5, 5), Qt::CopyAction, &one, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view->input().viewport(), &enterInput);
    QApplication::sendEvent(view->input().viewport(), &onInput);
    CHECK(ft.list.size() == 3);
    CHECK(view->input().toPlainText().isEmpty());

    ft.refused << QStringLiteral("/tmp/secret");
    view->sendFiles({QStringLiteral("/tmp/secret")});
    CHECK(ft.list.size() == 3);

    // Rooms have no file transfer.
    rig.chats.joinChat({rig.xmpp, QStringLiteral("dev@conference.localhost")}, {}, {});
    ui::ConversationView *room = windows.openChat({rig.xmpp, QStringLiteral("dev@conference.localhost")});
    CHECK(!room->attachButton()->isVisibleTo(room));
    CHECK(room->transfers() == nullptr);
}

TEST_CASE("Screenshot: a conversation with transfers in progress")
{
    ConversationRig rig;
    FakeFileTransfers ft;
    ui::ChatWindowManager windows(*rig.hub, *rig.reader);
    windows.setFileTransfers(&ft);
    const BuddyAddress bob{rig.xmpp, QStringLiteral("bob@localhost")};
    ui::ConversationView *view = windows.openConversation(bob);
    ui::ChatWindow *window = windows.windowOf(view);
    window->resize(760, 560);
    window->show();
    rig.messaging.receive(bob, QStringLiteral("Here are the photos from Saturday"));
    REQUIRE(waitFor([&] { return view->model().rowCount() == 1; }));
    const TransferId photos = ft.offer(bob, QStringLiteral("saturday-photos.zip"), 48 * 1024 * 1024);
    ft.accept(photos);
    ft.progress(photos, 31 * 1024 * 1024);
    view->sendFiles({QStringLiteral("/home/alice/notes.pdf")});
    ft.offer(bob, QStringLiteral("video.mp4"), 230 * 1024 * 1024);
    const TransferId failed = ft.offer(bob, QStringLiteral("draft.odt"), 30 * 1024);
    ft.set(failed, State::Failed, QStringLiteral("bob cancelled the transfer"));
    QTest::qWait(50);
    QDir().mkpath(QStringLiteral(CROSSTALK_TEST_ARTIFACTS_DIR));
    const QString path = QStringLiteral(CROSSTALK_TEST_ARTIFACTS_DIR "/conversation-transfers.png");
    REQUIRE(window->grab().save(path));
    WARN("screenshot: " << path.toStdString());
}
