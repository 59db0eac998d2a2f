// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/ids.h"

#include <QMetaType>
#include <QString>

namespace crosstalk {

/// A buddy as the network knows it: a protocol handle on one of our accounts.
/// (BuddyId is the store's row id for the same thing.)
struct BuddyAddress
{
    AccountId account;
    QString handle; ///< normalized protocol name, e.g. "bob@localhost", "bob" on IRC

    friend bool operator==(const BuddyAddress &, const BuddyAddress &) = default;
};

inline size_t qHash(const BuddyAddress &a, size_t seed = 0) noexcept
{
    return qHashMulti(seed, a.account, a.handle);
}

/// A multi-user chat (XMPP MUC room, IRC channel) on one account.
struct ChatAddress
{
    AccountId account;
    QString room; ///< "room@conference.host", "#channel"

    friend bool operator==(const ChatAddress &, const ChatAddress &) = default;
};

inline size_t qHash(const ChatAddress &a, size_t seed = 0) noexcept
{
    return qHashMulti(seed, a.account, a.room);
}

} // namespace crosstalk

Q_DECLARE_METATYPE(crosstalk::BuddyAddress)
Q_DECLARE_METATYPE(crosstalk::ChatAddress)
