// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace crosstalk::store {

class Connection;

/// A transaction that rolls back unless commit() was reached (RAII). The writer uses
/// Immediate so that the write lock is taken up front and a busy database fails early.
class Transaction
{
public:
    enum class Kind { Deferred, Immediate };

    explicit Transaction(Connection &connection, Kind kind = Kind::Immediate);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    void commit();

private:
    Connection &m_connection;
    bool m_open = true;
};

} // namespace crosstalk::store
