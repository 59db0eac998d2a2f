// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/bandedpainting.h"

#include <QAbstractScrollArea>
#include <QApplication>
#include <QPaintEvent>
#include <QPainter>
#include <QProxyStyle>
#include <QScrollBar>
#include <QStyleOption>

#include <algorithm>

namespace crosstalk::ui {

namespace {

constexpr int kBand = 64; // Qt fills fewer than 96 lines without the thread pool

template <typename Paint>
void forEachBand(const QRect &area, Paint &&paint)
{
    for (int y = area.top(); y <= area.bottom(); y += kBand)
        paint(QRect(area.left(), y, area.width(), std::min(kBand, area.bottom() - y + 1)));
}

/// Fills the viewport's background itself, band by band, before the view paints its items.
class BandedBackground : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint) {
            auto *widget = static_cast<QWidget *>(watched);
            QPainter painter(widget);
            const QBrush base = widget->palette().brush(widget->backgroundRole());
            for (const QRect &rect : static_cast<QPaintEvent *>(event)->region())
                forEachBand(rect, [&](const QRect &band) { painter.fillRect(band, base); });
        }
        return false; // the view paints its items as usual
    }
};

/// The application's style, except that a tall scroll bar is drawn once per band, clipped to it.
class BandedScrollBarStyle : public QProxyStyle
{
public:
    using QProxyStyle::QProxyStyle;

    void drawComplexControl(ComplexControl control, const QStyleOptionComplex *option, QPainter *painter,
                            const QWidget *widget) const override
    {
        if (control != CC_ScrollBar || option->rect.height() <= kBand) {
            QProxyStyle::drawComplexControl(control, option, painter, widget);
            return;
        }
        forEachBand(option->rect, [&](const QRect &band) {
            painter->save();
            painter->setClipRect(band, Qt::IntersectClip);
            QProxyStyle::drawComplexControl(control, option, painter, widget);
            painter->restore();
        });
    }
};

QStyle *bandedScrollBarStyle()
{
    // One for the whole application; it follows the application style (a QProxyStyle with no
    // base style does).
    static QStyle *style = [] {
        auto *s = new BandedScrollBarStyle;
        s->setParent(qApp);
        return s;
    }();
    return style;
}

} // namespace

void paintInBands(QAbstractScrollArea *area)
{
    QWidget *viewport = area->viewport();
    viewport->setAutoFillBackground(false);
    // Every pixel is painted by the filter, so nothing underneath needs painting first.
    viewport->setAttribute(Qt::WA_OpaquePaintEvent);
    viewport->installEventFilter(new BandedBackground(viewport));
    area->verticalScrollBar()->setStyle(bandedScrollBarStyle());
}

} // namespace crosstalk::ui
