// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/profile.h"

#include <QDir>
#include <QStandardPaths>

namespace crosstalk::app {

Profile::Profile(QString dir)
    : m_dir(dir.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
                                + QStringLiteral("/crosstalk")
                          : QDir(dir).absolutePath())
{
}

bool Profile::open(QString *error)
{
    if (!QDir().mkpath(m_dir)) {
        *error = QStringLiteral("Cannot create the profile directory %1.").arg(m_dir);
        return false;
    }
    QFile::setPermissions(m_dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    m_lock = std::make_unique<QLockFile>(m_dir + QStringLiteral("/crosstalk.lock"));
    m_lock->setStaleLockTime(0); // a crashed instance's lock is detected by its dead pid
    if (!m_lock->tryLock(100)) {
        qint64 pid = 0;
        QString host, app;
        m_lock->getLockInfo(&pid, &host, &app);
        *error = QStringLiteral("Crosstalk is already running with the profile %1 (process %2).")
                     .arg(m_dir)
                     .arg(pid);
        return false;
    }
    return true;
}

} // namespace crosstalk::app
