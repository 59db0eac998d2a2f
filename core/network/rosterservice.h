// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/address.h"
#include "core/model/presence.h"

#include <QList>
#include <QObject>

#include <optional>

namespace crosstalk {

/// A buddy as the protocol reports it right now.
struct BuddyInfo
{
    BuddyAddress address;
    QString alias;       ///< our local alias, if any
    QString serverAlias; ///< the name the buddy gave themselves
    QString group;
    Presence presence;
    /// The buddy's picture as the protocol cached it: a file name (content hash + extension)
    /// in the protocol's avatar directory; empty when the buddy has none.
    QString avatarHash = {};
};

/// Buddy lists of all accounts, their presence, and our own status.
class RosterService : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual QList<BuddyInfo> buddies(AccountId account) const = 0;
    virtual std::optional<BuddyInfo> buddy(const BuddyAddress &address) const = 0;

    /// Adds the buddy to the server-side list and asks for their authorisation
    /// where the protocol has it.
    virtual void addBuddy(const BuddyAddress &address, const QString &group,
                          const QString &alias) = 0;
    virtual void removeBuddy(const BuddyAddress &address) = 0;
    /// Moves the buddy to another group (created when new), on the server where it keeps groups.
    virtual void moveBuddy(const BuddyAddress &address, const QString &group) = 0;
    /// Blocks (or unblocks) the buddy through the protocol's privacy list.
    virtual void setBlocked(const BuddyAddress &address, bool blocked) = 0;
    virtual bool isBlocked(const BuddyAddress &address) const = 0;

    /// Our own status on one account, mapped to the protocol's nearest primitive.
    virtual void setOwnPresence(AccountId account, const Presence &presence) = 0;
    virtual Presence ownPresence(AccountId account) const = 0;

Q_SIGNALS:
    void buddyAdded(const crosstalk::BuddyInfo &buddy);
    void buddyChanged(const crosstalk::BuddyInfo &buddy);
    void buddyRemoved(const crosstalk::BuddyAddress &address);
    void buddyPresenceChanged(const crosstalk::BuddyAddress &address,
                              const crosstalk::Presence &presence);
};

} // namespace crosstalk

Q_DECLARE_METATYPE(crosstalk::BuddyInfo)
