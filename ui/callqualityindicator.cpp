// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/callqualityindicator.h"

#include <QPainter>

#include <algorithm>

namespace crosstalk::ui {

CallQualityIndicator::CallQualityIndicator(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    setToolTip(wordFor(0));
}

int CallQualityIndicator::barsFor(const CallQuality &q)
{
    if (q.mos <= 0)
        return 0;
    // MOS bands as commonly read for narrow/wide-band voice (4.0+ is toll quality or better).
    int bars = q.mos >= 4.0 ? 4 : q.mos >= 3.6 ? 3 : q.mos >= 3.1 ? 2 : 1;
    // Loss is felt before the estimate catches up: cap the bars while it is high.
    if (q.lossPercent > 10)
        bars = std::min(bars, 1);
    else if (q.lossPercent > 5)
        bars = std::min(bars, 2);
    return bars;
}

QString CallQualityIndicator::wordFor(int bars)
{
    switch (bars) {
    case 4: return tr("Excellent");
    case 3: return tr("Good");
    case 2: return tr("Fair");
    case 1: return tr("Poor");
    default: return tr("Measuring…");
    }
}

void CallQualityIndicator::setQuality(const CallQuality &quality)
{
    const int bars = barsFor(quality);
    if (bars == m_bars)
        return;
    m_bars = bars;
    setToolTip(tr("Call quality: %1").arg(wordFor(bars)));
    update();
}

void CallQualityIndicator::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor on = m_bars >= 3 ? QColor(0x22, 0xa0, 0x4b) : m_bars == 2 ? QColor(0xe0, 0x9b, 0x12)
                                                                           : QColor(0xd9, 0x3f, 0x3f);
    QColor off = palette().color(QPalette::WindowText);
    off.setAlphaF(0.2);
    const int n = 4, gap = 2;
    const int w = (width() - gap * (n - 1)) / n;
    for (int i = 0; i < n; ++i) {
        const int h = height() * (i + 1) / n;
        const QRect bar(i * (w + gap), height() - h, w, h);
        p.setPen(Qt::NoPen);
        p.setBrush(i < m_bars ? on : off);
        p.drawRoundedRect(bar, 1.5, 1.5);
    }
}

} // namespace crosstalk::ui
