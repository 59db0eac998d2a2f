// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/history/ftsquery.h"

#include <QStringList>

namespace crosstalk::history {

namespace {

bool hasSearchableCharacter(const QString &s)
{
    for (QChar c : s) {
        if (c.isLetterOrNumber())
            return true;
    }
    return false;
}

QString quoted(QString s)
{
    s.replace(u'"', QStringLiteral("\"\""));
    return u'"' + s + u'"';
}

} // namespace

QString ftsMatchExpression(const QString &userText)
{
    QStringList terms;
    qsizetype i = 0;
    const qsizetype n = userText.size();
    while (i < n) {
        if (userText[i].isSpace()) {
            ++i;
            continue;
        }
        if (userText[i] == u'"') {
            const qsizetype close = userText.indexOf(u'"', i + 1);
            const qsizetype end = close < 0 ? n : close;
            const QString phrase = userText.mid(i + 1, end - i - 1).simplified();
            if (hasSearchableCharacter(phrase))
                terms.append(quoted(phrase));
            i = end + 1;
            continue;
        }
        qsizetype end = i;
        while (end < n && !userText[end].isSpace() && userText[end] != u'"')
            ++end;
        QString word = userText.mid(i, end - i);
        i = end;
        const bool prefix = word.endsWith(u'*');
        while (word.endsWith(u'*'))
            word.chop(1);
        if (!hasSearchableCharacter(word))
            continue;
        terms.append(quoted(word) + (prefix ? QStringLiteral("*") : QString()));
    }
    return terms.join(u' ');
}

} // namespace crosstalk::history
