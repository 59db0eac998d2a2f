// SPDX-License-Identifier: GPL-3.0-or-later
// Private to protocols/: an account's settings (protocol options, alias, avatar, proxy) as a
// map the accounts dialog edits, read from and written to libpurple.
#pragma once

#include <QVariantMap>

typedef struct _PurpleAccount PurpleAccount;

namespace crosstalk::protocols {

/// The account's current value of every protocol option, plus alias, avatar and proxy.
QVariantMap accountSettings(PurpleAccount *account);
/// Writes protocol options (by libpurple key), alias, avatar and proxy onto the account.
void applyAccountSettings(PurpleAccount *account, const QVariantMap &settings);

} // namespace crosstalk::protocols
