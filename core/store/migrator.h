// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace crosstalk::store {

class Connection;

/// One numbered schema step: NNNN_name.sql brings user_version from NNNN-1 to NNNN.
struct Migration
{
    int version = 0;
    QString name;
    QString sql;
};

struct MigrationResult
{
    int fromVersion = 0;
    int toVersion = 0;
};

/// Applies numbered .sql migrations in order, each in its own transaction together with
/// its PRAGMA user_version, so a crash mid-upgrade leaves the previous version intact.
class Migrator
{
public:
    /// The migrations compiled into the program (:/crosstalk/store/migrations/*.sql).
    static QList<Migration> bundled();
    /// Reads NNNN_name.sql files from a directory (resource or file system).
    static QList<Migration> fromDirectory(const QString &dir);

    explicit Migrator(QList<Migration> migrations);

    int latestVersion() const;
    /// Throws StoreError NewerSchema (touching nothing) when the file is ahead of us.
    MigrationResult migrate(Connection &connection) const;
    /// Throws NewerSchema if the version cannot be handled; returns the current version.
    int checkVersion(Connection &connection) const;

private:
    QList<Migration> m_migrations;
};

} // namespace crosstalk::store
