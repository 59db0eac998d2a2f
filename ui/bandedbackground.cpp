// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/bandedbackground.h"

#include <QPaintEvent>
#include <QPainter>
#include <QWidget>

#include <algorithm>

namespace crosstalk::ui {

namespace {

constexpr int kBand = 64; // Qt fills fewer than 96 lines without the thread pool

} // namespace

void BandedBackground::install(QWidget *viewport)
{
    viewport->setAutoFillBackground(false);
    // Every pixel is painted here, so nothing underneath needs painting first.
    viewport->setAttribute(Qt::WA_OpaquePaintEvent);
    viewport->installEventFilter(new BandedBackground(viewport));
}

bool BandedBackground::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Paint) {
        auto *widget = static_cast<QWidget *>(watched);
        QPainter painter(widget);
        const QBrush base = widget->palette().brush(widget->backgroundRole());
        for (const QRect &rect : static_cast<QPaintEvent *>(event)->region()) {
            for (int y = rect.top(); y <= rect.bottom(); y += kBand)
                painter.fillRect(QRect(rect.left(), y, rect.width(), std::min(kBand, rect.bottom() - y + 1)), base);
        }
    }
    return false; // the view paints its items as usual
}

} // namespace crosstalk::ui
