// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/desktop/xdisplay.h"

#include <QDeadlineTimer>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>

namespace crosstalk::test {

namespace {

void dieWithParent(QProcess &p)
{
    p.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

void stop(QProcess &p)
{
    if (p.state() == QProcess::NotRunning)
        return;
    p.terminate();
    if (!p.waitForFinished(2000))
        p.kill(), p.waitForFinished(2000);
}

} // namespace

XDisplay::~XDisplay()
{
    stop(m_trayer);
    stop(m_xvfb);
}

bool XDisplay::start(QString *error)
{
    dieWithParent(m_xvfb);
    m_xvfb.setProcessChannelMode(QProcess::SeparateChannels);
    // -displayfd: Xvfb picks a free display and writes its number when ready.
    m_xvfb.start(QStringLiteral("Xvfb"), {QStringLiteral("-displayfd"), QStringLiteral("1"), QStringLiteral("-screen"),
                                          QStringLiteral("0"), QStringLiteral("800x600x24"), QStringLiteral("-nolisten"),
                                          QStringLiteral("tcp")});
    if (!m_xvfb.waitForStarted(5000) || !m_xvfb.waitForReadyRead(10000)) {
        if (error)
            *error = QStringLiteral("Xvfb did not start: ") + QString::fromUtf8(m_xvfb.readAllStandardError());
        return false;
    }
    m_display = QLatin1Char(':') + QString::fromUtf8(m_xvfb.readLine()).trimmed();
    qputenv("DISPLAY", m_display.toUtf8());
    return true;
}

bool XDisplay::startTray(QString *error)
{
    dieWithParent(m_trayer);
    m_trayer.setProcessChannelMode(QProcess::MergedChannels);
    m_trayer.start(QStringLiteral("trayer"),
                   {QStringLiteral("--edge"), QStringLiteral("top"), QStringLiteral("--align"), QStringLiteral("right"),
                    QStringLiteral("--widthtype"), QStringLiteral("pixel"), QStringLiteral("--width"), QStringLiteral("120"),
                    QStringLiteral("--height"), QStringLiteral("32"), QStringLiteral("--transparent"),
                    QStringLiteral("false"), QStringLiteral("--tint"), QStringLiteral("0xdddddd")});
    if (!m_trayer.waitForStarted(5000)) {
        if (error)
            *error = QStringLiteral("trayer did not start");
        return false;
    }
    const QString found = xdotool({QStringLiteral("search"), QStringLiteral("--sync"), QStringLiteral("--class"),
                                   QStringLiteral("trayer")});
    if (found.isEmpty() && error)
        *error = QStringLiteral("trayer's window did not appear");
    return !found.isEmpty();
}

QString xdotool(const QStringList &args, int timeoutMs)
{
    QProcess p;
    p.start(QStringLiteral("xdotool"), args);
    p.waitForFinished(timeoutMs);
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

} // namespace crosstalk::test
