// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/serverprocess.h"

#include "tests/support/freeport.h"
#include "tests/support/waitfor.h"

#include <QFile>

#include <csignal>
#include <sys/prctl.h>

namespace crosstalk::test {

ServerProcess::ServerProcess(QString name, QString program, QStringList arguments, QString logPath)
    : m_name(std::move(name))
    , m_program(std::move(program))
    , m_arguments(std::move(arguments))
    , m_logPath(std::move(logPath))
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(m_logPath, QIODevice::Append);
    m_process.setStandardInputFile(QProcess::nullDevice());
    // Runs in the child between fork and exec: if the test process dies, so does the server.
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

ServerProcess::~ServerProcess()
{
    stop(1500);
}

bool ServerProcess::startAndWaitForTcp(quint16 port, int timeoutMs, QString *error)
{
    return startAndWait([port] { return tcpPortAccepts(port, 100); }, timeoutMs, error);
}

bool ServerProcess::startAndWait(const std::function<bool()> &ready, int timeoutMs, QString *error)
{
    m_process.start(m_program, m_arguments);
    if (!m_process.waitForStarted(5000)) {
        if (error)
            *error = m_name + QStringLiteral(" did not start: ") + m_process.errorString();
        return false;
    }
    const bool ok = waitFor([&] { return !isRunning() || ready(); }, timeoutMs) && isRunning();
    if (!ok && error) {
        *error = m_name + (isRunning() ? QStringLiteral(" did not become ready in time")
                                       : QStringLiteral(" exited early"))
                 + QStringLiteral("; log:\n") + logTail();
    }
    return ok;
}

void ServerProcess::stop(int graceMs)
{
    if (!isRunning())
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(graceMs)) {
        m_process.kill();
        m_process.waitForFinished(2000);
    }
}

void ServerProcess::kill()
{
    if (!isRunning())
        return;
    m_process.kill();
    m_process.waitForFinished(2000);
}

QString ServerProcess::logTail(int maxChars) const
{
    QFile log(m_logPath);
    if (!log.open(QIODevice::ReadOnly))
        return {};
    const QByteArray all = log.readAll();
    return QString::fromUtf8(all.right(maxChars));
}

} // namespace crosstalk::test
