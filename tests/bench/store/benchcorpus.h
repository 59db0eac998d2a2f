// SPDX-License-Identifier: GPL-3.0-or-later
// Shared pieces of the store benchmarks: a deterministic, chat-like text generator and timing.
#pragma once

#include "core/store/accountrepository.h"
#include "core/store/connection.h"
#include "core/store/messagerepository.h"
#include "core/store/store.h"
#include "core/store/transaction.h"

#include <QElapsedTimer>
#include <QFile>
#include <QList>
#include <QRandomGenerator>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace crosstalk::bench {

/// Words drawn with a Zipf distribution (s = 1.1) over a 20,000-word vocabulary: a few very
/// common words ("the", "ok"), a long tail of rare ones, as in real chat.
class ChatText
{
public:
    explicit ChatText(quint32 seed)
        : m_random(seed)
    {
        static const char *common[] = {
            "the",     "i",      "you",     "to",      "a",      "and",      "it",      "is",
            "ok",      "that",   "of",      "in",      "me",     "for",      "we",      "lol",
            "what",    "yes",    "no",      "so",      "on",     "be",       "have",    "just",
            "do",      "but",    "not",     "are",     "was",    "can",      "with",    "this",
            "my",      "at",     "will",    "get",     "know",   "good",     "see",     "now",
            "think",   "time",   "like",    "going",   "home",   "tomorrow", "tonight", "meeting",
            "thanks",  "sure",   "later",   "call",    "work",   "dinner",   "train",   "coffee",
            "weekend", "garden", "project", "release", "server", "password", "photo",   "party"};
        for (const char *w : common)
            m_words << QString::fromLatin1(w);
        static const char *syllables[] = {"ka",  "lo",  "mi",  "ne",   "ru",  "sa",  "ti",
                                          "vo",  "ber", "dan", "fel",  "gor", "hin", "jas",
                                          "kel", "mor", "pel", "quin", "ros", "tam"};
        QRandomGenerator names(7);
        while (m_words.size() < 20000) {
            QString w;
            const int parts = 2 + int(names.bounded(3));
            for (int i = 0; i < parts; ++i)
                w += QLatin1String(syllables[names.bounded(20)]);
            m_words << w;
        }
        m_words.removeDuplicates();
        double sum = 0;
        for (qsizetype rank = 1; rank <= m_words.size(); ++rank) {
            sum += 1.0 / std::pow(double(rank), 1.1);
            m_cumulative.append(sum);
        }
        for (double &c : m_cumulative)
            c /= sum;
    }

    QString word()
    {
        const double u = m_random.generateDouble();
        const auto it = std::lower_bound(m_cumulative.begin(), m_cumulative.end(), u);
        return m_words[std::min<qsizetype>(it - m_cumulative.begin(), m_words.size() - 1)];
    }

    QString message()
    {
        const int n = 2 + int(m_random.bounded(18));
        QString text;
        for (int i = 0; i < n; ++i) {
            if (i)
                text += u' ';
            text += word();
        }
        return text;
    }

    const QStringList &vocabulary() const { return m_words; }
    QRandomGenerator &random() { return m_random; }

private:
    QRandomGenerator m_random;
    QStringList m_words;
    QList<double> m_cumulative;
};

/// Wall and process CPU time (all threads). The machine is shared: when it is loaded, the CPU
/// figure shows what the work itself costs.
class Timer
{
public:
    Timer() { restart(); }
    void restart()
    {
        m_wall.start();
        m_cpu = cpuNow();
    }
    double wallSeconds() const { return m_wall.nsecsElapsed() / 1e9; }
    double cpuSeconds() const { return cpuNow() - m_cpu; }

private:
    static double cpuNow()
    {
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return double(ts.tv_sec) + ts.tv_nsec / 1e9;
    }
    QElapsedTimer m_wall;
    double m_cpu = 0;
};

inline double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype index =
        std::min<qsizetype>(values.size() - 1, qsizetype(std::ceil(p * double(values.size()))) - 1);
    return values[std::max<qsizetype>(0, index)];
}

inline void figure(const char *what, double value, const char *unit, const char *goal, bool met)
{
    std::printf("%-58s %12.2f %-6s goal %-12s %s\n", what, value, unit, goal, met ? "MET" : "MISSED");
    std::fflush(stdout);
}

/// The machine is shared by several builds: say how busy it was.
inline void printLoad()
{
    QFile load(QStringLiteral("/proc/loadavg"));
    if (load.open(QIODevice::ReadOnly))
        std::printf("load average (1, 5, 15 min): %s", load.readLine().constData());
}

inline void info(const char *what, double value, const char *unit)
{
    std::printf("%-58s %12.2f %s\n", what, value, unit);
    std::fflush(stdout);
}

} // namespace crosstalk::bench
