// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace crosstalk::test {

/// A server started for one test: its output goes to a log file, it dies with the
/// test process (PR_SET_PDEATHSIG, so even a crashed test leaves no server behind),
/// and it is stopped in the destructor.
class ServerProcess
{
public:
    ServerProcess(QString name, QString program, QStringList arguments, QString logPath);
    ~ServerProcess();
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;

    void setWorkingDirectory(const QString &dir) { m_process.setWorkingDirectory(dir); }
    void setEnvironment(const QProcessEnvironment &env) { m_process.setProcessEnvironment(env); }

    /// Starts the program and waits until it accepts TCP connections on port.
    bool startAndWaitForTcp(quint16 port, int timeoutMs, QString *error);
    /// Starts the program and waits until ready() is true.
    bool startAndWait(const std::function<bool()> &ready, int timeoutMs, QString *error);

    /// SIGTERM, then SIGKILL if it lingers.
    void stop(int graceMs = 3000);
    /// SIGKILL at once: the server vanishes as in a crash.
    void kill();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    qint64 pid() const { return m_process.processId(); }
    /// The last lines of the log, for failure messages.
    QString logTail(int maxChars = 4000) const;

private:
    QString m_name;
    QString m_program;
    QStringList m_arguments;
    QString m_logPath;
    QProcess m_process;
};

} // namespace crosstalk::test
