// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/connection.h"

#include "core/store/storeerror.h"

#include <sqlite3.h>

#include <mutex>

namespace crosstalk::store {

namespace {

StoreError::Kind kindFor(int resultCode)
{
    switch (resultCode & 0xff) {
    case SQLITE_CORRUPT:
        return StoreError::Kind::Corrupt;
    case SQLITE_NOTADB:
        return StoreError::Kind::NotADatabase;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return StoreError::Kind::Locked;
    case SQLITE_FULL:
        return StoreError::Kind::DiskFull;
    case SQLITE_READONLY:
        return StoreError::Kind::ReadOnly;
    case SQLITE_CONSTRAINT:
        return StoreError::Kind::Constraint;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        return StoreError::Kind::Io;
    default:
        return StoreError::Kind::Other;
    }
}

} // namespace

Connection::Connection(sqlite3 *db, QString path, Mode mode)
    : m_db(db)
    , m_path(std::move(path))
    , m_mode(mode)
{}

std::unique_ptr<Connection> Connection::open(const QString &path, Mode mode, int busyTimeoutMs)
{
    // Memory statistics put a global mutex around every allocation; we never read them.
    static std::once_flag configured;
    std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
    sqlite3 *db = nullptr;
    const int flags =
        (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
        SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &db, flags, nullptr);
    std::unique_ptr<Connection> connection(new Connection(db, path, mode));
    if (rc != SQLITE_OK)
        connection->fail(rc, QStringLiteral("cannot open %1").arg(path));
    sqlite3_busy_timeout(db, busyTimeoutMs);
    sqlite3_extended_result_codes(db, 1);
    // The writer's larger page cache keeps the index pages that imports touch in memory;
    // memory mapping lets every connection share the OS page cache instead of copying pages.
    connection->exec(QStringLiteral("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; "
                                    "PRAGMA temp_store=MEMORY; PRAGMA mmap_size=1073741824;"));
    connection->exec(mode == Mode::ReadWrite ? QStringLiteral("PRAGMA cache_size=-32768")
                                             : QStringLiteral("PRAGMA cache_size=-8192"));
    return connection;
}

Connection::~Connection()
{
    m_cache.clear(); // statements must be finalized before the connection closes
    sqlite3_close_v2(m_db);
}

void Connection::exec(const QString &sql)
{
    char *error = nullptr;
    const int rc = sqlite3_exec(m_db, sql.toUtf8().constData(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        const QString context = error ? QString::fromUtf8(error) : QString();
        sqlite3_free(error);
        fail(rc, context);
    }
}

Statement Connection::prepare(const QString &sql)
{
    sqlite3_stmt *stmt = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    const int rc = sqlite3_prepare_v2(m_db, utf8.constData(), int(utf8.size()), &stmt, nullptr);
    if (rc != SQLITE_OK)
        fail(rc, QStringLiteral("preparing: %1").arg(sql.left(200)));
    return Statement(*this, stmt);
}

Statement &Connection::cached(const char *sql)
{
    auto it = m_cache.find(sql);
    if (it == m_cache.end()) {
        auto stmt = std::make_unique<Statement>(prepare(QString::fromUtf8(sql)));
        it = m_cache.emplace(sql, std::move(stmt)).first;
    } else {
        it->second->reset();
    }
    return *it->second;
}

qint64 Connection::queryInt(const QString &sql)
{
    Statement stmt = prepare(sql);
    return stmt.step() ? stmt.int64(0) : 0;
}

QString Connection::queryText(const QString &sql)
{
    Statement stmt = prepare(sql);
    return stmt.step() ? stmt.text(0) : QString();
}

qint64 Connection::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Connection::changes() const
{
    return sqlite3_changes(m_db);
}

bool Connection::inTransaction() const
{
    return sqlite3_get_autocommit(m_db) == 0;
}

void Connection::fail(int resultCode, const QString &context) const
{
    QString message = QString::fromUtf8(sqlite3_errstr(resultCode));
    if (m_db && sqlite3_errcode(m_db) == resultCode)
        message = QString::fromUtf8(sqlite3_errmsg(m_db));
    if (!context.isEmpty() && context != message)
        message = context + QStringLiteral(": ") + message;
    throw StoreError(kindFor(resultCode), message + QStringLiteral(" (%1)").arg(m_path), resultCode);
}

} // namespace crosstalk::store
