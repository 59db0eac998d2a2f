// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/network/rosterservice.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>

namespace crosstalk::ui {

/// A flat list of every buddy on every account, live with presence. (The merged
/// contact list replaces it; it exists so the shell shows something real.)
class BuddyListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { PresenceRole = Qt::UserRole + 1, HandleRole, AccountRole };

    explicit BuddyListModel(RosterService &roster, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

    /// Re-reads every buddy of the account (after it signs on).
    void reloadAccount(AccountId account);

private:
    void upsert(const BuddyInfo &buddy);
    void remove(const BuddyAddress &address);
    void setPresence(const BuddyAddress &address, const Presence &presence);
    int rowOf(const BuddyAddress &address) const;

    RosterService &m_roster;
    QList<BuddyInfo> m_buddies;
};

} // namespace crosstalk::ui
