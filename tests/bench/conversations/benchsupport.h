// SPDX-License-Identifier: GPL-3.0-or-later
// Shared pieces of the conversation benchmarks: percentiles, resident memory, paint probe.
#pragma once

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QObject>

#include <algorithm>
#include <functional>
#include <vector>

namespace crosstalk::bench {

inline double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t i = std::min(values.size() - 1, size_t(p / 100.0 * double(values.size())));
    return values[i];
}

/// Resident set size of this process in MiB (from /proc/self/status).
inline double residentMiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return 0;
}

/// Calls `after` right after each paint event of the watched widget has been handled.
class PaintProbe : public QObject
{
public:
    explicit PaintProbe(std::function<void()> after) : m_after(std::move(after)) {}

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::Paint || m_inside)
            return false;
        // Let the widget paint first, then report: the paint is done when this returns.
        m_inside = true;
        QCoreApplication::sendEvent(watched, event); // the scroll area's own filter paints
        m_inside = false;
        m_after();
        return true;
    }

private:
    std::function<void()> m_after;
    bool m_inside = false;
};

} // namespace crosstalk::bench
