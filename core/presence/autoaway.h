// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/presence/globalstatus.h"
#include "core/presence/idlesource.h"

#include <QTimer>

namespace crosstalk {

/// Sets the global status to Away after the user has been idle for a while, and back when
/// they return. Polls the idle source (cheap: one X11 request or one D-Bus call).
class AutoAway : public QObject
{
    Q_OBJECT
public:
    AutoAway(GlobalStatus &status, IdleSource &idle, QObject *parent = nullptr);

    /// 0 switches auto-away off.
    void setThresholdMs(qint64 ms);
    qint64 thresholdMs() const { return m_thresholdMs; }
    void setPollIntervalMs(int ms) { m_timer.setInterval(ms); }

    /// False once the idle source said it cannot tell (the UI shows why).
    bool isAvailable() const { return m_available; }
    QString description() const { return m_idle.description(); }

    /// Polls now (tests; also the timer's slot).
    void poll();

Q_SIGNALS:
    void availabilityChanged(bool available);

private:
    GlobalStatus &m_status;
    IdleSource &m_idle;
    QTimer m_timer;
    qint64 m_thresholdMs = 10 * 60 * 1000;
    bool m_available = true;
    bool m_polling = false;
};

} // namespace crosstalk
