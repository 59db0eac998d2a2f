// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/desktop/keyringdaemon.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QFile>
#include <QProcess>

namespace crosstalk::test {

KeyringDaemon::~KeyringDaemon()
{
    stop();
}

bool KeyringDaemon::start(QString *error)
{
    const QString passwordFile = m_dir.filePath(QStringLiteral("unlock"));
    QFile file(passwordFile);
    if (!file.open(QIODevice::WriteOnly) || file.write("keyring-test-password") < 0)
        return false;
    file.close();
    // The daemon reads the unlock password from stdin; exec keeps the death signal.
    m_daemon = std::make_unique<ServerProcess>(
        QStringLiteral("gnome-keyring-daemon"), QStringLiteral("sh"),
        QStringList{QStringLiteral("-c"),
                    QStringLiteral("exec gnome-keyring-daemon --foreground --unlock --components=secrets < '%1'")
                        .arg(passwordFile)},
        m_dir.filePath(QStringLiteral("keyring.log")));
    m_daemon->setEnvironment(m_bus.environment());
    return m_daemon->startAndWait(
        [] {
            return QDBusConnection::sessionBus().interface()->isServiceRegistered(
                QStringLiteral("org.freedesktop.secrets"));
        },
        // Usually well under a second; a CI run once saw it miss 10 s with two tests running.
        20000, error);
}

void KeyringDaemon::stop()
{
    m_daemon.reset();
}

QString KeyringDaemon::lookup(const QString &service, const QString &key) const
{
    QProcess tool;
    tool.setProcessEnvironment(m_bus.environment());
    tool.start(QStringLiteral("secret-tool"),
               {QStringLiteral("lookup"), QStringLiteral("server"), service, QStringLiteral("user"), key});
    tool.waitForFinished(10000);
    return QString::fromUtf8(tool.readAllStandardOutput());
}

bool KeyringDaemon::lockAll() const
{
    // secret-tool lock crashes on Debian 12; the Secret Service call itself works.
    QDBusMessage call = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
        QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("Lock"));
    call << QVariant::fromValue(QList<QDBusObjectPath>{
        QDBusObjectPath(QStringLiteral("/org/freedesktop/secrets/collection/login"))});
    const QDBusMessage reply = QDBusConnection::sessionBus().call(call, QDBus::Block, 10000);
    return reply.type() == QDBusMessage::ReplyMessage;
}

} // namespace crosstalk::test
