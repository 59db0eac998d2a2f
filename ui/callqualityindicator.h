// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/network/callservice.h"

#include <QWidget>

namespace crosstalk::ui {

/// Four signal bars for a call's quality, from the engine's MOS estimate and packet loss.
/// No bars (grey) before any audio was measured.
class CallQualityIndicator : public QWidget
{
    Q_OBJECT
public:
    explicit CallQualityIndicator(QWidget *parent = nullptr);

    /// 0 (nothing measured yet) .. 4 (excellent).
    static int barsFor(const CallQuality &quality);
    /// "Excellent", "Good", "Fair", "Poor", "Measuring…".
    static QString wordFor(int bars);

    void setQuality(const CallQuality &quality);
    int bars() const { return m_bars; }

    QSize sizeHint() const override { return {28, 18}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int m_bars = 0;
};

} // namespace crosstalk::ui
