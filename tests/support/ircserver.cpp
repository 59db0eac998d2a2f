// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/ircserver.h"

#include "tests/support/freeport.h"

#include <QDir>
#include <QFile>

namespace crosstalk::test {

IrcServer::IrcServer() = default;
IrcServer::~IrcServer() = default;

bool IrcServer::writeConfig(QString *error)
{
    // ngircd reads /etc/ngircd unless IncludeDir points elsewhere, limits clients per IP to 5
    // and nicks to 9 characters by default, and throttles fast senders: all wrong for tests.
    QDir(m_dir.path()).mkpath(QStringLiteral("conf.d"));
    const QString cfg = QStringLiteral(
                            "[Global]\n"
                            "Name = irc.crosstalk.test\n"
                            "Info = Crosstalk test server\n"
                            "Listen = 127.0.0.1\n"
                            "Ports = %1\n"
                            "MotdPhrase = Crosstalk test server\n"
                            "[Limits]\n"
                            "MaxConnectionsIP = 0\n"
                            "MaxNickLength = 30\n"
                            "MaxPenaltyTime = 0\n"
                            "PingTimeout = 120\n"
                            "[Options]\n"
                            "PAM = no\n"
                            "Ident = no\n"
                            "DNS = no\n"
                            "IncludeDir = %2\n")
                            .arg(m_port)
                            .arg(m_dir.filePath(QStringLiteral("conf.d")));
    QFile file(m_dir.filePath(QStringLiteral("ngircd.conf")));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(cfg.toUtf8()) < 0) {
        if (error)
            *error = QStringLiteral("cannot write ngircd config: ") + file.errorString();
        return false;
    }
    return true;
}

bool IrcServer::start(QString *error)
{
    if (m_port == 0) {
        m_port = freeTcpPort();
        if (!writeConfig(error))
            return false;
    }
    m_process = std::make_unique<ServerProcess>(
        QStringLiteral("ngircd"), QStringLiteral("/usr/sbin/ngircd"),
        QStringList{QStringLiteral("-n"), QStringLiteral("-f"),
                    m_dir.filePath(QStringLiteral("ngircd.conf"))},
        m_dir.filePath(QStringLiteral("ngircd.log")));
    return m_process->startAndWaitForTcp(m_port, 10000, error);
}

void IrcServer::stop()
{
    if (m_process)
        m_process->stop();
}

void IrcServer::kill()
{
    if (m_process)
        m_process->kill();
}

} // namespace crosstalk::test
