// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/avatarstyle.h"

#include <QHash>
#include <QStringList>

namespace crosstalk::ui {

QString initialsOf(const QString &name)
{
    QString out;
    for (const QString &word : name.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        for (const QChar c : word) {
            if (c.isLetterOrNumber()) {
                out += c.toUpper();
                break;
            }
        }
        if (out.size() == 2)
            break;
    }
    return out.isEmpty() ? QStringLiteral("?") : out;
}

QColor avatarColorOf(const QString &name)
{
    return QColor::fromHsl(int(qHash(name) % 360), 140, 120);
}

} // namespace crosstalk::ui
