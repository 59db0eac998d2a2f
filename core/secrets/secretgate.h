// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/ids.h"

#include <functional>

namespace crosstalk {

/// Implemented by the protocol layer: an account that is about to sign on without a password
/// in memory waits, and the gate asks whoever holds the passwords (the PasswordKeeper)
/// instead of letting the protocol library prompt on its own (libpurple's prompt would offer
/// to save the password in its accounts.xml).
class SecretGate
{
public:
    virtual ~SecretGate() = default;

    /// Whether the account's protocol cannot sign on without a password.
    virtual bool requiresPassword(AccountId account) const = 0;
    /// Whether it takes one at all (XMPP and IRC take an optional one; the XMPP plugin asks
    /// for it during sign-on when the server wants it).
    virtual bool acceptsPassword(AccountId account) const = 0;
    virtual bool hasPassword(AccountId account) const = 0;
    /// Signs on without a password (an optional one that nobody has); the protocol may
    /// still ask for one itself.
    virtual void signOnWithoutPassword(AccountId account) = 0;

    /// From now on, accounts held for want of a password are reported here, including any
    /// held before this was set (e.g. at start-up).
    virtual void setPasswordRequester(std::function<void(AccountId)> requester) = 0;
};

} // namespace crosstalk
