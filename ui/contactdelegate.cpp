// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/contactdelegate.h"

#include "core/model/presence.h"
#include "ui/avatarcache.h"
#include "ui/avatarstyle.h"
#include "ui/contactlistmodel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace crosstalk::ui {

namespace {

constexpr int kRowHeight = 44;
constexpr int kAvatar = 32;
constexpr int kMargin = 6;

} // namespace

ContactDelegate::ContactDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
    , m_callIcon(QStringLiteral(":/icons/call.svg"))
{
}

QColor ContactDelegate::presenceColor(int kind)
{
    switch (PresenceKind(kind)) {
    case PresenceKind::Available:
    case PresenceKind::Chatty: return QColor(0x22, 0xc5, 0x5e);
    case PresenceKind::Away:
    case PresenceKind::ExtendedAway: return QColor(0xf5, 0x9e, 0x0b);
    case PresenceKind::Busy: return QColor(0xef, 0x44, 0x44);
    default: return QColor(0x9c, 0xa3, 0xaf);
    }
}

QSize ContactDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    // One height for every row keeps QListView's uniform-size fast path at 50,000 rows.
    return {option.rect.width(), kRowHeight};
}

QRect ContactDelegate::callButtonRect(const QRect &row) const
{
    const int size = 24;
    return {row.right() - kMargin - size, row.center().y() - size / 2, size, size};
}

void ContactDelegate::paintHeader(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QPalette &pal = option.palette;
    QRect r = option.rect.adjusted(kMargin, 0, -kMargin, 0);
    p->setPen(pal.color(QPalette::PlaceholderText));
    QFont f = option.font;
    f.setBold(true);
    p->setFont(f);
    const bool collapsed = index.data(ContactListModel::CollapsedRole).toBool();
    p->drawText(r, Qt::AlignVCenter | Qt::AlignLeft,
                (collapsed ? QStringLiteral("▸  ") : QStringLiteral("▾  ")) + index.data(Qt::DisplayRole).toString());
    p->setFont(option.font);
    p->drawText(r, Qt::AlignVCenter | Qt::AlignRight, index.data(ContactListModel::CountsRole).toString());
    p->setPen(pal.color(QPalette::Mid));
    p->drawLine(option.rect.bottomLeft(), option.rect.bottomRight());
}

QPixmap ContactDelegate::cachedPixmap(const QString &key, int size, const QPaintDevice *device,
                                      const std::function<void(QPainter &, const QRect &)> &draw) const
{
    // Anti-aliased discs drawn straight into the view cost a trip to Qt's thread pool each
    // (the raster engine farms out fills of many spans); drawn once here, rows only blit them.
    const qreal dpr = device ? device->devicePixelRatioF() : 1.0;
    const QString fullKey = key + QLatin1Char('@') + QString::number(size) + QLatin1Char('x') + QString::number(dpr);
    if (const auto it = m_pixmaps.constFind(fullKey); it != m_pixmaps.cend())
        return *it;
    if (m_pixmaps.size() >= kMaxCachedPixmaps)
        m_pixmaps.clear();
    QPixmap pixmap(QSize(size, size) * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    {
        QPainter q(&pixmap);
        q.setRenderHint(QPainter::Antialiasing);
        draw(q, QRect(0, 0, size, size));
    }
    m_pixmaps.insert(fullKey, pixmap);
    return pixmap;
}

void ContactDelegate::paint(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    if (selected)
        p->fillRect(option.rect, pal.highlight());
    else if (option.state & QStyle::State_MouseOver)
        p->fillRect(option.rect, pal.color(QPalette::AlternateBase));

    if (ContactListModel::RowKind(index.data(ContactListModel::KindRole).toInt()) == ContactListModel::RowKind::Header) {
        paintHeader(p, option, index);
        p->restore();
        return;
    }

    const QString name = index.data(ContactListModel::NameRole).toString();
    const int presence = index.data(ContactListModel::PresenceRole).toInt();
    const bool online = presence > int(PresenceKind::Invisible);
    const QRect row = option.rect;

    // Avatar: the picture when there is a usable one, else initials on a colour of the name;
    // dimmed when offline either way.
    const QRect avatar(row.left() + kMargin, row.center().y() - kAvatar / 2, kAvatar, kAvatar);
    const QString avatarHash = index.data(ContactListModel::AvatarRole).toString();
    const QPixmap picture = m_avatars && !avatarHash.isEmpty()
                                ? m_avatars->pixmap(avatarHash, kAvatar, p->device()->devicePixelRatioF())
                                : QPixmap();
    if (!picture.isNull()) {
        p->setOpacity(online ? 1.0 : 0.45);
        p->drawPixmap(avatar.topLeft(), picture);
        p->setOpacity(1.0);
    } else {
        QColor fill = avatarColorOf(name);
        if (!online)
            fill.setAlphaF(0.45);
        const QString initials = initialsOf(name.mid(1, name.size() - 2));
        const QPixmap disc = cachedPixmap(QStringLiteral("i%1/%2").arg(initials).arg(fill.rgba()), kAvatar, p->device(),
                                          [&](QPainter &q, const QRect &r) {
                                              q.setPen(Qt::NoPen);
                                              q.setBrush(fill);
                                              q.drawEllipse(r);
                                              QFont avatarFont = option.font;
                                              avatarFont.setBold(true);
                                              avatarFont.setPixelSize(kAvatar * 2 / 5);
                                              q.setFont(avatarFont);
                                              q.setPen(Qt::white);
                                              q.drawText(r, Qt::AlignCenter, initials);
                                          });
        p->drawPixmap(avatar.topLeft(), disc);
    }

    // Presence dot on the avatar's corner, ringed in the row's background colour.
    const int dot = 11;
    const QColor ring = selected ? pal.color(QPalette::Highlight) : pal.color(QPalette::Base);
    const QColor dotColor = presenceColor(presence);
    const QPixmap dotPixmap = cachedPixmap(QStringLiteral("d%1/%2").arg(dotColor.rgba()).arg(ring.rgba()), dot + 2,
                                           p->device(), [&](QPainter &q, const QRect &r) {
                                               q.setBrush(dotColor);
                                               q.setPen(QPen(ring, 2));
                                               q.drawEllipse(r.adjusted(1, 1, -1, -1));
                                           });
    p->drawPixmap(avatar.right() - dot + 1, avatar.bottom() - dot + 1, dotPixmap);

    int right = row.right() - kMargin;
    if (index.data(ContactListModel::CallableRole).toBool()) {
        const QRect call = callButtonRect(row);
        m_callIcon.paint(p, call);
        right = call.left() - kMargin;
    }
    const int unread = index.data(ContactListModel::UnreadRole).toInt();
    if (unread > 0) {
        QFont badgeFont = option.font;
        badgeFont.setBold(true);
        badgeFont.setPointSizeF(badgeFont.pointSizeF() * 0.85);
        const QString text = unread > 99 ? QStringLiteral("99+") : QString::number(unread);
        const int w = std::max(20, QFontMetrics(badgeFont).horizontalAdvance(text) + 10);
        const QRect badge(right - w, row.center().y() - 10, w, 20);
        p->setPen(Qt::NoPen);
        p->setBrush(QColor(0x3b, 0x82, 0xf6));
        p->drawRoundedRect(badge, 10, 10);
        p->setFont(badgeFont);
        p->setPen(Qt::white);
        p->drawText(badge, Qt::AlignCenter, text);
        right = badge.left() - kMargin;
    }

    const int textLeft = avatar.right() + kMargin + 4;
    const QString status = index.data(ContactListModel::StatusTextRole).toString();
    const QColor textColor = pal.color(selected ? QPalette::HighlightedText : QPalette::Text);
    QColor statusColor = textColor;
    statusColor.setAlphaF(0.6);
    QFont nameFont = option.font;
    if (unread > 0)
        nameFont.setBold(true);
    p->setFont(nameFont);
    p->setPen(online ? textColor : statusColor);
    const QFontMetrics fm(nameFont);
    const QRect nameRect(textLeft, row.top() + (status.isEmpty() ? 0 : 4), right - textLeft,
                         status.isEmpty() ? row.height() : row.height() / 2 - 2);
    p->drawText(nameRect, Qt::AlignVCenter | Qt::AlignLeft, fm.elidedText(name, Qt::ElideRight, nameRect.width()));
    if (!status.isEmpty()) {
        QFont statusFont = option.font;
        statusFont.setPointSizeF(statusFont.pointSizeF() * 0.9);
        p->setFont(statusFont);
        p->setPen(statusColor);
        const QRect statusRect(textLeft, row.center().y(), right - textLeft, row.height() / 2 - 4);
        p->drawText(statusRect, Qt::AlignTop | Qt::AlignLeft,
                    QFontMetrics(statusFont).elidedText(status, Qt::ElideRight, statusRect.width()));
    }
    p->restore();
}

} // namespace crosstalk::ui
