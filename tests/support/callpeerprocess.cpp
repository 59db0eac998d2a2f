// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/callpeerprocess.h"

#include "tests/support/waitfor.h"

#include <QDir>
#include <QFile>

#include <csignal>
#include <sys/prctl.h>

namespace crosstalk::test {

CallPeerProcess::CallPeerProcess(Options options)
    : m_options(std::move(options))
{
    m_logPath = QDir(m_options.dir).filePath(QStringLiteral("peer.log"));
    m_process.setStandardErrorFile(m_logPath, QIODevice::Append);
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    QObject::connect(&m_process, &QProcess::readyReadStandardOutput, [this] { readLines(); });
}

CallPeerProcess::~CallPeerProcess()
{
    stop();
}

QString CallPeerProcess::program(Kind kind)
{
    return QStringLiteral(CROSSTALK_TEST_PEER_DIR) + QLatin1Char('/')
           + (kind == Kind::Crosstalk ? QStringLiteral("crosstalkpeer") : QStringLiteral("farstreampeer"));
}

bool CallPeerProcess::start(QString *error, int timeoutMs)
{
    QStringList args{QStringLiteral("--jid"), m_options.jid,
                     QStringLiteral("--password"), m_options.password,
                     QStringLiteral("--port"), QString::number(m_options.port),
                     QStringLiteral("--dir"), m_options.dir,
                     QStringLiteral("--ring-timeout"), QString::number(m_options.ringTimeoutMs)};
    if (!m_options.inputWav.isEmpty())
        args << QStringLiteral("--in") << m_options.inputWav;
    if (!m_options.outputWav.isEmpty())
        args << QStringLiteral("--out") << m_options.outputWav;
    args << m_options.extraArguments;
    m_process.start(program(m_options.kind), args);
    if (!m_process.waitForStarted(5000)) {
        if (error)
            *error = QStringLiteral("peer did not start: ") + m_process.errorString();
        return false;
    }
    if (waitForLine(QStringLiteral("ready"), timeoutMs).isNull()) {
        if (error)
            *error = QStringLiteral("peer did not sign on; output:\n") + m_lines.join(QLatin1Char('\n'))
                     + QStringLiteral("\nlog:\n") + logTail();
        return false;
    }
    return true;
}

void CallPeerProcess::send(const QString &command)
{
    m_process.write(command.toUtf8() + '\n');
}

void CallPeerProcess::readLines()
{
    m_partial += m_process.readAllStandardOutput();
    int nl;
    while ((nl = m_partial.indexOf('\n')) >= 0) {
        m_lines << QString::fromUtf8(m_partial.left(nl)).trimmed();
        m_partial.remove(0, nl + 1);
    }
}

QString CallPeerProcess::waitForLine(const QString &prefix, int timeoutMs)
{
    QString found;
    waitFor([&] {
        for (int i = m_consumed; i < m_lines.size(); ++i) {
            if (m_lines[i].startsWith(prefix)) {
                found = m_lines[i];
                m_consumed = i + 1;
                return true;
            }
        }
        return !isRunning();
    }, timeoutMs);
    return found;
}

bool CallPeerProcess::hasLine(const QString &prefix) const
{
    for (const QString &line : m_lines) {
        if (line.startsWith(prefix))
            return true;
    }
    return false;
}

void CallPeerProcess::stop()
{
    if (!isRunning())
        return;
    send(QStringLiteral("quit"));
    m_process.closeWriteChannel();
    if (!m_process.waitForFinished(5000)) {
        m_process.terminate();
        if (!m_process.waitForFinished(2000)) {
            m_process.kill();
            m_process.waitForFinished(2000);
        }
    }
}

void CallPeerProcess::kill()
{
    if (!isRunning())
        return;
    m_process.kill();
    m_process.waitForFinished(2000);
}

QString CallPeerProcess::logTail(int maxChars) const
{
    QFile log(m_logPath);
    if (!log.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(log.readAll().right(maxChars));
}

} // namespace crosstalk::test
