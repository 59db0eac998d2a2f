// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QString>

namespace crosstalk::test {

/// Xvfb on a free display, optionally with trayer as an XEmbed system tray. Usable before
/// any QCoreApplication exists (a tray test must set DISPLAY before QApplication starts), so
/// it waits by polling, not with the event loop. Both die with the test process.
class XDisplay
{
public:
    XDisplay() = default;
    ~XDisplay();
    XDisplay(const XDisplay &) = delete;
    XDisplay &operator=(const XDisplay &) = delete;

    /// Starts Xvfb and points this process's DISPLAY at it.
    bool start(QString *error = nullptr);
    /// Starts trayer and waits until its window exists.
    bool startTray(QString *error = nullptr);
    QString display() const { return m_display; }

private:
    QProcess m_xvfb;
    QProcess m_trayer;
    QString m_display;
};

/// Runs xdotool with args on the current DISPLAY; its standard output.
QString xdotool(const QStringList &args, int timeoutMs = 10000);

} // namespace crosstalk::test
