// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/store/records.h"

#include <QList>

namespace crosstalk::store {

class Connection;

/// The call log.
class CallRepository
{
public:
    explicit CallRepository(Connection &connection)
        : m_db(connection)
    {}

    CallId begin(const CallRecord &call);
    void answered(CallId id, const QDateTime &at);
    void ended(CallId id, const QDateTime &at, CallOutcome outcome, const QString &statsJson);
    QList<CallRecord> forPerson(PersonId person, int limit = 100);

private:
    Connection &m_db;
};

} // namespace crosstalk::store
