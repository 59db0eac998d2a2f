// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/store/migrator.h"

#include <QString>

#include <memory>

namespace crosstalk::store {

class Connection;

enum class IntegrityCheck {
    Never,
    AfterUncleanShutdown, ///< PRAGMA quick_check when the previous run did not close the store
    Always,
};

struct OpenOptions
{
    int busyTimeoutMs = 5000;
    /// After an unclean shutdown or reported damage (Store::reportCorruption).
    IntegrityCheck integrity = IntegrityCheck::AfterUncleanShutdown;
    /// Empty: the bundled migrations. Tests pass their own to exercise upgrades.
    QList<Migration> migrations;
};

/// What happened while opening, for the user to be told.
struct OpenReport
{
    QString path;
    bool created = false;  ///< a new, empty database was made
    int fromVersion = 0;   ///< schema version found on disk
    int schemaVersion = 0; ///< schema version now
    bool uncleanShutdown = false;
    QString movedAsidePath; ///< set when a damaged file was moved aside (never deleted)
    QString problem;        ///< why it was moved aside
};

/// Opens the writer's connection: recognises damaged files and moves them aside, refuses
/// newer schemas and locked files with a clear StoreError, switches on WAL and migrates.
class DatabaseOpener
{
public:
    static std::unique_ptr<Connection> open(const QString &path, const OpenOptions &options,
                                            OpenReport &report);

    /// Renames the file (and its -wal/-shm) to "<path>.corrupt-<UTC time>"; returns the new name.
    static QString moveAside(const QString &path);

private:
    static std::unique_ptr<Connection> openChecked(const QString &path, const OpenOptions &options,
                                                   const Migrator &migrator, OpenReport &report);
    static void checkHeader(const QString &path);
};

} // namespace crosstalk::store
