// SPDX-License-Identifier: GPL-3.0-or-later
// The call log: every call written to a real store (temp dir) with the right outcome, its
// statistics, and one line in the conversation's timeline.
#include "core/calls/calllogrecorder.h"
#include "core/conversations/accountrows.h"
#include "core/history/historyqueries.h"
#include "core/store/buddyrepository.h"
#include "core/store/callrepository.h"
#include "core/store/connection.h"
#include "core/store/messagerepository.h"
#include "core/store/personrepository.h"
#include "core/store/store.h"
#include "tests/support/fakecalls.h"
#include "tests/support/fakenetwork.h"
#include "tests/support/tempdir.h"
#include "tests/support/waitfor.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;
using store::CallOutcome;

namespace {

struct LogFixture
{
    LogFixture()
        : store(dir.filePath(QStringLiteral("calls.sqlite")))
        , recorder(store, calls)
        , logged(&recorder, &calls::CallLogRecorder::callLogged)
        , lines(&recorder, &calls::CallLogRecorder::timelineEntry)
    {
        account = accounts.add(QStringLiteral("prpl-jabber"), QStringLiteral("me@example.org/desk"));
        auto opened = store.open();
        REQUIRE(waitFor([&] { return opened.isFinished(); }));
        conversations::mirrorAccounts(store, accounts.accounts()).waitForFinished();
        bob = {account, QStringLiteral("bob@example.org")};
    }

    QList<store::CallRecord> log()
    {
        return store.write([this](store::Connection &db) {
                   const auto buddy = store::BuddyRepository(db).find(bob);
                   const PersonId person = store::PersonRepository(db).personOf(*buddy);
                   return store::CallRepository(db).forPerson(person);
               })
            .result();
    }

    store::CallRecord finish(const std::function<void()> &script)
    {
        const int before = int(logged.size());
        script();
        REQUIRE(waitFor([&] { return logged.size() > before; }));
        const QList<store::CallRecord> rows = log();
        REQUIRE_FALSE(rows.isEmpty());
        return rows.first(); // newest first
    }

    TempDir dir;
    FakeAccounts accounts;
    FakeCalls calls;
    store::Store store;
    calls::CallLogRecorder recorder;
    QSignalSpy logged;
    QSignalSpy lines;
    AccountId account;
    BuddyAddress bob;
};

} // namespace

TEST_CASE("call log: a completed outgoing call has its answer time, outcome, stats and a timeline line")
{
    LogFixture f;
    CallKey key = 0;
    const store::CallRecord row = f.finish([&] {
        key = f.calls.startCall(f.bob, nullptr);
        f.calls.remoteRinging(key);
        f.calls.remoteAnswered(key);
        CallQuality q;
        q.codec = QStringLiteral("Opus 48 kHz");
        q.sendKbps = 24.04;
        q.lossPercent = 1.26;
        q.jitterMs = 3.1;
        q.rttMs = 41;
        q.mos = 4.21;
        f.calls.setQuality(key, q);
        f.calls.end(key, CallEndReason::HungUpRemotely);
    });
    CHECK(row.outcome == CallOutcome::Completed);
    CHECK(row.direction == MessageDirection::Outgoing);
    CHECK(row.answeredAt.isValid());
    CHECK(row.endedAt.isValid());
    const QJsonObject stats = QJsonDocument::fromJson(row.statsJson.toUtf8()).object();
    CHECK(stats.value(QStringLiteral("codec")).toString() == QStringLiteral("Opus 48 kHz"));
    CHECK(stats.value(QStringLiteral("lossPercent")).toDouble() == Approx(1.3));
    CHECK(stats.value(QStringLiteral("mos")).toDouble() == Approx(4.2));
    CHECK(stats.value(QStringLiteral("encrypted")).toBool() == false);
    CHECK(stats.value(QStringLiteral("endReason")).toInt() == int(CallEndReason::HungUpRemotely));

    // The timeline: one line in the conversation with bob, flagged as a call.
    REQUIRE(waitFor([&] { return f.lines.size() == 1; }));
    const auto line = f.lines.at(0).at(0).value<store::StoredMessage>();
    CHECK(line.plainText.startsWith(QStringLiteral("Outgoing call, 0:0")));
    CHECK(line.flags & store::MessageFlag::CallEvent);
    CHECK(line.peer == f.bob.handle);
    const history::Page page = f.store.write([&](store::Connection &db) {
        history::HistoryQueries q(db);
        return q.conversation(*q.conversationWith(f.bob), {});
    }).result();
    REQUIRE(page.messages.size() == 1);
    CHECK(page.messages.first().id == line.id);
}

TEST_CASE("call log: missed, declined, cancelled and failed calls get their outcomes")
{
    LogFixture f;
    CHECK(f.finish([&] { f.calls.end(f.calls.ring(f.bob), CallEndReason::CancelledRemotely); }).outcome
          == CallOutcome::Missed);
    CHECK(f.finish([&] { f.calls.end(f.calls.ring(f.bob), CallEndReason::NoAnswer); }).outcome == CallOutcome::Missed);
    CHECK(f.finish([&] { f.calls.decline(f.calls.ring(f.bob)); }).outcome == CallOutcome::Declined);
    CHECK(f.finish([&] {
              f.calls.end(f.calls.startCall(f.bob, nullptr), CallEndReason::DeclinedRemotely);
          }).outcome == CallOutcome::Declined);
    CHECK(f.finish([&] { f.calls.hangUp(f.calls.startCall(f.bob, nullptr)); }).outcome == CallOutcome::Cancelled);
    CHECK(f.finish([&] {
              f.calls.end(f.calls.startCall(f.bob, nullptr), CallEndReason::NoAnswer);
          }).outcome == CallOutcome::Missed);
    const store::CallRecord failed = f.finish([&] {
        f.calls.end(f.calls.startCall(f.bob, nullptr), CallEndReason::Unreachable, QStringLiteral("bob is offline"));
    });
    CHECK(failed.outcome == CallOutcome::Failed);
    CHECK(QJsonDocument::fromJson(failed.statsJson.toUtf8()).object().value(QStringLiteral("endDetail")).toString()
          == QStringLiteral("bob is offline"));
    // An answered incoming call dropped by the network still counts as a call that happened.
    const store::CallRecord dropped = f.finish([&] {
        const CallKey k = f.calls.ring(f.bob);
        f.calls.answer(k);
        f.calls.connectMedia(k);
        f.calls.end(k, CallEndReason::NetworkLost);
    });
    CHECK(dropped.outcome == CallOutcome::Completed);
    CHECK(dropped.direction == MessageDirection::Incoming);

    REQUIRE(waitFor([&] { return f.lines.size() == 8; }));
    QStringList texts;
    for (const auto &args : std::as_const(f.lines))
        texts << args.at(0).value<store::StoredMessage>().plainText;
    CHECK(texts.at(0) == QStringLiteral("Missed call"));
    CHECK(texts.at(2) == QStringLiteral("Call declined"));
    CHECK(texts.at(3) == QStringLiteral("Call declined by the other side"));
    CHECK(texts.at(4) == QStringLiteral("Call cancelled"));
    CHECK(texts.at(5) == QStringLiteral("Call not answered"));
    CHECK(texts.at(6).startsWith(QStringLiteral("Call failed: bob@example.org cannot take calls right now.")));
    CHECK(texts.at(7).startsWith(QStringLiteral("Incoming call, 0:0")));

    // "Last used" for routing: the outgoing calls and the answered incoming one.
    const auto last = f.recorder.loadLastCalls().result();
    CHECK(last.contains(f.bob));
}
