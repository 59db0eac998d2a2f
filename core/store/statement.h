// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>

struct sqlite3_stmt;

namespace crosstalk::store {

class Connection;

/// A prepared statement (RAII). Parameters are 1-based, columns 0-based, as in SQLite.
class Statement
{
public:
    Statement(Connection &connection, sqlite3_stmt *stmt);
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&) = delete;
    Statement(const Statement &) = delete;
    ~Statement();

    Statement &bind(int index, qint64 value);
    Statement &bind(int index, int value) { return bind(index, qint64(value)); }
    Statement &bind(int index, bool value) { return bind(index, qint64(value ? 1 : 0)); }
    Statement &bind(int index, double value);
    /// A null QString binds SQL NULL; an empty one binds ''.
    Statement &bind(int index, const QString &value);
    Statement &bind(int index, const QByteArray &blob);
    Statement &bindNull(int index);

    /// Advances: true when a row is ready, false when done. Throws on error.
    bool step();
    /// Steps to the end (for statements that return no rows).
    void run();
    /// Makes the statement ready to run again, keeping nothing bound.
    void reset();

    qint64 int64(int column) const;
    int int32(int column) const { return int(int64(column)); }
    double real(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    bool isNull(int column) const;

private:
    Connection *m_connection;
    sqlite3_stmt *m_stmt;
};

} // namespace crosstalk::store
