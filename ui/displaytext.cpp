// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/displaytext.h"

#include <algorithm>

namespace crosstalk::ui {

namespace {

bool isBidiControl(char16_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F
           || c == 0x061C;
}

} // namespace

QString displaySafe(const QString &text, int maxChars)
{
    QString out;
    out.reserve(std::min<qsizetype>(text.size(), maxChars) + 2);
    int kept = 0;
    for (const QChar c : text) {
        if (kept >= maxChars) {
            out += QChar(0x2026); // …
            break;
        }
        if (isBidiControl(c.unicode()))
            continue; // an override would reorder what follows the name
        if (c.category() == QChar::Other_Control || c.category() == QChar::Separator_Line
            || c.category() == QChar::Separator_Paragraph) {
            out += QLatin1Char(' ');
        } else {
            out += c;
        }
        ++kept;
    }
    // First-strong isolation: a right-to-left name stays inside its own run.
    return QChar(0x2068) + out.trimmed() + QChar(0x2069);
}

} // namespace crosstalk::ui
