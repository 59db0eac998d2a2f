// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/migrator.h"

#include "core/store/connection.h"
#include "core/store/storeerror.h"
#include "core/store/transaction.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>

namespace crosstalk::store {

QList<Migration> Migrator::bundled()
{
    return fromDirectory(QStringLiteral(":/crosstalk/store/migrations"));
}

QList<Migration> Migrator::fromDirectory(const QString &dir)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{4})_(.+)\\.sql$"));
    QList<Migration> migrations;
    const QStringList files = QDir(dir).entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const auto match = pattern.match(file);
        if (!match.hasMatch())
            continue;
        QFile f(QDir(dir).filePath(file));
        if (!f.open(QIODevice::ReadOnly))
            throw StoreError(StoreError::Kind::Io, QStringLiteral("cannot read migration %1").arg(file));
        migrations.append({match.captured(1).toInt(), match.captured(2), QString::fromUtf8(f.readAll())});
    }
    return migrations;
}

Migrator::Migrator(QList<Migration> migrations)
    : m_migrations(std::move(migrations))
{
    std::sort(m_migrations.begin(), m_migrations.end(),
              [](const Migration &a, const Migration &b) { return a.version < b.version; });
    for (qsizetype i = 0; i < m_migrations.size(); ++i) {
        if (m_migrations[i].version != i + 1)
            throw StoreError(StoreError::Kind::Other,
                             QStringLiteral("migrations must be numbered 1..N without gaps"));
    }
}

int Migrator::latestVersion() const
{
    return int(m_migrations.size());
}

int Migrator::checkVersion(Connection &connection) const
{
    const int current = int(connection.queryInt(QStringLiteral("PRAGMA user_version")));
    if (current > latestVersion()) {
        throw StoreError(StoreError::Kind::NewerSchema,
                         QStringLiteral("%1 has schema version %2, but this Crosstalk knows only up to "
                                        "version %3; it was written by a newer Crosstalk")
                             .arg(connection.path())
                             .arg(current)
                             .arg(latestVersion()));
    }
    return current;
}

MigrationResult Migrator::migrate(Connection &connection) const
{
    MigrationResult result;
    result.fromVersion = checkVersion(connection);
    result.toVersion = result.fromVersion;
    for (const Migration &migration : m_migrations) {
        if (migration.version <= result.toVersion)
            continue;
        Transaction transaction(connection);
        // Re-read under the write lock: another process may have upgraded meanwhile.
        if (const int now = checkVersion(connection); now >= migration.version) {
            result.toVersion = now;
            continue;
        }
        connection.exec(migration.sql);
        connection.exec(QStringLiteral("PRAGMA user_version=%1").arg(migration.version));
        transaction.commit();
        result.toVersion = migration.version;
    }
    return result;
}

} // namespace crosstalk::store
