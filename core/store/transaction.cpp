// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/transaction.h"

#include "core/store/connection.h"

namespace crosstalk::store {

Transaction::Transaction(Connection &connection, Kind kind)
    : m_connection(connection)
{
    m_connection.exec(kind == Kind::Immediate ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN"));
}

Transaction::~Transaction()
{
    if (!m_open)
        return;
    try {
        // SQLite may already have rolled back by itself (e.g. after SQLITE_FULL).
        if (m_connection.inTransaction())
            m_connection.exec(QStringLiteral("ROLLBACK"));
    } catch (...) {
        // Nothing useful can be done in a destructor; the connection stays usable.
    }
}

void Transaction::commit()
{
    m_connection.exec(QStringLiteral("COMMIT"));
    m_open = false;
}

} // namespace crosstalk::store
