// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/store.h"

#include "core/store/connection.h"
#include "core/store/messagerepository.h"
#include "core/store/transaction.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>

namespace crosstalk::store {

QString Store::pathInProfile(const QString &profileDir)
{
    return QDir(profileDir).filePath(fileName());
}

Store::Store(QString databasePath, OpenOptions options)
    : m_path(std::move(databasePath))
    , m_options(std::move(options))
    , m_writer(std::make_unique<Worker>(QStringLiteral("store-writer")))
{
    m_writer->setIdleTask(
        [this] {
            try {
                indexPending();
            } catch (const StoreError &) {
                // e.g. a full disk: the rows stay queued and the next round retries.
            }
        },
        std::chrono::milliseconds(100));
}

Store::~Store()
{
    m_writer->post([this] {
        try {
            // Fold the WAL back so that the file is self-contained while we are not running.
            if (m_connection) {
                indexPending();
                m_connection->exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
            }
        } catch (...) {
        }
        m_connection.reset();
    });
    m_writer.reset();
    if (m_lock)
        m_lock->unlock();
}

QFuture<OpenReport> Store::open()
{
    return m_writer->submit([this] { return openOnWriter(); });
}

OpenReport Store::openOnWriter()
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    OpenReport report;
    if (!m_lock) {
        const QString lockPath = m_path + QStringLiteral(".lock");
        // A lock file left behind means the last run ended without closing the store.
        report.uncleanShutdown = QFileInfo::exists(lockPath) || QFileInfo::exists(checkMarkerPath(m_path));
        auto lock = std::make_unique<QLockFile>(lockPath);
        lock->setStaleLockTime(0); // only a dead owner makes it stale, never age
        if (!lock->tryLock(0)) {
            qint64 pid = 0;
            QString host, app;
            lock->getLockInfo(&pid, &host, &app);
            throw StoreError(StoreError::Kind::Locked,
                             QStringLiteral("%1 is in use by another running Crosstalk (process %2 on %3)")
                                 .arg(m_path)
                                 .arg(pid)
                                 .arg(host));
        }
        m_lock = std::move(lock);
    }
    m_connection = DatabaseOpener::open(m_path, m_options, report);
    QFile::remove(checkMarkerPath(m_path)); // checked (or replaced) now
    return report;
}

QString Store::checkMarkerPath(const QString &databasePath)
{
    return databasePath + QStringLiteral(".check");
}

void Store::reportCorruption() const
{
    QFile marker(checkMarkerPath(m_path));
    if (marker.open(QIODevice::WriteOnly))
        marker.write("SQLite reported damage; check on next start\n");
}

int Store::indexPending()
{
    if (!m_connection)
        return 0;
    Transaction transaction(*m_connection);
    const int indexed = MessageRepository(*m_connection).indexPending();
    transaction.commit();
    return indexed;
}

QFuture<int> Store::indexNow()
{
    return m_writer->submit([this] { return indexPending(); });
}

Connection &Store::writerConnection()
{
    if (!m_connection)
        throw StoreError(StoreError::Kind::NotOpen, QStringLiteral("the store is not open"));
    return *m_connection;
}

std::unique_ptr<Connection> Store::openReader() const
{
    return Connection::open(m_path, Connection::Mode::ReadOnly, m_options.busyTimeoutMs);
}

} // namespace crosstalk::store
