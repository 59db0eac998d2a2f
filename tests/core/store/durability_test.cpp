// SPDX-License-Identifier: GPL-3.0-or-later
// Durability rules of the live write path: commit before show, pending before send,
// de-duplication, and a full disk.
#include "core/history/historyrecorder.h"
#include "core/store/messagerepository.h"
#include "core/store/storeerror.h"
#include "core/store/transaction.h"
#include "tests/core/store/storetestutil.h"
#include "tests/support/tempdir.h"
#include "tests/support/waitfor.h"

#include <QElapsedTimer>
#include <QThread>

#include <catch2/catch.hpp>

using namespace crosstalk;
using history::HistoryRecorder;
using store::MessageState;

namespace {

const BuddyAddress kBob{AccountId(1), QStringLiteral("bob@example.org")};

std::unique_ptr<store::Store> storeWithAccount(const test::TempDir &dir)
{
    auto s = test::openStore(dir.filePath(QStringLiteral("crosstalk.sqlite")));
    s->write([](store::Connection &db) {
         db.exec(QStringLiteral("INSERT INTO accounts(id, protocol, username, created_at) "
                                "VALUES (1, 'prpl-jabber', 'alice@example.org', 0)"));
     }).waitForFinished();
    return s;
}

ImMessage incoming(const QString &body, bool delayed = false)
{
    ImMessage m;
    m.peer = kBob;
    m.body = body;
    m.timestamp = QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC);
    m.delayed = delayed;
    return m;
}

qint64 count(const QString &path, const QString &where = QStringLiteral("1"))
{
    return test::rawConnection(path)->queryInt(QStringLiteral("SELECT count(*) FROM messages WHERE ") +
                                               where);
}

} // namespace

TEST_CASE("durability: an incoming message is committed before messageCommitted is emitted")
{
    test::TempDir dir;
    auto s = storeWithAccount(dir);
    HistoryRecorder recorder(*s);
    qint64 rowsSeenBySlot = -1;
    store::StoredMessage shown;
    QObject::connect(&recorder, &HistoryRecorder::messageCommitted, [&](const store::StoredMessage &m) {
        // Another connection (as after a crash right now) must already see the row.
        rowsSeenBySlot = count(s->path(), QStringLiteral("id = %1").arg(m.id.value()));
        shown = m;
    });
    recorder.recordIncoming(incoming(QStringLiteral("<b>hello</b> there")));
    REQUIRE(test::waitFor([&] { return rowsSeenBySlot >= 0; }));
    CHECK(rowsSeenBySlot == 1);
    CHECK(shown.body == QStringLiteral("<b>hello</b> there"));
    CHECK(shown.plainText == QStringLiteral("hello there"));
    CHECK(shown.state == MessageState::Received);
    CHECK(shown.peer == kBob.handle);
}

TEST_CASE("durability: an outgoing message is pending before it is handed over, then updated")
{
    test::TempDir dir;
    auto s = storeWithAccount(dir);
    HistoryRecorder recorder(*s);
    const history::Recorded pending = recorder.recordOutgoing(kBob, QStringLiteral("hi bob")).result();
    CHECK(pending.message.state == MessageState::Pending);
    CHECK(count(s->path(), QStringLiteral("state = 1 AND direction = 1")) == 1);
    QList<MessageState> changes;
    QObject::connect(&recorder, &HistoryRecorder::messageStateChanged,
                     [&](MessageId, MessageState state) { changes << state; });
    recorder.setState(pending.message.id, MessageState::Sent);
    REQUIRE(test::waitFor([&] { return !changes.isEmpty(); }));
    CHECK(changes == QList<MessageState>{MessageState::Sent});
    CHECK(count(s->path(), QStringLiteral("state = 2")) == 1);
    // After a crash, what was never confirmed is still there to retry.
    recorder.recordOutgoing(kBob, QStringLiteral("second")).waitForFinished();
    const auto stillPending =
        s->write([](store::Connection &db) { return store::MessageRepository(db).pending(); }).result();
    REQUIRE(stillPending.size() == 1);
    CHECK(stillPending[0].body == QStringLiteral("second"));
}

TEST_CASE("durability: the same message arriving twice is stored once")
{
    test::TempDir dir;
    auto s = storeWithAccount(dir);
    HistoryRecorder recorder(*s);
    int committed = 0;
    QObject::connect(&recorder, &HistoryRecorder::messageCommitted, [&] { ++committed; });

    const auto first =
        recorder.recordIncoming(incoming(QStringLiteral("by id")), QStringLiteral("msg-1")).result();
    const auto again =
        recorder.recordIncoming(incoming(QStringLiteral("by id")), QStringLiteral("msg-1")).result();
    CHECK_FALSE(first.duplicate);
    CHECK(again.duplicate);
    CHECK(again.message.id == first.message.id);

    // A server replay without ids: delayed copies are matched by content and time.
    recorder.recordIncoming(incoming(QStringLiteral("offline"), true)).waitForFinished();
    recorder.recordIncoming(incoming(QStringLiteral("offline"), true)).waitForFinished();

    // Live messages without ids are never merged: two identical "ok" are two messages.
    recorder.recordIncoming(incoming(QStringLiteral("ok"))).waitForFinished();
    recorder.recordIncoming(incoming(QStringLiteral("ok"))).waitForFinished();

    CHECK(count(s->path()) == 4);
    test::waitFor([&] { return committed == 4; }, 2000);
    CHECK(committed == 4);
}

TEST_CASE("durability: group chat messages are stored in the room's conversation")
{
    test::TempDir dir;
    auto s = storeWithAccount(dir);
    HistoryRecorder recorder(*s);
    ChatMessage m;
    m.chat = {AccountId(1), QStringLiteral("club@conference.example.org")};
    m.sender = QStringLiteral("dave");
    m.body = QStringLiteral("hello room");
    m.timestamp = QDateTime::fromSecsSinceEpoch(1'700'000'100, Qt::UTC);
    m.delayed = true; // room history replayed on join
    const auto first = recorder.recordChat(m).result();
    const auto replay = recorder.recordChat(m).result();
    CHECK_FALSE(first.duplicate);
    CHECK(replay.duplicate);
    CHECK(first.message.kind == store::ConversationKind::Chat);
    CHECK(first.message.peer == QStringLiteral("club@conference.example.org"));
    CHECK(first.message.sender == QStringLiteral("dave"));
    CHECK_FALSE(first.message.buddy.isValid());
}

TEST_CASE("durability: recording never blocks the caller while the writer is busy")
{
    test::TempDir dir;
    auto s = storeWithAccount(dir);
    HistoryRecorder recorder(*s);
    s->write([](store::Connection &) { QThread::msleep(400); }); // e.g. a big import batch
    QElapsedTimer timer;
    timer.start();
    auto future = recorder.recordIncoming(incoming(QStringLiteral("while busy")));
    CHECK(timer.elapsed() < 50);
    CHECK_FALSE(future.isFinished());
    future.waitForFinished();
    CHECK(count(s->path()) == 1);
}

TEST_CASE("durability: a full disk surfaces the error and loses nothing already committed")
{
    test::TempDir dir;
    auto s = storeWithAccount(dir);
    HistoryRecorder recorder(*s);
    QStringList failures;
    QObject::connect(&recorder, &HistoryRecorder::writeFailed, [&](const QString &e) { failures << e; });

    // The database may not grow by more than a few pages: SQLite then answers SQLITE_FULL
    // exactly as it does when the file system is full.
    s->write([](store::Connection &db) {
         const qint64 pages = db.queryInt(QStringLiteral("PRAGMA page_count"));
         db.exec(QStringLiteral("PRAGMA max_page_count=%1").arg(pages + 8));
     }).waitForFinished();

    QList<MessageId> committed;
    bool sawFull = false;
    const QString bulk = QString(1500, u'x');
    for (int i = 0; i < 200 && !sawFull; ++i) {
        ImMessage m = incoming(bulk + QString::number(i));
        m.timestamp = m.timestamp.addSecs(i);
        try {
            committed << recorder.recordIncoming(m).result().message.id;
        } catch (const store::StoreError &error) {
            CHECK(error.kind() == store::StoreError::Kind::DiskFull);
            sawFull = true;
        }
    }
    REQUIRE(sawFull);
    REQUIRE(committed.size() > 0);
    REQUIRE(test::waitFor([&] { return !failures.isEmpty(); }, 2000));
    CHECK(failures.first().contains(QStringLiteral("full")));

    // Space comes back: writing resumes, and everything committed before is there.
    s->write([](store::Connection &db) {
         db.exec(QStringLiteral("PRAGMA max_page_count=1073741823"));
     }).waitForFinished();
    CHECK_NOTHROW(recorder.recordIncoming(incoming(QStringLiteral("after"))).result());
    s.reset();
    auto db = test::rawConnection(dir.filePath(QStringLiteral("crosstalk.sqlite")));
    CHECK(db->queryText(QStringLiteral("PRAGMA integrity_check")) == QStringLiteral("ok"));
    for (MessageId id : committed)
        CHECK(db->queryInt(QStringLiteral("SELECT count(*) FROM messages WHERE id = %1").arg(id.value())) ==
              1);
    CHECK(db->queryInt(QStringLiteral("SELECT count(*) FROM messages")) == committed.size() + 1);
}
