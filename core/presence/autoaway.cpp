// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/presence/autoaway.h"

#include <QPointer>

namespace crosstalk {

AutoAway::AutoAway(GlobalStatus &status, IdleSource &idle, QObject *parent)
    : QObject(parent)
    , m_status(status)
    , m_idle(idle)
{
    m_timer.setInterval(5000);
    connect(&m_timer, &QTimer::timeout, this, &AutoAway::poll);
    m_timer.start();
}

void AutoAway::setThresholdMs(qint64 ms)
{
    m_thresholdMs = ms;
    if (ms <= 0) {
        m_timer.stop();
        m_status.setAutoAway(false);
    } else if (!m_timer.isActive()) {
        m_timer.start();
    }
}

void AutoAway::poll()
{
    if (m_polling || m_thresholdMs <= 0)
        return;
    m_polling = true;
    QPointer<AutoAway> self(this);
    m_idle.query([self](std::optional<qint64> idleMs) {
        if (!self)
            return;
        self->m_polling = false;
        const bool available = idleMs.has_value();
        if (available != self->m_available) {
            self->m_available = available;
            Q_EMIT self->availabilityChanged(available);
        }
        if (!available) {
            self->m_status.setAutoAway(false);
            return;
        }
        self->m_status.setAutoAway(*idleMs >= self->m_thresholdMs);
    });
}

} // namespace crosstalk
