// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/statusicon.h"

#include <QPainter>
#include <QPixmap>

namespace crosstalk::ui {

namespace {

QColor colourOf(PresenceKind kind)
{
    switch (kind) {
    case PresenceKind::Available:
    case PresenceKind::Chatty: return QColor(0x2e, 0xa0, 0x43);
    case PresenceKind::Away:
    case PresenceKind::ExtendedAway: return QColor(0xe0, 0x9b, 0x12);
    case PresenceKind::Busy: return QColor(0xd0, 0x31, 0x2d);
    case PresenceKind::Invisible: return QColor(0x7a, 0x8a, 0x99);
    case PresenceKind::Offline:
    case PresenceKind::Unknown: break;
    }
    return QColor(0x9a, 0x9a, 0x9a);
}

QPixmap draw(int size, PresenceKind kind, int unread, int missed)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal m = size * 0.08;
    const QRectF disc(m, m, size - 2 * m, size - 2 * m);
    const QColor colour = colourOf(kind);
    if (kind == PresenceKind::Invisible) {
        p.setPen(QPen(colour, size * 0.12));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(disc.adjusted(size * 0.06, size * 0.06, -size * 0.06, -size * 0.06));
    } else {
        p.setPen(QPen(colour.darker(130), size * 0.04));
        p.setBrush(colour);
        p.drawEllipse(disc);
    }
    if (kind == PresenceKind::Busy) { // a bar, as road signs and most IM clients draw it
        p.setPen(Qt::NoPen);
        p.setBrush(Qt::white);
        p.drawRoundedRect(QRectF(size * 0.28, size * 0.44, size * 0.44, size * 0.12), size * 0.04, size * 0.04);
    } else if (kind == PresenceKind::Away || kind == PresenceKind::ExtendedAway) { // clock hands
        p.setPen(QPen(Qt::white, size * 0.09, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(size * 0.5, size * 0.5), QPointF(size * 0.5, size * 0.26));
        p.drawLine(QPointF(size * 0.5, size * 0.5), QPointF(size * 0.68, size * 0.6));
    }
    if (missed > 0) {
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xc0, 0x10, 0x10));
        p.drawPolygon(QPolygonF({QPointF(0, 0), QPointF(size * 0.45, 0), QPointF(0, size * 0.45)}));
    }
    if (unread > 0) {
        const QRectF badge(size * 0.42, size * 0.42, size * 0.58, size * 0.58);
        p.setPen(QPen(Qt::white, size * 0.04));
        p.setBrush(QColor(0x1f, 0x5f, 0xd1));
        p.drawEllipse(badge);
        QFont font = p.font();
        font.setBold(true);
        font.setPixelSize(std::max(6, int(size * (unread > 9 ? 0.26 : 0.36))));
        p.setFont(font);
        p.setPen(Qt::white);
        p.drawText(badge, Qt::AlignCenter, unread > 99 ? QStringLiteral("99+") : QString::number(unread));
    }
    return pixmap;
}

} // namespace

QIcon statusIcon(PresenceKind kind, int unread, int missedCalls)
{
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48, 64})
        icon.addPixmap(draw(size, kind, unread, missedCalls));
    return icon;
}

} // namespace crosstalk::ui
