// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>

namespace crosstalk::test {

/// Runs the event loop (and so libpurple) until pred() holds or the time is up.
template <typename Pred>
bool waitFor(Pred pred, int timeoutMs = 10000)
{
    QDeadlineTimer deadline(timeoutMs);
    // Sleeping in the event loop (not beside it) wakes at once when a socket or timer
    // fires, so latencies measured with this are the network's, not the poll interval's.
    QTimer heartbeat;
    heartbeat.start(5);
    while (!pred()) {
        if (deadline.hasExpired())
            return pred();
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

/// Runs the event loop for a while, e.g. to prove that nothing more arrives.
inline void spin(int ms)
{
    waitFor([] { return false; }, ms);
}

} // namespace crosstalk::test
