// SPDX-License-Identifier: GPL-3.0-or-later
// Durable single-message inserts (one transaction each, as live chat) and bulk import inserts.
// Usage: bench_store_inserts [single-count=20000] [bulk-count=500000]
#include "core/history/historyrecorder.h"
#include "tests/bench/store/benchcorpus.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QTemporaryDir>

using namespace crosstalk;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int single = argc > 1 ? QByteArray(argv[1]).toInt() : 20000;
    const int bulk = argc > 2 ? QByteArray(argv[2]).toInt() : 500000;
    QTemporaryDir dir;
    bench::ChatText text(42);

    {
        store::Store s(dir.filePath(QStringLiteral("single.sqlite")));
        s.open().waitForFinished();
        history::HistoryRecorder recorder(s);
        ImMessage m;
        m.peer = {AccountId(1), QStringLiteral("bob@example.org")};
        s.write([](store::Connection &db) {
             store::AccountRepository(db).upsert(
                 {QStringLiteral("prpl-jabber"), QStringLiteral("me@x"), {}, {}, true});
         }).waitForFinished();
        QList<QString> bodies;
        for (int i = 0; i < single; ++i)
            bodies << text.message();
        bench::Timer timer;
        // Each message is committed and confirmed before the next is recorded: the strict case.
        for (int i = 0; i < single; ++i) {
            m.body = bodies[i];
            m.timestamp = QDateTime::currentDateTimeUtc();
            recorder.recordIncoming(m).waitForFinished();
        }
        const double rate = single / timer.wallSeconds();
        bench::figure("durable single inserts (own transaction, waited each)", rate, "msg/s", ">= 5000",
                      rate >= 5000);
        bench::info("  same, by CPU time used (all threads)", single / timer.cpuSeconds(), "msg/s");

        // A burst (reconnect, busy group chat): every message still its own transaction and
        // committed before its signal, but the caller does not wait for one before the next.
        bench::Timer burst;
        QList<QFuture<history::Recorded>> futures;
        futures.reserve(single);
        for (int i = 0; i < single; ++i) {
            m.body = bodies[i];
            m.timestamp = QDateTime::currentDateTimeUtc();
            futures << recorder.recordIncoming(m);
        }
        for (auto &f : futures)
            f.waitForFinished();
        const double burstRate = single / burst.wallSeconds();
        bench::figure("durable single inserts (own transaction, burst)", burstRate, "msg/s", ">= 5000",
                      burstRate >= 5000);
        bench::info("  same, by CPU time used (all threads)", single / burst.cpuSeconds(), "msg/s");
    }

    {
        store::Store s(dir.filePath(QStringLiteral("bulk.sqlite")));
        s.open().waitForFinished();
        const ConversationId conversation =
            s.write([](store::Connection &db) {
                 const AccountId a = store::AccountRepository(db).upsert(
                     {QStringLiteral("prpl-jabber"), QStringLiteral("me@x"), {}, {}, true});
                 return store::MessageRepository(db).ensureConversation({a, QStringLiteral("bob@x")});
             }).result();
        QList<store::NewMessage> messages;
        messages.reserve(bulk);
        const qint64 base = QDateTime(QDate(2015, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        for (int i = 0; i < bulk; ++i) {
            store::NewMessage m;
            m.conversation = conversation;
            m.body = text.message();
            m.sentAt = QDateTime::fromMSecsSinceEpoch(base + qint64(i) * 37000, Qt::UTC);
            m.protocolId = QStringLiteral("import:%1").arg(i);
            messages << m;
        }
        bench::Timer timer;
        constexpr int kBatch = 20000;
        for (int from = 0; from < bulk; from += kBatch) {
            const QList<store::NewMessage> batch = messages.mid(from, kBatch);
            s.write([batch](store::Connection &db) {
                store::Transaction t(db);
                store::MessageRepository repo(db);
                for (const auto &m : batch)
                    repo.insert(m);
                t.commit();
            });
        }
        s.write([](store::Connection &) {}).waitForFinished();
        const double rate = bulk / timer.wallSeconds();
        bench::figure("bulk import inserts (20,000 per transaction, FTS indexed)", rate, "msg/s", ">= 100000",
                      rate >= 100000);
        bench::info("  same, by CPU time used (all threads)", bulk / timer.cpuSeconds(), "msg/s");
    }
    bench::printLoad();
    return 0;
}
