// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/messagedelegate.h"

#include "core/model/message.h"
#include "core/store/records.h"
#include "ui/conversationmodel.h"
#include "ui/messagedocument.h"

#include <QAbstractTextDocumentLayout>
#include <QHelpEvent>
#include <QListView>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace crosstalk::ui {

namespace {

constexpr int kSide = 14;      // left and right margin
constexpr int kStatusWidth = 64; // right column: time, delivery state
constexpr int kDayHeight = 30;
constexpr int kGroupGap = 8;   // space above a new group
constexpr int kRowGap = 2;

QColor senderColor(const QString &sender)
{
    // A stable colour per name, dark enough to read on a light background.
    const int hue = int(qHash(sender) % 360);
    return QColor::fromHsv(hue, 170, 150);
}

QString dayText(const QDate &date)
{
    const QDate today = QDate::currentDate();
    if (date == today)
        return QObject::tr("Today");
    if (date == today.addDays(-1))
        return QObject::tr("Yesterday");
    return QLocale().toString(date, QLocale::LongFormat);
}

QString stateGlyph(store::MessageState state)
{
    switch (state) {
    case store::MessageState::Pending: return QStringLiteral("◷");
    case store::MessageState::Sent: return QStringLiteral("✓");
    case store::MessageState::Delivered: return QStringLiteral("✓✓");
    case store::MessageState::Failed: return QStringLiteral("⚠");
    default: return {};
    }
}

} // namespace

MessageDelegate::MessageDelegate(QListView *view)
    : QStyledItemDelegate(view)
    , m_view(view)
    , m_ownName(tr("Me"))
    , m_documents(1500)
{
}

MessageDelegate::~MessageDelegate() = default;

int MessageDelegate::bodyWidth(int itemWidth) const
{
    return std::max(80, itemWidth - 2 * kSide - kStatusWidth);
}

MessageDocument *MessageDelegate::document(const QModelIndex &index, int width) const
{
    const qint64 id = index.data(ConversationModel::MessageIdRole).toLongLong();
    MessageDocument *doc = m_documents.object(id);
    if (!doc) {
        doc = createMessageDocument(index.data(ConversationModel::SanitizedHtmlRole).toString(), m_view->font())
                  .release();
        m_documents.insert(id, doc);
    }
    if (!qFuzzyCompare(doc->textWidth(), qreal(width)))
        doc->setTextWidth(width);
    return doc;
}

MessageDelegate::Geometry MessageDelegate::geometry(const QRect &itemRect, const QModelIndex &index) const
{
    Geometry g;
    const QFontMetrics fm(m_view->font());
    int y = itemRect.top();
    if (index.data(ConversationModel::DaySeparatorRole).toBool()) {
        g.day = QRect(itemRect.left(), y, itemRect.width(), kDayHeight);
        y += kDayHeight;
    }
    const bool grouped = index.data(ConversationModel::GroupedRole).toBool();
    if (!grouped) {
        y += g.day.isEmpty() ? kGroupGap : 0;
        g.header = QRect(itemRect.left() + kSide, y, itemRect.width() - 2 * kSide, fm.height() + 2);
        y += g.header.height();
    }
    const int width = bodyWidth(itemRect.width());
    const MessageDocument *doc = document(index, width);
    const int bodyHeight = std::max(fm.height(), int(std::ceil(doc->size().height())));
    g.body = QRect(itemRect.left() + kSide, y, width, bodyHeight);
    g.status = QRect(itemRect.right() - kSide - kStatusWidth + 1, y, kStatusWidth, fm.height());
    y += bodyHeight;
    if (index.data(ConversationModel::StateRole).toInt() == int(store::MessageState::Failed)) {
        g.retry = QRect(itemRect.left() + kSide, y, width, fm.height() + 2);
        y += g.retry.height();
    }
    y += kRowGap;
    g.height = y - itemRect.top();
    return g;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &, const QModelIndex &index) const
{
    const int width = m_view->viewport()->width();
    return {width, geometry(QRect(0, 0, width, 0), index).height};
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Geometry g = geometry(option.rect, index);
    const QPalette &pal = option.palette;
    const QFontMetrics fm(option.font);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);

    if (!g.day.isEmpty()) {
        const QString text = dayText(index.data(ConversationModel::TimeRole).toDateTime().toLocalTime().date());
        QFont bold = option.font;
        bold.setBold(true);
        bold.setPointSizeF(option.font.pointSizeF() * 0.9);
        painter->setFont(bold);
        const int textWidth = QFontMetrics(bold).horizontalAdvance(text) + 24;
        const int mid = g.day.center().y();
        painter->setPen(pal.color(QPalette::Mid));
        painter->drawLine(g.day.left() + kSide, mid, g.day.center().x() - textWidth / 2, mid);
        painter->drawLine(g.day.center().x() + textWidth / 2, mid, g.day.right() - kSide, mid);
        painter->setPen(pal.color(QPalette::PlaceholderText));
        painter->drawText(g.day, Qt::AlignCenter, text);
        painter->setFont(option.font);
    }

    // The message's own background: a mention, the current search hit, hover.
    const QRect message(option.rect.left(), g.day.isEmpty() ? option.rect.top() : g.day.bottom() + 1,
                        option.rect.width(), option.rect.bottom() - (g.day.isEmpty() ? option.rect.top() : g.day.bottom()));
    if (index.data(ConversationModel::SearchHitRole).toBool())
        painter->fillRect(message, QColor(255, 214, 102, 150));
    else if (index.data(ConversationModel::HighlightRole).toBool())
        painter->fillRect(message, QColor(255, 236, 179, 140));
    else if (option.state & QStyle::State_MouseOver)
        painter->fillRect(message, pal.color(QPalette::AlternateBase));

    const bool outgoing = index.data(ConversationModel::DirectionRole).toInt() == int(MessageDirection::Outgoing);
    const QDateTime time = index.data(ConversationModel::TimeRole).toDateTime().toLocalTime();
    const QString timeText = QLocale().toString(time.time(), QLocale::ShortFormat);
    if (!g.header.isEmpty()) {
        QString sender = outgoing ? m_ownName : index.data(ConversationModel::SenderRole).toString();
        QFont bold = option.font;
        bold.setBold(true);
        painter->setFont(bold);
        painter->setPen(outgoing ? pal.color(QPalette::Highlight) : senderColor(sender));
        sender = QFontMetrics(bold).elidedText(sender, Qt::ElideRight, g.header.width() - 80);
        painter->drawText(g.header, Qt::AlignLeft | Qt::AlignVCenter, sender);
        const int x = g.header.left() + QFontMetrics(bold).horizontalAdvance(sender) + 8;
        painter->setFont(option.font);
        painter->setPen(pal.color(QPalette::PlaceholderText));
        painter->drawText(QRect(x, g.header.top(), 120, g.header.height()), Qt::AlignLeft | Qt::AlignVCenter, timeText);
    } else if (option.state & QStyle::State_MouseOver) {
        painter->setPen(pal.color(QPalette::PlaceholderText));
        painter->drawText(g.status, Qt::AlignLeft | Qt::AlignVCenter, timeText);
    }

    MessageDocument *doc = document(index, g.body.width());
    painter->translate(g.body.topLeft());
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = pal;
    context.palette.setColor(QPalette::Text, pal.color(QPalette::Text));
    const auto state = store::MessageState(index.data(ConversationModel::StateRole).toInt());
    if (state == store::MessageState::Pending)
        context.palette.setColor(QPalette::Text, pal.color(QPalette::PlaceholderText));
    context.clip = QRectF(0, 0, g.body.width(), g.body.height());
    doc->documentLayout()->draw(painter, context);
    painter->translate(-g.body.topLeft());

    if (outgoing) {
        const QString glyph = stateGlyph(state);
        painter->setPen(state == store::MessageState::Failed ? QColor(200, 40, 40)
                        : state == store::MessageState::Pending ? pal.color(QPalette::PlaceholderText)
                                                                : QColor(40, 140, 70));
        painter->drawText(g.status, Qt::AlignRight | Qt::AlignVCenter, glyph);
    }
    if (!g.retry.isEmpty()) {
        const QString reason = index.data(ConversationModel::FailureReasonRole).toString();
        painter->setPen(QColor(200, 40, 40));
        const QString text = reason.isEmpty() ? tr("Not sent — click to retry")
                                              : tr("Not sent: %1 — click to retry").arg(reason);
        painter->drawText(g.retry, Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(text, Qt::ElideMiddle, g.retry.width()));
    }
    painter->restore();
}

QString MessageDelegate::anchorAt(const QModelIndex &index, const QRect &itemRect, const QPoint &pos) const
{
    const Geometry g = geometry(itemRect, index);
    if (!g.body.contains(pos))
        return {};
    const MessageDocument *doc = document(index, g.body.width());
    return doc->documentLayout()->anchorAt(QPointF(pos - g.body.topLeft()));
}

bool MessageDelegate::isOnRetry(const QModelIndex &index, const QRect &itemRect, const QPoint &pos) const
{
    const Geometry g = geometry(itemRect, index);
    return !g.retry.isEmpty() && g.retry.contains(pos);
}

bool MessageDelegate::editorEvent(QEvent *event, QAbstractItemModel *, const QStyleOptionViewItem &option,
                                  const QModelIndex &index)
{
    if (event->type() == QEvent::MouseMove) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const bool link = !anchorAt(index, option.rect, mouse->position().toPoint()).isEmpty() ||
                          isOnRetry(index, option.rect, mouse->position().toPoint());
        m_view->viewport()->setCursor(link ? Qt::PointingHandCursor : Qt::ArrowCursor);
        return false;
    }
    if (event->type() != QEvent::MouseButtonRelease)
        return false;
    const auto *mouse = static_cast<QMouseEvent *>(event);
    if (mouse->button() != Qt::LeftButton)
        return false;
    const QPoint pos = mouse->position().toPoint();
    if (isOnRetry(index, option.rect, pos)) {
        Q_EMIT retryRequested(MessageId(index.data(ConversationModel::MessageIdRole).toLongLong()));
        return true;
    }
    const QString anchor = anchorAt(index, option.rect, pos);
    if (anchor.isEmpty())
        return false;
    Q_EMIT linkActivated(QUrl(anchor, QUrl::StrictMode));
    return true;
}

bool MessageDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                                const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip)
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    // Full date and time, the failure reason, or the link target (a link never hides where it goes).
    QString tip = QLocale().toString(index.data(ConversationModel::TimeRole).toDateTime().toLocalTime(),
                                     QLocale::LongFormat);
    const QString anchor = anchorAt(index, option.rect, event->pos());
    if (!anchor.isEmpty())
        tip = anchor;
    const QString reason = index.data(ConversationModel::FailureReasonRole).toString();
    if (!reason.isEmpty())
        tip += QLatin1Char('\n') + reason;
    QToolTip::showText(event->globalPos(), tip, view);
    return true;
}

} // namespace crosstalk::ui
