// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/desktop/sessionbus.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace crosstalk::test {

SessionBus::SessionBus() = default;

SessionBus::~SessionBus()
{
    m_daemon.reset();
}

bool SessionBus::start(QString *error)
{
    const QString socket = m_dir.filePath(QStringLiteral("bus"));
    const QString config = m_dir.filePath(QStringLiteral("session.conf"));
    for (const char *sub : {"home", "runtime", "data"})
        QDir().mkpath(m_dir.filePath(QString::fromLatin1(sub)));
    QFile::setPermissions(m_dir.filePath(QStringLiteral("runtime")),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write ") + config;
        return false;
    }
    // The stock session config minus <servicedir>: only what the test starts is there.
    file.write(QStringLiteral(R"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=%1</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
)").arg(socket).toUtf8());
    file.close();
    m_address = QStringLiteral("unix:path=") + socket;
    m_daemon = std::make_unique<ServerProcess>(
        QStringLiteral("dbus-daemon"), QStringLiteral("dbus-daemon"),
        QStringList{QStringLiteral("--config-file=") + config, QStringLiteral("--nofork"), QStringLiteral("--nopidfile")},
        m_dir.filePath(QStringLiteral("dbus.log")));
    if (!m_daemon->startAndWait([socket] { return QFileInfo::exists(socket); }, 5000, error))
        return false;
    qputenv("DBUS_SESSION_BUS_ADDRESS", m_address.toUtf8());
    return true;
}

QProcessEnvironment SessionBus::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_address);
    env.insert(QStringLiteral("HOME"), home());
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_dir.filePath(QStringLiteral("runtime")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("home/.config")));
    env.insert(QStringLiteral("NO_AT_BRIDGE"), QStringLiteral("1"));
    return env;
}

} // namespace crosstalk::test
