// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tests/support/serverprocess.h"
#include "tests/support/tempdir.h"

#include <QProcessEnvironment>

#include <memory>

namespace crosstalk::test {

/// A private D-Bus session bus for one test process, with no service directories (so
/// nothing installed on the machine starts on demand). start() points this process's
/// DBUS_SESSION_BUS_ADDRESS at it: call it before anything touches QDBusConnection.
class SessionBus
{
public:
    SessionBus();
    ~SessionBus();

    bool start(QString *error = nullptr);
    QString address() const { return m_address; }
    /// The environment for helper processes (this process's, with the bus and a private
    /// HOME / XDG_RUNTIME_DIR / XDG_DATA_HOME so nothing of the machine's user is touched).
    QProcessEnvironment environment() const;
    QString home() const { return m_dir.filePath(QStringLiteral("home")); }

private:
    TempDir m_dir;
    QString m_address;
    std::unique_ptr<ServerProcess> m_daemon;
};

} // namespace crosstalk::test
