// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/ids.h"

#include <QCache>
#include <QStyledItemDelegate>
#include <QUrl>

class QListView;

namespace crosstalk::ui {

class MessageDocument;

/// Paints one message of a ConversationModel: a day line above the first message of a day, a
/// header (sender, time) above the first of a group, the body as a sanitized rich-text
/// document, and the delivery state of our own messages. Bodies are laid out once per width
/// and cached by message id. Links react only to a click (linkActivated); nothing opens by
/// itself.
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit MessageDelegate(QListView *view);
    ~MessageDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    /// Where a click at `pos` (viewport coordinates) lands: a link target or nothing.
    QString anchorAt(const QModelIndex &index, const QRect &itemRect, const QPoint &pos) const;
    /// True when `pos` is on the "retry" line of a failed message.
    bool isOnRetry(const QModelIndex &index, const QRect &itemRect, const QPoint &pos) const;
    /// The local name shown for our own messages.
    void setOwnName(const QString &name) { m_ownName = name; }

Q_SIGNALS:
    void linkActivated(const QUrl &url);
    void retryRequested(crosstalk::MessageId id);

protected:
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;

private:
    struct Geometry
    {
        QRect day;    ///< date line, empty if none
        QRect header; ///< sender and time, empty if grouped
        QRect body;
        QRect status; ///< right column: time of grouped rows, delivery state
        QRect retry;  ///< failed messages: the retry line
        int height = 0;
    };
    Geometry geometry(const QRect &itemRect, const QModelIndex &index) const;
    MessageDocument *document(const QModelIndex &index, int width) const;
    int bodyWidth(int itemWidth) const;

    QListView *m_view;
    QString m_ownName;
    mutable QCache<qint64, MessageDocument> m_documents;
};

} // namespace crosstalk::ui
