// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/account.h"

#include <QList>

#include <optional>

namespace crosstalk::store {

class Connection;

/// Accounts (never secrets). Run on the writer for changes, on a reader for lookups.
class AccountRepository
{
public:
    explicit AccountRepository(Connection &connection)
        : m_db(connection)
    {}

    /// Inserts or updates by (protocol, username); returns the row id either way.
    AccountId upsert(const AccountSpec &spec);
    std::optional<AccountId> find(const QString &protocolId, const QString &username);
    std::optional<AccountInfo> get(AccountId id);
    QList<AccountInfo> all();
    void remove(AccountId id);

private:
    Connection &m_db;
};

} // namespace crosstalk::store
