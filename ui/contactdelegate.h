// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QIcon>
#include <QPixmap>
#include <QStyledItemDelegate>

#include <functional>

namespace crosstalk::ui {

class AvatarCache;

/// Paints a contact row (avatar picture or initials, presence dot, name, status line, unread badge,
/// call button) and a group header (arrow, name, online/total), in the system palette.
class ContactDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit ContactDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// Where the call button of a row sits (for hit-testing clicks).
    QRect callButtonRect(const QRect &row) const;
    static QColor presenceColor(int presenceKind);
    /// Pictures for rows whose person has one; without a cache every row shows initials.
    void setAvatarCache(AvatarCache *cache) { m_avatars = cache; }

private:
    void paintHeader(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const;
    QPixmap cachedPixmap(const QString &key, int size, const QPaintDevice *device,
                         const std::function<void(QPainter &, const QRect &)> &draw) const;

    static constexpr qsizetype kMaxCachedPixmaps = 4096;
    QIcon m_callIcon;
    mutable QHash<QString, QPixmap> m_pixmaps; ///< initials discs and presence dots, drawn once
    AvatarCache *m_avatars = nullptr;
};

} // namespace crosstalk::ui
