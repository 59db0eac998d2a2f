// SPDX-License-Identifier: GPL-3.0-or-later
// Private to protocols/: conversions between libpurple's C world and core's types.
#pragma once

#include "core/model/account.h"
#include "core/model/address.h"
#include "core/model/presence.h"

#include <QString>

typedef struct _PurpleAccount PurpleAccount;
typedef struct _PurpleBuddy PurpleBuddy;
typedef struct _PurplePresence PurplePresence;
typedef struct _PurpleConversation PurpleConversation;

namespace crosstalk::protocols {

inline constexpr const char *kUiId = "crosstalk";

inline QString fromUtf8(const char *s)
{
    return s ? QString::fromUtf8(s) : QString();
}

/// The AccountId kept on the libpurple account (a ui setting, so it survives restarts).
AccountId accountIdOf(PurpleAccount *account);
void setAccountIdOf(PurpleAccount *account, AccountId id);
PurpleAccount *findAccount(AccountId id);

/// The protocol's normalized form of a name ("Bob@Localhost/res" -> "bob@localhost").
QString normalizedHandle(PurpleAccount *account, const char *name);
BuddyAddress addressOf(PurpleBuddy *buddy);
BuddyAddress addressOf(PurpleConversation *conversation);

Presence presenceOf(PurplePresence *presence);
/// libpurple's primitive for a core presence kind (PurpleStatusPrimitive as int).
int primitiveFor(PresenceKind kind);

} // namespace crosstalk::protocols
