// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tests/support/serverprocess.h"
#include "tests/support/tempdir.h"

#include <memory>

namespace crosstalk::test {

/// A throwaway ngircd IRC server on a free loopback port, for one test.
class IrcServer
{
public:
    IrcServer();
    ~IrcServer();

    bool start(QString *error = nullptr);
    void stop();
    void kill();
    bool isRunning() const { return m_process && m_process->isRunning(); }

    quint16 port() const { return m_port; }
    QString host() const { return QStringLiteral("127.0.0.1"); }
    QString logTail() const { return m_process ? m_process->logTail() : QString(); }

private:
    bool writeConfig(QString *error);

    TempDir m_dir;
    quint16 m_port = 0;
    std::unique_ptr<ServerProcess> m_process;
};

} // namespace crosstalk::test
