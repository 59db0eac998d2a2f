// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIcon>
#include <QStyledItemDelegate>

namespace crosstalk::ui {

/// Paints a contact row (initials avatar, presence dot, name, status line, unread badge,
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

private:
    void paintHeader(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const;
    QIcon m_callIcon;
};

} // namespace crosstalk::ui
