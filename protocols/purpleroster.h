// SPDX-License-Identifier: GPL-3.0-or-later
// Private to protocols/: buddy lists and presence (libpurple's blist ui ops and status signals).
#pragma once

#include "core/network/rosterservice.h"

typedef struct _PurpleBuddy PurpleBuddy;
typedef struct _PurpleBlistNode PurpleBlistNode;

namespace crosstalk::protocols {

class PurpleRoster : public RosterService
{
    Q_OBJECT
public:
    explicit PurpleRoster(QObject *parent = nullptr);
    ~PurpleRoster() override;

    void installUiOps();
    void start();

    QList<BuddyInfo> buddies(AccountId account) const override;
    std::optional<BuddyInfo> buddy(const BuddyAddress &address) const override;
    void addBuddy(const BuddyAddress &address, const QString &group, const QString &alias) override;
    void removeBuddy(const BuddyAddress &address) override;
    void moveBuddy(const BuddyAddress &address, const QString &group) override;
    void setBlocked(const BuddyAddress &address, bool blocked) override;
    bool isBlocked(const BuddyAddress &address) const override;
    void setOwnPresence(AccountId account, const Presence &presence) override;
    Presence ownPresence(AccountId account) const override;

    // From the C callbacks.
    void onNodeUpdated(PurpleBlistNode *node);
    void onNodeRemoved(PurpleBlistNode *node);
    void onBuddyStatus(PurpleBuddy *buddy);

    static PurpleRoster *instance();
    static BuddyInfo infoOf(PurpleBuddy *buddy);
};

} // namespace crosstalk::protocols
