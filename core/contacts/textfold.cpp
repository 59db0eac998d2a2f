// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/contacts/textfold.h"

namespace crosstalk::contacts {

QString foldForMatch(const QString &text)
{
    // Latin-1 ASCII is by far the common case: skip the decomposition for it.
    bool ascii = true;
    for (const QChar c : text) {
        if (c.unicode() >= 0x80) {
            ascii = false;
            break;
        }
    }
    const QString decomposed = ascii ? text : text.normalized(QString::NormalizationForm_KD);
    QString out;
    out.reserve(decomposed.size());
    bool pendingSpace = false;
    for (const QChar c : decomposed) {
        if (c.isMark())
            continue;
        if (c.isLetterOrNumber()) {
            if (pendingSpace && !out.isEmpty())
                out += QLatin1Char(' ');
            pendingSpace = false;
            out += c.toCaseFolded();
        } else {
            pendingSpace = true;
        }
    }
    // Single-character folding keeps "ß"; full folding (as in German sorting) makes it "ss".
    out.replace(QChar(0x00DF), QStringLiteral("ss"));
    return out;
}

QString phoneDigits(const QString &text)
{
    QString digits;
    for (const QChar c : text) {
        if (c.isDigit())
            digits += c;
        else if (!QStringLiteral(" +-().").contains(c))
            return {};
    }
    return digits.size() >= 7 ? digits : QString();
}

bool isEmailLike(const QString &text)
{
    const qsizetype at = text.indexOf(QLatin1Char('@'));
    if (at <= 0 || at != text.lastIndexOf(QLatin1Char('@')))
        return false;
    const QString domain = text.mid(at + 1).section(QLatin1Char('/'), 0, 0);
    return domain.contains(QLatin1Char('.')) && !domain.startsWith(QLatin1Char('.'))
           && !domain.endsWith(QLatin1Char('.')) && !text.contains(QLatin1Char(' '));
}

} // namespace crosstalk::contacts
