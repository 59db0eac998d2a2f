// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/store/statement.h"

#include <QString>

#include <memory>
#include <unordered_map>

struct sqlite3;

namespace crosstalk::store {

/// One SQLite connection (RAII). Not thread-safe: a connection lives on one thread
/// (the store's writer, or one reader). Errors are thrown as StoreError.
class Connection
{
public:
    enum class Mode { ReadWrite, ReadOnly };

    /// Opens (ReadWrite creates) the file and applies the per-connection settings:
    /// busy timeout, foreign keys, synchronous=NORMAL. WAL is a property of the file and is
    /// switched on by the DatabaseOpener.
    static std::unique_ptr<Connection> open(const QString &path, Mode mode, int busyTimeoutMs);
    ~Connection();

    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    /// Runs one or more statements that return no rows.
    void exec(const QString &sql);
    Statement prepare(const QString &sql);
    /// A prepared statement kept for the life of the connection, for hot paths. It comes back
    /// reset and with its bindings cleared; never use the same one in two nested places.
    /// `sql` must be a string literal: statements are keyed by its address.
    Statement &cached(const char *sql);

    qint64 queryInt(const QString &sql);
    QString queryText(const QString &sql);
    qint64 lastInsertRowId() const;
    int changes() const;
    bool inTransaction() const;

    QString path() const { return m_path; }
    Mode mode() const { return m_mode; }

    /// Throws the StoreError matching an SQLite result code.
    [[noreturn]] void fail(int resultCode, const QString &context) const;

private:
    friend class Statement;
    Connection(sqlite3 *db, QString path, Mode mode);

    sqlite3 *m_db;
    QString m_path;
    Mode m_mode;
    std::unordered_map<const char *, std::unique_ptr<Statement>> m_cache;
};

} // namespace crosstalk::store
