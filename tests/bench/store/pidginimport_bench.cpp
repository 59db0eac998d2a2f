// SPDX-License-Identifier: GPL-3.0-or-later
// Pidgin import of N messages in N/10 HTML log files (default 1,000,000 in 100,000).
// Usage: bench_store_pidgin_import [messages=1000000]
#include "core/history/pidginimporter.h"
#include "tests/bench/store/benchcorpus.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

using namespace crosstalk;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int total = argc > 1 ? QByteArray(argv[1]).toInt() : 1000000;
    constexpr int kPerFile = 10;
    const int files = total / kPerFile;
    QTemporaryDir tmp;
    const QString purple = tmp.filePath(QStringLiteral("purple"));
    bench::ChatText text(5);

    QElapsedTimer timer;
    timer.start();
    QFile accounts(purple + QStringLiteral("/accounts.xml"));
    QDir().mkpath(purple);
    accounts.open(QIODevice::WriteOnly);
    accounts.write("<?xml version='1.0' encoding='UTF-8' ?>\n<account "
                   "version='1.0'><account><protocol>prpl-jabber</protocol>"
                   "<name>me@example.org/Home</name><alias>Me</alias></account></account>\n");
    accounts.close();
    const QDateTime start(QDate(2010, 1, 1), QTime(9, 0), Qt::UTC);
    for (int f = 0; f < files; ++f) {
        const QString buddy = QStringLiteral("buddy%1@example.org").arg(f % 2000);
        const QDateTime when = start.addSecs(qint64(f) * 3600);
        const QString dir = purple + QStringLiteral("/logs/jabber/me@example.org/") + buddy;
        if (f < 2000)
            QDir().mkpath(dir);
        QFile log(dir + when.toString(QStringLiteral("/yyyy-MM-dd.HHmmss'+0000UTC.html'")));
        log.open(QIODevice::WriteOnly);
        QByteArray content =
            "<html><head><meta http-equiv=\"content-type\" content=\"text/html; "
            "charset=UTF-8\"><title>Conversation with " +
            buddy.toUtf8() +
            " at ... on me@example.org/Home (jabber)</title></head><body><h3>Conversation with " +
            buddy.toUtf8() + "</h3>\n";
        for (int m = 0; m < kPerFile; ++m) {
            const bool mine = m % 2;
            content += QByteArray(mine ? "<font color=\"#16569E\">" : "<font color=\"#A82F2F\">") +
                       "<font size=\"2\">(" +
                       when.addSecs(m * 20).toString(QStringLiteral("hh:mm:ss")).toUtf8() + ")</font> <b>" +
                       (mine ? QByteArray("Me") : buddy.toUtf8()) + ":</b></font> " +
                       text.message().toUtf8() + "<br/>\n";
        }
        content += "</body></html>\n";
        log.write(content);
    }
    std::printf("generated %d log files with %d messages in %.1f s\n", files, files * kPerFile,
                timer.nsecsElapsed() / 1e9);

    store::Store s(tmp.filePath(QStringLiteral("crosstalk.sqlite")));
    s.open().waitForFinished();
    history::PidginImporter importer(s, nullptr);
    history::PidginImportOptions options;
    options.purpleDir = purple;
    bench::Timer importTimer;
    int lastPercent = -1;
    const auto summary = importer.run(options, [&](const history::PidginImportProgress &p) {
        const int percent = p.filesTotal ? p.filesDone * 100 / p.filesTotal : 0;
        if (percent / 10 != lastPercent / 10) {
            std::fprintf(stderr, "  %d%% (%lld messages)\n", percent,
                         static_cast<long long>(p.messagesAdded));
            lastPercent = percent;
        }
    });
    const double seconds = importTimer.wallSeconds();
    const double cpu = importTimer.cpuSeconds();
    std::printf("imported %lld messages from %d files, %lld problems\n",
                static_cast<long long>(summary.messagesAdded), summary.logFiles,
                static_cast<long long>(summary.problems.size()));
    const double scaled = seconds * 1e6 / qMax<qint64>(1, summary.messagesAdded);
    bench::info("import time", seconds, "s");
    bench::info("  CPU time used (all threads; parsing and writing overlap)", cpu, "s");
    bench::figure("pidgin import, scaled to 1,000,000 messages / 100,000 files", scaled, "s", "<= 60",
                  scaled <= 60);
    timer.restart();
    const auto again = importer.run(options);
    bench::info("second import (idempotent, adds nothing)", timer.nsecsElapsed() / 1e9, "s");
    return again.messagesAdded == 0 ? 0 : 1;
}
