// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/demo.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <cerrno>
#include <csignal>
#include <sys/prctl.h>

namespace crosstalk::app {

namespace {

constexpr auto kDemoPrefix = "crosstalk-demo-";

} // namespace

Demo::Demo(QString program, QObject *parent)
    : QObject(parent)
    , m_program(std::move(program))
    , m_root(QDir::tempPath() + QLatin1Char('/') + QLatin1String(kDemoPrefix) + QStringLiteral("XXXXXX"))
{
    removeStaleDemoDirs();
    QFile owner(m_root.filePath(QStringLiteral("owner.pid")));
    if (owner.open(QIODevice::WriteOnly))
        owner.write(QByteArray::number(QCoreApplication::applicationPid()));
    QDir(m_root.path()).mkpath(QStringLiteral("server"));
    m_server = std::make_unique<DemoServer>(m_root.filePath(QStringLiteral("server")));
    connect(m_server.get(), &DemoServer::failed, this, &Demo::failed);
    connect(m_server.get(), &DemoServer::ready, this, [this] {
        launchBob();
        Q_EMIT aliceReady({m_server->jid(QStringLiteral("alice")), m_server->port(), m_server->certificatePath(), false},
                          m_server->password(QStringLiteral("alice")));
    });
    m_bob.setProcessChannelMode(QProcess::ForwardedChannels);
    m_bob.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
}

Demo::~Demo()
{
    if (m_bob.state() != QProcess::NotRunning) {
        m_bob.terminate();
        if (!m_bob.waitForFinished(3000))
            m_bob.kill();
        m_bob.waitForFinished(1000);
    }
    m_server.reset(); // stops Prosody before its directory goes
}

QString Demo::aliceProfile() const
{
    return m_root.filePath(QStringLiteral("alice"));
}

void Demo::start()
{
    m_server->start({QStringLiteral("alice"), QStringLiteral("bob")});
}

void Demo::launchBob()
{
    // bob's password reaches its process in the environment, never on disk.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CROSSTALK_DEMO_PASSWORD"), m_server->password(QStringLiteral("bob")));
    m_bob.setProcessEnvironment(env);
    m_bob.start(m_program, {QStringLiteral("--profile"), m_root.filePath(QStringLiteral("bob")),
                            QStringLiteral("--demo-peer"), m_server->jid(QStringLiteral("bob")),
                            QStringLiteral("--demo-port"), QString::number(m_server->port()),
                            QStringLiteral("--demo-cert"), m_server->certificatePath(),
                            QStringLiteral("--demo-right")});
}

void Demo::removeStaleDemoDirs()
{
    // A demo killed with SIGKILL cannot clean up after itself; the next one does.
    const QDir tmp(QDir::tempPath());
    const auto dirs = tmp.entryList({QLatin1String(kDemoPrefix) + QLatin1Char('*')}, QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &name : dirs) {
        QFile owner(tmp.filePath(name + QStringLiteral("/owner.pid")));
        if (!owner.open(QIODevice::ReadOnly))
            continue;
        const qint64 pid = owner.readAll().trimmed().toLongLong();
        if (pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
            QDir(tmp.filePath(name)).removeRecursively();
    }
}

} // namespace crosstalk::app
