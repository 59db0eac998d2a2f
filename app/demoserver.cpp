// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/demoserver.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <csignal>
#include <sys/prctl.h>

namespace crosstalk::app {

namespace {

quint16 pickFreePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

bool writeText(const QString &file, const QString &text)
{
    QFile f(file);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text.toUtf8()) >= 0;
}

} // namespace

DemoServer::DemoServer(QString rootDir, QObject *parent)
    : QObject(parent)
    , m_root(std::move(rootDir))
    , m_secret(QString::number(QRandomGenerator::system()->generate64(), 36))
{
    m_server.setProcessChannelMode(QProcess::MergedChannels);
    m_server.setStandardOutputFile(path(QStringLiteral("prosody.log")));
    // If Crosstalk dies, even by SIGKILL, the kernel stops the server too.
    m_server.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
}

DemoServer::~DemoServer()
{
    if (m_server.state() != QProcess::NotRunning) {
        m_server.terminate();
        if (!m_server.waitForFinished(3000))
            m_server.kill();
        m_server.waitForFinished(1000);
    }
}

bool DemoServer::isAvailable()
{
    return !QStandardPaths::findExecutable(QStringLiteral("prosody")).isEmpty()
           && !QStandardPaths::findExecutable(QStringLiteral("prosodyctl")).isEmpty()
           && !QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty();
}

QString DemoServer::certificatePath() const
{
    return path(QStringLiteral("certs/localhost.crt"));
}

QString DemoServer::password(const QString &user) const
{
    // Per-run random, never written anywhere but Prosody's own throwaway data dir.
    return QString::fromLatin1(
        QCryptographicHash::hash((m_secret + user).toUtf8(), QCryptographicHash::Sha256).toHex().left(20));
}

void DemoServer::start(const QStringList &users)
{
    m_users = users;
    m_port = pickFreePort();
    if (m_port == 0) {
        Q_EMIT failed(QStringLiteral("No free port on 127.0.0.1 for the demo server."));
        return;
    }
    writeFiles();
    const QString config = path(QStringLiteral("prosody.cfg.lua"));
    // openssl, then one prosodyctl per user, then the server itself: each step async.
    std::function<void()> next = [this] { launch(); };
    for (auto it = m_users.crbegin(); it != m_users.crend(); ++it) {
        const QString user = *it;
        next = [this, config, user, next] {
            runStep(QStringLiteral("prosodyctl"),
                    {QStringLiteral("--config"), config, QStringLiteral("register"), user,
                     QStringLiteral("localhost"), password(user)},
                    next);
        };
    }
    runStep(QStringLiteral("openssl"),
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
             QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
             QStringLiteral("/CN=localhost"), QStringLiteral("-keyout"), path(QStringLiteral("certs/localhost.key")),
             QStringLiteral("-out"), certificatePath()},
            next);
}

void DemoServer::runStep(const QString &program, const QStringList &args, std::function<void()> next)
{
    auto *step = new QProcess(this);
    step->setProcessChannelMode(QProcess::MergedChannels);
    connect(step, &QProcess::finished, this, [this, step, program, next](int code, QProcess::ExitStatus status) {
        step->deleteLater();
        if (status != QProcess::NormalExit || code != 0) {
            Q_EMIT failed(QStringLiteral("%1 failed: %2").arg(program, QString::fromUtf8(step->readAll()).trimmed()));
            return;
        }
        next();
    });
    connect(step, &QProcess::errorOccurred, this, [this, step, program](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            step->deleteLater();
            Q_EMIT failed(QStringLiteral("Could not run %1.").arg(program));
        }
    });
    step->start(program, args);
}

void DemoServer::writeFiles()
{
    QDir(m_root).mkpath(QStringLiteral("data/localhost/roster"));
    QDir(m_root).mkpath(QStringLiteral("certs"));
    const QString q = QStringLiteral("\"%1\"");
    QString cfg = QStringLiteral(
        "-- Crosstalk demo: throwaway, loopback only.\n"
        "pidfile = %1\ndata_path = %2\ncertificates = %3\n"
        "daemonize = false\nrun_as_root = true\n"
        "interfaces = { \"127.0.0.1\" }\nc2s_ports = { %4 }\n"
        "s2s_ports = { }\nhttp_ports = { }\nhttps_ports = { }\nc2s_direct_tls_ports = { }\n"
        "admin_interfaces = { }\n"
        "modules_enabled = { \"roster\"; \"saslauth\"; \"tls\"; \"disco\"; \"ping\"; \"posix\"; "
        "\"vcard\"; \"private\"; \"offline\" }\n"
        "modules_disabled = { \"s2s\" }\n"
        "c2s_require_encryption = true\nauthentication = \"internal_hashed\"\n"
        "log = { info = \"*console\" }\n"
        "VirtualHost \"localhost\"\n  ssl = { certificate = %5; key = %6 }\n"
        "Component \"conference.localhost\" \"muc\"\n");
    cfg = cfg.arg(q.arg(path(QStringLiteral("prosody.pid"))), q.arg(path(QStringLiteral("data"))),
                  q.arg(path(QStringLiteral("certs"))))
              .arg(m_port)
              .arg(q.arg(certificatePath()), q.arg(path(QStringLiteral("certs/localhost.key"))));
    writeText(path(QStringLiteral("prosody.cfg.lua")), cfg);

    // Everyone is already everyone's buddy, so the demo opens on a populated list.
    for (const QString &user : std::as_const(m_users)) {
        QString roster = QStringLiteral("return {\n  [false] = { version = 1; };\n");
        for (const QString &other : std::as_const(m_users)) {
            if (other == user)
                continue;
            roster += QStringLiteral("  [\"%1\"] = { subscription = \"both\"; name = \"%2\"; "
                                     "groups = { [\"Demo\"] = true; }; };\n")
                          .arg(jid(other), other.left(1).toUpper() + other.mid(1));
        }
        roster += QStringLiteral("};\n");
        writeText(path(QStringLiteral("data/localhost/roster/%1.dat").arg(user)), roster);
    }
}

void DemoServer::launch()
{
    m_server.start(QStringLiteral("prosody"),
                   {QStringLiteral("--config"), path(QStringLiteral("prosody.cfg.lua")), QStringLiteral("-F")});
    pollListening(100);
}

void DemoServer::pollListening(int attemptsLeft)
{
    if (m_server.state() == QProcess::NotRunning) {
        QFile log(path(QStringLiteral("prosody.log")));
        log.open(QIODevice::ReadOnly);
        Q_EMIT failed(QStringLiteral("Prosody exited: ") + QString::fromUtf8(log.readAll().right(600)));
        return;
    }
    auto *probe = new QTcpSocket(this);
    connect(probe, &QTcpSocket::connected, this, [this, probe] {
        probe->deleteLater();
        Q_EMIT ready();
    });
    connect(probe, &QTcpSocket::errorOccurred, this, [this, probe, attemptsLeft] {
        probe->deleteLater();
        if (attemptsLeft <= 0) {
            Q_EMIT failed(QStringLiteral("Prosody did not start listening in time."));
            return;
        }
        QTimer::singleShot(50, this, [this, attemptsLeft] { pollListening(attemptsLeft - 1); });
    });
    probe->connectToHost(QHostAddress::LocalHost, m_port);
}

} // namespace crosstalk::app
