// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/buddylistmodel.h"

#include <QColor>

namespace crosstalk::ui {

BuddyListModel::BuddyListModel(RosterService &roster, QObject *parent)
    : QAbstractListModel(parent)
    , m_roster(roster)
{
    connect(&roster, &RosterService::buddyAdded, this, &BuddyListModel::upsert);
    connect(&roster, &RosterService::buddyChanged, this, &BuddyListModel::upsert);
    connect(&roster, &RosterService::buddyRemoved, this, &BuddyListModel::remove);
    connect(&roster, &RosterService::buddyPresenceChanged, this, &BuddyListModel::setPresence);
}

int BuddyListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_buddies.size());
}

QVariant BuddyListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_buddies.size())
        return {};
    const BuddyInfo &b = m_buddies.at(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        const QString name = !b.alias.isEmpty()         ? b.alias
                             : !b.serverAlias.isEmpty() ? b.serverAlias
                                                        : b.address.handle;
        QString line = name + QStringLiteral(" — ") + presenceKindName(b.presence.kind);
        if (!b.presence.message.isEmpty())
            line += QStringLiteral(": ") + b.presence.message;
        return line;
    }
    case Qt::ToolTipRole:
        return b.address.handle;
    case Qt::ForegroundRole:
        return b.presence.isOnline() ? QVariant() : QVariant(QColor(Qt::gray));
    case PresenceRole:
        return int(b.presence.kind);
    case HandleRole:
        return b.address.handle;
    case AccountRole:
        return b.address.account.value();
    default:
        return {};
    }
}

void BuddyListModel::reloadAccount(AccountId account)
{
    for (const BuddyInfo &b : m_roster.buddies(account))
        upsert(b);
}

int BuddyListModel::rowOf(const BuddyAddress &address) const
{
    for (int i = 0; i < m_buddies.size(); ++i) {
        if (m_buddies[i].address == address)
            return i;
    }
    return -1;
}

void BuddyListModel::upsert(const BuddyInfo &buddy)
{
    const int row = rowOf(buddy.address);
    if (row >= 0) {
        m_buddies[row] = buddy;
        Q_EMIT dataChanged(index(row), index(row));
        return;
    }
    beginInsertRows({}, int(m_buddies.size()), int(m_buddies.size()));
    m_buddies.append(buddy);
    endInsertRows();
}

void BuddyListModel::remove(const BuddyAddress &address)
{
    const int row = rowOf(address);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_buddies.removeAt(row);
    endRemoveRows();
}

void BuddyListModel::setPresence(const BuddyAddress &address, const Presence &presence)
{
    const int row = rowOf(address);
    if (row < 0)
        return;
    m_buddies[row].presence = presence;
    Q_EMIT dataChanged(index(row), index(row));
}

} // namespace crosstalk::ui
