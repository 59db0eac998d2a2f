// SPDX-License-Identifier: GPL-3.0-or-later
// History at scale: builds a database of N messages (default 1,000,000; 2,000 buddies, one
// conversation of 100,000 messages, fixed seed), then measures full-text search (one word and
// phrase, newest 50 hits with snippets), opening a conversation (newest 100), and the size.
// Usage: bench_store_history [messages=1000000] [database path to keep/reuse]
#include "core/history/historyqueries.h"
#include "core/history/historyreader.h"
#include "tests/bench/store/benchcorpus.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QTemporaryDir>

using namespace crosstalk;

namespace {

constexpr int kBuddies = 2000;
constexpr int kBigConversation = 100000;

struct Built
{
    QStringList samples; ///< some generated texts, for phrase queries
    ConversationId big;
};

Built build(store::Store &s, int total, bench::ChatText &text)
{
    Built built;
    const QList<ConversationId> conversations =
        s.write([](store::Connection &db) {
             store::Transaction t(db);
             store::AccountRepository accounts(db);
             store::MessageRepository messages(db);
             QList<ConversationId> ids;
             const AccountId xmpp =
                 accounts.upsert({QStringLiteral("prpl-jabber"), QStringLiteral("me@x"), {}, {}, true});
             const AccountId irc =
                 accounts.upsert({QStringLiteral("prpl-irc"), QStringLiteral("me@irc"), {}, {}, true});
             for (int b = 0; b < kBuddies; ++b)
                 ids << messages.ensureConversation(
                     {b % 4 ? xmpp : irc, QStringLiteral("buddy%1@example.org").arg(b)});
             t.commit();
             return ids;
         }).result();
    built.big = conversations.first();
    const qint64 start = QDateTime(QDate(2019, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 span = 5LL * 365 * 24 * 3600 * 1000;
    bench::Timer timer;
    double generating = 0;
    constexpr int kBatch = 20000;
    for (int from = 0; from < total; from += kBatch) {
        bench::Timer generation;
        QList<store::NewMessage> batch;
        for (int i = from; i < std::min(total, from + kBatch); ++i) {
            store::NewMessage m;
            // Every tenth message belongs to the big conversation (100,000 of 1,000,000).
            const bool big = i % (total / kBigConversation > 0 ? total / kBigConversation : 1) == 0;
            m.conversation = big ? built.big : conversations[1 + int(text.random().bounded(kBuddies - 1))];
            m.direction = text.random().bounded(2) ? MessageDirection::Outgoing : MessageDirection::Incoming;
            m.sentAt = QDateTime::fromMSecsSinceEpoch(start + span / total * i, Qt::UTC);
            m.body = text.message();
            if (i % 5000 == 0)
                built.samples << m.body;
            batch << m;
        }
        generating += generation.cpuSeconds();
        s.write([batch](store::Connection &db) {
            store::Transaction t(db);
            store::MessageRepository repo(db);
            for (const auto &m : batch)
                repo.insertBulk(m);
            repo.finishBulk();
            t.commit();
        });
    }
    s.write([](store::Connection &db) {
         db.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
     }).waitForFinished();
    const double rate = total / timer.wallSeconds();
    bench::figure("bulk inserts while building (20,000 per transaction)", rate, "msg/s", ">= 100000",
                  rate >= 100000);
    bench::info("  same, by CPU time used (all threads, text generation excluded)",
                total / (timer.cpuSeconds() - generating), "msg/s");
    return built;
}

double ms(const QElapsedTimer &t)
{
    return t.nsecsElapsed() / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int total = argc > 1 ? QByteArray(argv[1]).toInt() : 1000000;
    QTemporaryDir tmp;
    const QString path =
        argc > 2 ? QString::fromLocal8Bit(argv[2]) : tmp.filePath(QStringLiteral("history.sqlite"));
    const bool reuse = QFileInfo::exists(path);
    bench::ChatText text(1234);
    store::Store s(path);
    s.open().waitForFinished();
    std::printf("database: %s (%s), %d messages, %d buddies\n", qPrintable(path), reuse ? "reused" : "built",
                total, kBuddies);
    Built built;
    if (reuse) {
        for (int i = 0; i < 200; ++i)
            built.samples << text.message();
        built.big = ConversationId(1);
    } else {
        built = build(s, total, text);
    }
    const double sizeMb =
        (QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size()) / 1048576.0;
    bench::info("database size", sizeMb, "MiB");
    bench::info("database size per 1,000,000 messages", sizeMb * 1e6 / total, "MiB");

    auto db = s.openReader();
    history::HistoryQueries queries(*db);
    const QStringList &vocabulary = text.vocabulary();
    QRandomGenerator pick(99);

    // One-word queries over the whole frequency range (log-uniform rank), newest 50 with snippets.
    QList<double> word;
    int wordHits = 0;
    for (int i = 0; i < 300; ++i) {
        const int rank = int(std::exp(pick.generateDouble() * std::log(double(vocabulary.size())))) - 1;
        history::SearchQuery q;
        q.text = vocabulary[std::clamp(rank, 0, int(vocabulary.size()) - 1)];
        QElapsedTimer t;
        t.start();
        wordHits += int(queries.search(q).hits.size());
        word << ms(t);
    }
    bench::figure("search one word, newest 50 with snippets: p95", bench::percentile(word, 0.95), "ms",
                  "<= 20", bench::percentile(word, 0.95) <= 20);
    bench::info("  p50", bench::percentile(word, 0.50), "ms");
    bench::info("  max", bench::percentile(word, 1.0), "ms");
    bench::info("  mean hits per query", wordHits / 300.0, "");

    QList<double> phrase;
    int phraseHits = 0;
    for (int i = 0; i < 200; ++i) {
        const QStringList words = built.samples[i % built.samples.size()].split(u' ');
        const int at = int(pick.bounded(qMax(1, int(words.size()) - 1)));
        history::SearchQuery q;
        q.text = u'"' + words.mid(at, 2).join(u' ') + u'"';
        QElapsedTimer t;
        t.start();
        phraseHits += int(queries.search(q).hits.size());
        phrase << ms(t);
    }
    bench::figure("search phrase, newest 50 with snippets: p95", bench::percentile(phrase, 0.95), "ms",
                  "<= 50", bench::percentile(phrase, 0.95) <= 50);
    bench::info("  p50", bench::percentile(phrase, 0.50), "ms");
    bench::info("  mean hits per query", phraseHits / 200.0, "");

    QList<double> filtered;
    for (int i = 0; i < 100; ++i) {
        history::SearchQuery q;
        q.text = vocabulary[int(pick.bounded(200))];
        q.account = AccountId(2);
        q.direction = MessageDirection::Outgoing;
        q.from = QDateTime(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC);
        q.to = QDateTime(QDate(2022, 1, 1), QTime(0, 0), Qt::UTC);
        QElapsedTimer t;
        t.start();
        queries.search(q);
        filtered << ms(t);
    }
    bench::info("search one word with account+direction+date filters: p95", bench::percentile(filtered, 0.95),
                "ms");

    const qint64 bigCount = db->queryInt(
        QStringLiteral("SELECT count(*) FROM messages WHERE conversation_id = %1").arg(built.big.value()));
    QList<double> open;
    for (int i = 0; i < 200; ++i) {
        QElapsedTimer t;
        t.start();
        const auto page = queries.conversation(built.big, {MessageId(), history::PageDirection::Older, 100});
        open << ms(t);
        if (page.messages.size() != 100)
            return 1;
    }
    std::printf("conversation used for opening: %lld messages\n", static_cast<long long>(bigCount));
    bench::figure("open conversation: newest 100 messages, p95", bench::percentile(open, 0.95), "ms", "<= 5",
                  bench::percentile(open, 0.95) <= 5);
    bench::info("  p50", bench::percentile(open, 0.50), "ms");

    history::HistoryReader reader(s);
    QList<double> viaReader;
    for (int i = 0; i < 100; ++i) {
        QElapsedTimer t;
        t.start();
        reader.conversation(built.big, {}).waitForFinished();
        viaReader << ms(t);
    }
    bench::info("open conversation through HistoryReader (thread hop): p95",
                bench::percentile(viaReader, 0.95), "ms");
    bench::printLoad();
    return 0;
}
