// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/databaseopener.h"

#include "core/store/connection.h"
#include "core/store/storeerror.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

namespace crosstalk::store {

namespace {

quint32 bigEndian(const QByteArray &bytes, int offset, int size)
{
    quint32 value = 0;
    for (int i = 0; i < size; ++i)
        value = (value << 8) | quint8(bytes[offset + i]);
    return value;
}

bool isDamage(StoreError::Kind kind)
{
    return kind == StoreError::Kind::Corrupt || kind == StoreError::Kind::NotADatabase;
}

} // namespace

void DatabaseOpener::checkHeader(const QString &path)
{
    QFile file(path);
    if (!file.exists() || file.size() == 0)
        return; // SQLite treats an empty file as a new database
    if (!file.open(QIODevice::ReadOnly))
        throw StoreError(StoreError::Kind::Io,
                         QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const QByteArray header = file.read(100);
    if (!header.startsWith(QByteArrayLiteral("SQLite format 3\0"))) {
        throw StoreError(StoreError::Kind::NotADatabase,
                         QStringLiteral("%1 is not an SQLite database").arg(path));
    }
    if (header.size() < 100)
        throw StoreError(StoreError::Kind::Corrupt, QStringLiteral("%1 is truncated").arg(path));
    quint32 pageSize = bigEndian(header, 16, 2);
    if (pageSize == 1)
        pageSize = 65536;
    const quint32 pages = bigEndian(header, 28, 4);
    const bool sizeValid = bigEndian(header, 24, 4) == bigEndian(header, 92, 4);
    // With a non-empty WAL the main file may legitimately lag behind its header.
    const QFileInfo wal(path + QStringLiteral("-wal"));
    const bool walHasData = wal.exists() && wal.size() > 0;
    if (sizeValid && pages > 0 && !walHasData && file.size() < qint64(pages) * pageSize) {
        throw StoreError(StoreError::Kind::Corrupt, QStringLiteral("%1 is truncated (%2 of %3 bytes)")
                                                        .arg(path)
                                                        .arg(file.size())
                                                        .arg(qint64(pages) * pageSize));
    }
}

QString DatabaseOpener::moveAside(const QString &path)
{
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString aside = path + QStringLiteral(".corrupt-") + stamp;
    for (int n = 2; QFile::exists(aside); ++n)
        aside = path + QStringLiteral(".corrupt-%1-%2").arg(stamp).arg(n);
    if (!QFile::rename(path, aside))
        throw StoreError(StoreError::Kind::Io, QStringLiteral("cannot move %1 aside").arg(path));
    for (const char *suffix : {"-wal", "-shm"}) {
        const QString side = path + QLatin1String(suffix);
        if (QFile::exists(side))
            QFile::rename(side, aside + QLatin1String(suffix));
    }
    return aside;
}

std::unique_ptr<Connection> DatabaseOpener::openChecked(const QString &path, const OpenOptions &options,
                                                        const Migrator &migrator, OpenReport &report)
{
    checkHeader(path);
    report.created = !QFile::exists(path) || QFileInfo(path).size() == 0;
    auto connection = Connection::open(path, Connection::Mode::ReadWrite, options.busyTimeoutMs);
    // Reading the schema touches the header and sqlite_master: a damaged or foreign file fails
    // here, and a newer schema is refused before anything is written.
    connection->queryInt(QStringLiteral("SELECT count(*) FROM sqlite_master"));
    report.fromVersion = migrator.checkVersion(*connection);
    const QString mode = connection->queryText(QStringLiteral("PRAGMA journal_mode=WAL"));
    if (mode.compare(QStringLiteral("wal"), Qt::CaseInsensitive) != 0) {
        throw StoreError(StoreError::Kind::Locked,
                         QStringLiteral("cannot switch %1 to WAL (journal mode is %2)").arg(path, mode));
    }
    const bool check = options.integrity == IntegrityCheck::Always ||
                       (options.integrity == IntegrityCheck::AfterUncleanShutdown && report.uncleanShutdown);
    if (check && !report.created) {
        const QString verdict = connection->queryText(QStringLiteral("PRAGMA quick_check(1)"));
        if (verdict != QStringLiteral("ok"))
            throw StoreError(StoreError::Kind::Corrupt,
                             QStringLiteral("%1 is damaged: %2").arg(path, verdict));
    }
    return connection;
}

std::unique_ptr<Connection> DatabaseOpener::open(const QString &path, const OpenOptions &options,
                                                 OpenReport &report)
{
    const Migrator migrator(options.migrations.isEmpty() ? Migrator::bundled() : options.migrations);
    report.path = path;
    std::unique_ptr<Connection> connection;
    try {
        connection = openChecked(path, options, migrator, report);
    } catch (const StoreError &error) {
        if (!isDamage(error.kind()))
            throw;
        report.problem = error.message();
        report.movedAsidePath = moveAside(path);
        connection = openChecked(path, options, migrator, report);
    }
    try {
        const MigrationResult migrated = migrator.migrate(*connection);
        report.schemaVersion = migrated.toVersion;
    } catch (const StoreError &error) {
        if (!isDamage(error.kind()) || !report.movedAsidePath.isEmpty())
            throw;
        connection.reset();
        report.problem = error.message();
        report.movedAsidePath = moveAside(path);
        connection = openChecked(path, options, migrator, report);
        report.schemaVersion = migrator.migrate(*connection).toVersion;
    }
    return connection;
}

} // namespace crosstalk::store
