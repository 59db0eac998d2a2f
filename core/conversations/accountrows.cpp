// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/conversations/accountrows.h"

#include "core/store/connection.h"
#include "core/store/store.h"
#include "core/store/transaction.h"

#include <QDateTime>

namespace crosstalk::conversations {

QFuture<void> mirrorAccounts(store::Store &store, const QList<AccountInfo> &accounts)
{
    return store.write([accounts](store::Connection &db) {
        store::Transaction transaction(db);
        store::Statement stmt = db.prepare(QStringLiteral(
            "INSERT INTO accounts(id, protocol, username, created_at) VALUES (?1, ?2, ?3, ?4) "
            "ON CONFLICT DO NOTHING"));
        for (const AccountInfo &info : accounts) {
            stmt.bind(1, info.id.value()).bind(2, info.spec.protocolId).bind(3, info.spec.username);
            stmt.bind(4, QDateTime::currentMSecsSinceEpoch());
            stmt.run();
            stmt.reset();
        }
        transaction.commit();
    });
}

} // namespace crosstalk::conversations
