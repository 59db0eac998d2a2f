// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/account.h"

#include <QFuture>
#include <QList>

namespace crosstalk::store {
class Store;
}

namespace crosstalk::conversations {

/// Makes sure every libpurple account has its row in the store's accounts table under the
/// same AccountId, so that conversations and messages can reference it. Existing rows are
/// left alone. (A stop-gap until the store offers "ensure account with this id".)
QFuture<void> mirrorAccounts(store::Store &store, const QList<AccountInfo> &accounts);

} // namespace crosstalk::conversations
