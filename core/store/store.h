// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/store/databaseopener.h"
#include "core/store/storeerror.h"
#include "core/store/worker.h"

#include <QFuture>
#include <QString>

#include <memory>

class QLockFile;

namespace crosstalk::store {

class Connection;

/// The profile's database: one writer thread owning the read-write connection, and a
/// factory for read-only connections (WAL lets readers run beside the writer).
///
/// Usage: construct, call open() and wait for its future off the UI thread (or chain with
/// .then(context, ...)); then submit write jobs. Jobs run in submission order, so a job
/// queued after another sees its effects.
class Store
{
public:
    static QString fileName() { return QStringLiteral("crosstalk.sqlite"); }
    static QString pathInProfile(const QString &profileDir);

    explicit Store(QString databasePath, OpenOptions options = {});
    /// Finishes the queued writes, then closes the database and releases the lock.
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    /// Takes the instance lock, opens (moving a damaged file aside), migrates. The future
    /// holds the report, or a StoreError: Locked, NewerSchema, Io, DiskFull.
    QFuture<OpenReport> open();

    /// Runs job(Connection &) on the writer thread; the result (or StoreError) comes back in
    /// the future. The job decides its transactions (see Transaction).
    template <typename F> auto write(F job) -> QFuture<std::invoke_result_t<F &, Connection &>>
    {
        return m_writer->submit([this, job = std::move(job)]() mutable {
            try {
                return job(writerConnection());
            } catch (const StoreError &error) {
                if (error.kind() == StoreError::Kind::Corrupt)
                    reportCorruption();
                throw;
            }
        });
    }

    /// Remembers (in a marker file beside the database) that SQLite reported damage, so that
    /// the next open() runs the integrity check and moves a damaged file aside. Any thread.
    void reportCorruption() const;
    static QString checkMarkerPath(const QString &databasePath);

    /// Adds every message still waiting for the full-text index now. The writer does this by
    /// itself within ~100 ms of a write; tests and the importer use this to not wait.
    QFuture<int> indexNow();

    /// A new read-only connection for one reader thread. Only after open() succeeded.
    std::unique_ptr<Connection> openReader() const;

    QString path() const { return m_path; }
    int busyTimeoutMs() const { return m_options.busyTimeoutMs; }

private:
    Connection &writerConnection();
    int indexPending();
    OpenReport openOnWriter();

    QString m_path;
    OpenOptions m_options;
    std::unique_ptr<QLockFile> m_lock;
    std::unique_ptr<Connection> m_connection; // touched only on the writer thread
    std::unique_ptr<Worker> m_writer;
};

} // namespace crosstalk::store
