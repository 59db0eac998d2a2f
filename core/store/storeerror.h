// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <stdexcept>

namespace crosstalk::store {

/// Every failure of the store, classified so that callers can tell the user what happened
/// ("the disk is full", "another Crosstalk is running") rather than print an SQLite code.
class StoreError : public std::runtime_error
{
public:
    enum class Kind {
        Io,
        Corrupt,      ///< the file is damaged (moved aside on open)
        NotADatabase, ///< the file is not an SQLite database (moved aside on open)
        NewerSchema,  ///< written by a newer Crosstalk; left untouched
        Locked,       ///< another process holds the database
        DiskFull,
        ReadOnly,
        Constraint,
        NotOpen,
        Other,
    };

    StoreError(Kind kind, const QString &message, int sqliteCode = 0);

    Kind kind() const { return m_kind; }
    int sqliteCode() const { return m_sqliteCode; }
    QString message() const { return m_message; }

private:
    Kind m_kind;
    QString m_message;
    int m_sqliteCode;
};

QString storeErrorKindName(StoreError::Kind kind);

} // namespace crosstalk::store
