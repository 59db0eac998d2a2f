// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/storeerror.h"

namespace crosstalk::store {

StoreError::StoreError(Kind kind, const QString &message, int sqliteCode)
    : std::runtime_error(message.toStdString())
    , m_kind(kind)
    , m_message(message)
    , m_sqliteCode(sqliteCode)
{}

QString storeErrorKindName(StoreError::Kind kind)
{
    switch (kind) {
    case StoreError::Kind::Io:
        return QStringLiteral("io");
    case StoreError::Kind::Corrupt:
        return QStringLiteral("corrupt");
    case StoreError::Kind::NotADatabase:
        return QStringLiteral("not-a-database");
    case StoreError::Kind::NewerSchema:
        return QStringLiteral("newer-schema");
    case StoreError::Kind::Locked:
        return QStringLiteral("locked");
    case StoreError::Kind::DiskFull:
        return QStringLiteral("disk-full");
    case StoreError::Kind::ReadOnly:
        return QStringLiteral("read-only");
    case StoreError::Kind::Constraint:
        return QStringLiteral("constraint");
    case StoreError::Kind::NotOpen:
        return QStringLiteral("not-open");
    case StoreError::Kind::Other:
        break;
    }
    return QStringLiteral("other");
}

} // namespace crosstalk::store
