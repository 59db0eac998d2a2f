// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/contactlistmodel.h"

#include "core/contacts/presenceaggregator.h"
#include "core/contacts/textfold.h"
#include "ui/displaytext.h"

#include <QElapsedTimer>
#include <QMimeData>

#include <algorithm>

namespace crosstalk::ui {

using contacts::Contact;
using contacts::PresenceAggregator;

namespace {

constexpr auto kPersonMime = "application/x-crosstalk-person";

} // namespace

ContactListModel::ContactListModel(contacts::ContactDirectory &directory, QObject *parent)
    : QAbstractListModel(parent)
    , m_directory(directory)
{
    m_rebuildTimer.setSingleShot(true);
    m_rebuildTimer.setInterval(0);
    connect(&m_rebuildTimer, &QTimer::timeout, this, &ContactListModel::rebuild);
    m_changeTimer.setSingleShot(true);
    m_changeTimer.setInterval(0);
    connect(&m_changeTimer, &QTimer::timeout, this, &ContactListModel::applyPendingChanges);
    connect(&directory, &contacts::ContactDirectory::reset, this, &ContactListModel::reloadAll);
    connect(&directory, &contacts::ContactDirectory::peopleChanged, this, &ContactListModel::onChanged);
    connect(&directory, &contacts::ContactDirectory::peopleRemoved, this, &ContactListModel::onRemoved);
    reloadAll();
}

int ContactListModel::groupIdOf(const QString &name)
{
    auto it = m_groupIds.constFind(name);
    if (it != m_groupIds.cend())
        return *it;
    const int id = int(m_groupNames.size());
    m_groupNames << name;
    m_groupIds.insert(name, id);
    m_resortAll = true; // group ranks change
    return id;
}

ContactListModel::EntryChange ContactListModel::fillEntry(Entry &e, const Contact &c)
{
    EntryChange change;
    const QString name = c.displayName();
    QString raw = name;
    for (const contacts::ContactBuddy &b : c.buddies)
        raw += QLatin1Char('\n') + b.alias + QLatin1Char('\n') + b.serverAlias + QLatin1Char('\n') + b.address.handle;
    if (raw != e.rawKey) {
        // Folding is the expensive part; a presence update never gets here.
        e.rawKey = raw;
        e.name = displaySafe(name);
        e.foldedName = contacts::foldForMatch(name);
        QString key = e.foldedName;
        for (const contacts::ContactBuddy &b : c.buddies) {
            for (const QString &part : {b.alias, b.serverAlias, b.address.handle}) {
                if (!part.isEmpty())
                    key += QLatin1Char('\n') + contacts::foldForMatch(part);
            }
        }
        e.searchKey = key.toUtf8();
        change.name = change.order = true;
    }
    const int group = groupIdOf(c.group().isEmpty() ? tr("Other contacts") : c.group());
    const Presence p = PresenceAggregator::presenceOf(c);
    const int rank = PresenceAggregator::rank(p.kind);
    const bool online = p.isOnline();
    if (group != e.group || c.hidden != e.hidden || c.pinned != e.pinned
        || (rank != e.rank && m_sort == SortMode::Presence))
        change.order = true;
    if (online != e.online)
        change.visibility = true;
    e.group = group;
    e.rank = rank;
    e.online = online;
    e.hidden = c.hidden;
    e.pinned = c.pinned;
    e.status = p.message.isEmpty() ? QString() : displaySafe(p.message, 120);
    e.callable = !PresenceAggregator::callable(c.buddies).isEmpty();
    e.avatar = c.avatarHash;
    if (e.avatar.isEmpty()) {
        int best = -1;
        for (const contacts::ContactBuddy &b : c.buddies) {
            const int r = PresenceAggregator::rank(b.presence.kind);
            if (!b.avatarHash.isEmpty() && r > best) {
                best = r;
                e.avatar = b.avatarHash;
            }
        }
    }
    return change;
}

ContactListModel::SortKey ContactListModel::keyOf(PersonId id, const Entry &e) const
{
    SortKey k{const_cast<Entry *>(&e), e.searchSlot, 0, 0, e.nameOrder, id};
    if (m_grouped)
        k.group = e.pinned ? -1 : m_groupRank[e.group];
    else
        k.group = e.pinned ? -1 : 0;
    switch (m_sort) {
    case SortMode::Presence: k.primary = -e.rank; break;
    case SortMode::Name: break;
    case SortMode::Recent: k.secondary = -m_lastActivity.value(id, 0); break;
    }
    return k;
}

void ContactListModel::reloadAll()
{
    m_pendingChanges.clear(); // everyone is filled afresh below
    m_changeTimer.stop();
    m_entries.clear();
    m_entries.reserve(size_t(m_directory.size()));
    m_directory.forEach([this](const Contact &c) { fillEntry(m_entries[c.id], c); });
    m_namesDirty = true;
    m_resortAll = true;
    m_dirty.clear();
    rebuild();
}

void ContactListModel::renumberNames()
{
    std::vector<std::pair<const QString *, Entry *>> names;
    names.reserve(m_entries.size());
    for (auto &[id, e] : m_entries)
        names.emplace_back(&e.foldedName, &e);
    std::sort(names.begin(), names.end(), [](const auto &a, const auto &b) { return *a.first < *b.first; });
    m_search.clear();
    for (int i = 0; i < int(names.size()); ++i) {
        names[i].second->nameOrder = i;
        names[i].second->searchSlot = m_search.add(names[i].second->searchKey);
    }
    m_namesDirty = false;
    m_resortAll = true;
}

void ContactListModel::resort()
{
    // Group order: folded names, with the pinned people above every group.
    std::vector<int> order(size_t(m_groupNames.size()));
    for (int i = 0; i < int(order.size()); ++i)
        order[i] = i;
    std::vector<QString> folded;
    for (const QString &g : std::as_const(m_groupNames))
        folded.push_back(contacts::foldForMatch(g));
    std::sort(order.begin(), order.end(), [&](int a, int b) { return folded[a] < folded[b]; });
    m_groupRank.assign(order.size(), 0);
    for (int i = 0; i < int(order.size()); ++i)
        m_groupRank[order[i]] = i;

    m_sorted.clear();
    m_sorted.reserve(m_entries.size());
    for (auto &[id, e] : m_entries) {
        if (!e.hidden)
            m_sorted.push_back(keyOf(id, e));
    }
    std::sort(m_sorted.begin(), m_sorted.end());
    m_resortAll = false;
    m_dirty.clear();
}

void ContactListModel::onChanged(const QList<PersonId> &ids)
{
    m_pendingChanges.insert(m_pendingChanges.end(), ids.cbegin(), ids.cend());
    applyPendingChanges();
}

void ContactListModel::applyPendingChanges()
{
    // A sign-on can change every one of 50,000 people at once; they are taken in slices so the
    // list keeps painting, the rows shown updating as each slice lands.
    QElapsedTimer slice;
    slice.start();
    QList<int> touched;
    bool countsChanged = false;
    std::size_t done = 0;
    for (; done < m_pendingChanges.size(); ++done) {
        if (done % 64 == 63 && slice.nsecsElapsed() > kChangeSliceNs)
            break;
        const PersonId id = m_pendingChanges[done];
        const Contact *c = m_directory.contact(id);
        if (!c)
            continue;
        auto [it, inserted] = m_entries.try_emplace(id);
        Entry &e = it->second;
        const bool wasOnline = e.online;
        const EntryChange change = fillEntry(e, *c);
        if (inserted || change.name)
            m_namesDirty = true;
        if (inserted || change.order)
            m_dirty.insert(id);
        if (change.visibility && !m_showOffline)
            m_relayoutNeeded = true;
        if (inserted || change.order || change.name)
            continue;
        if (e.online != wasOnline && !e.hidden) {
            // Headers count who is online; keep the counts without a relayout.
            const size_t g = e.pinned ? size_t(m_groupNames.size()) : size_t(e.group);
            if (g < m_groupOnline.size()) {
                m_groupOnline[g] += e.online ? 1 : -1;
                countsChanged = true;
            }
        }
        touched << indexOf(id).row();
    }
    m_pendingChanges.erase(m_pendingChanges.begin(), m_pendingChanges.begin() + std::ptrdiff_t(done));
    if (!m_pendingChanges.empty())
        m_changeTimer.start();
    if (m_namesDirty || !m_dirty.isEmpty() || m_relayoutNeeded) {
        // The rebuild waits for the last slice: one re-sort, not one per slice.
        if (m_pendingChanges.empty())
            scheduleRebuild();
        return;
    }
    for (const int row : std::as_const(touched)) {
        if (row >= 0)
            Q_EMIT dataChanged(index(row), index(row));
    }
    if (countsChanged && !m_rows.empty())
        Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1), {CountsRole});
}

void ContactListModel::onRemoved(const QList<PersonId> &ids)
{
    for (const PersonId id : ids)
        m_dirty.insert(id);
    // Keys pointing at the entries go first, then the entries themselves.
    std::erase_if(m_sorted, [&](const SortKey &k) { return m_dirty.contains(k.id) && !m_directory.contact(k.id); });
    m_visible.clear();
    m_appliedFilter.clear();
    for (const PersonId id : ids) {
        if (!m_directory.contact(id)) {
            m_entries.erase(id);
            m_unread.remove(id);
            m_dirty.remove(id);
        }
    }
    scheduleRebuild();
}

void ContactListModel::scheduleRebuild()
{
    if (!m_rebuildTimer.isActive())
        m_rebuildTimer.start();
}

void ContactListModel::rebuild()
{
    m_rebuildTimer.stop();
    if (m_namesDirty)
        renumberNames();
    if (m_resortAll) {
        resort();
    } else if (!m_dirty.isEmpty()) {
        // Only the changed people move: take them out, sort them, merge them back in.
        std::vector<SortKey> moved;
        std::erase_if(m_sorted, [&](const SortKey &k) { return m_dirty.contains(k.id); });
        for (const PersonId id : std::as_const(m_dirty)) {
            auto it = m_entries.find(id);
            if (it != m_entries.end() && !it->second.hidden)
                moved.push_back(keyOf(id, it->second));
        }
        std::sort(moved.begin(), moved.end());
        std::vector<SortKey> merged;
        merged.reserve(m_sorted.size() + moved.size());
        std::merge(m_sorted.begin(), m_sorted.end(), moved.begin(), moved.end(), std::back_inserter(merged));
        m_sorted = std::move(merged);
        m_dirty.clear();
    }
    m_relayoutNeeded = false;
    relayout(false);
}

void ContactListModel::relayout(bool refine)
{
    const bool filtering = !m_filterWords.isEmpty();
    if (!refine) {
        m_groupOnline.assign(size_t(m_groupNames.size()) + 1, 0);
        m_groupTotal.assign(size_t(m_groupNames.size()) + 1, 0);
        for (const SortKey &k : m_sorted) {
            const size_t g = k.entry->pinned ? m_groupNames.size() : size_t(k.entry->group);
            ++m_groupTotal[g];
            m_groupOnline[g] += k.entry->online ? 1 : 0;
        }
    }
    std::vector<SortKey> visible;
    const std::vector<SortKey> &source = refine ? m_visible : m_sorted;
    visible.reserve(source.size());
    if (filtering) {
        const std::vector<std::uint8_t> &hits = m_search.match(m_filterWords);
        for (const SortKey &k : source) {
            if (hits[size_t(k.searchSlot)])
                visible.push_back(k);
        }
    } else {
        for (const SortKey &k : source) {
            if (m_showOffline || k.entry->online)
                visible.push_back(k);
        }
    }
    if (!refine)
        m_filterSteps.clear();
    if (filtering && m_filterSteps.size() < 32)
        m_filterSteps.emplace_back(m_filterText, visible);
    applyRows(std::move(visible));
}

void ContactListModel::applyRows(std::vector<SortKey> visible)
{
    const bool filtering = !m_filterWords.isEmpty();
    const int pinnedGroup = -1;
    // The new rows are built first: when their number is unchanged (a presence storm only
    // re-orders people) the view needs a repaint, not a re-layout of every row.
    std::vector<Row> rows;
    rows.reserve(visible.size() + size_t(m_groupNames.size()) + 1);
    int personRows = 0;
    int currentGroup = -2;
    bool collapsed = false;
    for (const SortKey &k : visible) {
        const int g = k.entry->pinned ? pinnedGroup : k.entry->group;
        if (m_grouped && g != currentGroup) {
            currentGroup = g;
            rows.push_back({RowKind::Header, {}, g});
            collapsed = !filtering && m_collapsed.contains(groupName(g));
        }
        if (m_grouped && collapsed)
            continue;
        rows.push_back({RowKind::Person, k.id, g});
        ++personRows;
    }
    const bool sameShape = rows.size() == m_rows.size();
    if (!sameShape)
        Q_EMIT layoutAboutToBeChanged();
    const QModelIndexList persistent = persistentIndexList();
    QList<PersonId> persistentPeople;
    for (const QModelIndex &i : persistent)
        persistentPeople << personAt(i);

    m_rows = std::move(rows);
    m_personRows = personRows;
    m_rowOfValid = false;
    m_visible = std::move(visible);
    m_appliedFilter = m_filterText;

    QModelIndexList moved;
    for (const PersonId id : std::as_const(persistentPeople))
        moved << (id.isValid() ? indexOf(id) : QModelIndex());
    // Selection and the current item follow their person either way.
    changePersistentIndexList(persistent, moved);
    if (sameShape) {
        if (!m_rows.empty())
            Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1));
    } else {
        Q_EMIT layoutChanged();
    }
    Q_EMIT rowsRebuilt();
}

QString ContactListModel::groupName(int group) const
{
    return group < 0 ? tr("Pinned") : m_groupNames.value(group);
}

int ContactListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QModelIndex ContactListModel::indexOf(PersonId person) const
{
    if (!m_rowOfValid) {
        // Most layouts are never asked for a person's row; build the index only when one is.
        m_rowOf.clear();
        m_rowOf.reserve(m_personRows);
        for (int row = 0; row < int(m_rows.size()); ++row) {
            if (m_rows[row].kind == RowKind::Person)
                m_rowOf.insert(m_rows[row].person, row);
        }
        m_rowOfValid = true;
    }
    const auto it = m_rowOf.constFind(person);
    return it == m_rowOf.cend() ? QModelIndex() : index(*it);
}

PersonId ContactListModel::personAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    return m_rows[index.row()].person;
}

QVariant ContactListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row &row = m_rows[index.row()];
    if (row.kind == RowKind::Header) {
        const QString name = groupName(row.group);
        const size_t slot = row.group < 0 ? size_t(m_groupNames.size()) : size_t(row.group);
        switch (role) {
        case KindRole: return int(RowKind::Header);
        case Qt::DisplayRole:
        case NameRole:
        case GroupRole: return name;
        case CountsRole:
            return slot < m_groupTotal.size() ? QStringLiteral("%1/%2").arg(m_groupOnline[slot]).arg(m_groupTotal[slot])
                                              : QString();
        case CollapsedRole: return m_collapsed.contains(name);
        default: return {};
        }
    }
    const auto it = m_entries.find(row.person);
    if (it == m_entries.end())
        return {};
    const Entry &e = it->second;
    switch (role) {
    case KindRole: return int(RowKind::Person);
    case Qt::DisplayRole:
    case NameRole: return e.name;
    case Qt::EditRole: {
        const Contact *c = m_directory.contact(row.person);
        return c ? c->displayName() : QString();
    }
    case PersonRole: return row.person.value();
    case PresenceRole: {
        const Contact *c = m_directory.contact(row.person);
        return c ? int(PresenceAggregator::presenceOf(*c).kind) : int(PresenceKind::Unknown);
    }
    case StatusTextRole: return e.status;
    case GroupRole: return m_groupNames.value(e.group);
    case UnreadRole: return m_unread.value(row.person, 0);
    case CallableRole: return e.callable;
    case AvatarRole: return e.avatar;
    case Qt::ToolTipRole: {
        const Contact *c = m_directory.contact(row.person);
        if (!c)
            return {};
        QStringList lines{e.name};
        for (const contacts::ContactBuddy &b : c->buddies) {
            QString line = displaySafe(b.address.handle, 80) + QStringLiteral(" · ")
                           + QString(b.protocolId).remove(QStringLiteral("prpl-")) + QStringLiteral(" — ")
                           + presenceKindName(b.presence.kind);
            if (!b.presence.message.isEmpty())
                line += QStringLiteral(": ") + displaySafe(b.presence.message, 80);
            lines << line;
        }
        return lines.join(QLatin1Char('\n'));
    }
    default: return {};
    }
}

Qt::ItemFlags ContactListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return Qt::ItemIsDropEnabled;
    if (m_rows[index.row()].kind == RowKind::Header)
        return Qt::ItemIsEnabled | Qt::ItemIsDropEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable | Qt::ItemIsDragEnabled
           | Qt::ItemIsDropEnabled;
}

bool ContactListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    const PersonId person = personAt(index);
    if (role != Qt::EditRole || !person.isValid())
        return false;
    const QString name = value.toString().trimmed();
    if (name.isEmpty())
        return false;
    Q_EMIT renameRequested(person, name);
    return true;
}

QStringList ContactListModel::mimeTypes() const
{
    return {QLatin1String(kPersonMime)};
}

QMimeData *ContactListModel::mimeData(const QModelIndexList &indexes) const
{
    for (const QModelIndex &i : indexes) {
        const PersonId person = personAt(i);
        if (person.isValid()) {
            auto *mime = new QMimeData;
            mime->setData(QLatin1String(kPersonMime), QByteArray::number(person.value()));
            return mime;
        }
    }
    return nullptr;
}

bool ContactListModel::canDropMimeData(const QMimeData *data, Qt::DropAction, int, int,
                                       const QModelIndex &parent) const
{
    return data && data->hasFormat(QLatin1String(kPersonMime)) && parent.isValid();
}

bool ContactListModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                    const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    const PersonId dragged(data->data(QLatin1String(kPersonMime)).toLongLong());
    const Row &target = m_rows[parent.row()];
    if (target.kind == RowKind::Header) {
        Q_EMIT moveToGroupRequested(dragged, groupName(target.group));
    } else if (target.person != dragged) {
        Q_EMIT mergeRequested(target.person, dragged);
    }
    return false; // the directory, not the drop, moves rows
}

void ContactListModel::setFilter(const QString &text)
{
    if (text == m_filterText)
        return;
    m_filterText = text;
    m_filterWords.clear();
    for (const QString &word : contacts::foldForMatch(text).split(QLatin1Char(' '), Qt::SkipEmptyParts))
        m_filterWords << word.toUtf8();
    const bool clean = !m_rebuildTimer.isActive() && !m_namesDirty && m_dirty.isEmpty() && !m_resortAll;
    // A backspace returns to a step already computed.
    if (clean && !text.isEmpty()) {
        for (size_t i = 0; i < m_filterSteps.size(); ++i) {
            if (m_filterSteps[i].first == text) {
                m_filterSteps.resize(i + 1);
                applyRows(m_filterSteps[i].second);
                return;
            }
        }
    }
    // Typing forward only narrows: filter what is shown instead of everyone.
    const bool refine = clean && !m_appliedFilter.isEmpty() && text.startsWith(m_appliedFilter);
    if (refine)
        relayout(true);
    else
        rebuild();
}

void ContactListModel::setSortMode(SortMode mode)
{
    if (mode != m_sort) {
        m_sort = mode;
        m_resortAll = true;
        rebuild();
    }
}

void ContactListModel::setShowOffline(bool show)
{
    if (show != m_showOffline) {
        m_showOffline = show;
        relayout(false);
    }
}

void ContactListModel::setGrouped(bool grouped)
{
    if (grouped != m_grouped) {
        m_grouped = grouped;
        m_resortAll = true;
        rebuild();
    }
}

void ContactListModel::setCollapsed(const QString &group, bool collapsed)
{
    if (collapsed == m_collapsed.contains(group))
        return;
    if (collapsed)
        m_collapsed.insert(group);
    else
        m_collapsed.remove(group);
    relayout(false);
}

void ContactListModel::setCollapsedGroups(QSet<QString> groups)
{
    m_collapsed = std::move(groups);
    relayout(false);
}

void ContactListModel::setUnread(PersonId person, int count)
{
    if (m_unread.value(person) == count)
        return;
    if (count > 0)
        m_unread.insert(person, count);
    else
        m_unread.remove(person);
    const QModelIndex i = indexOf(person);
    if (i.isValid())
        Q_EMIT dataChanged(i, i, {UnreadRole});
}

void ContactListModel::setLastActivities(QHash<PersonId, qint64> latest)
{
    m_lastActivity = std::move(latest);
    if (m_sort == SortMode::Recent) {
        m_resortAll = true;
        scheduleRebuild();
    }
}

void ContactListModel::setLastActivity(PersonId person, qint64 msSinceEpoch)
{
    m_lastActivity.insert(person, msSinceEpoch);
    if (m_sort == SortMode::Recent) {
        m_dirty.insert(person);
        scheduleRebuild();
    }
}

} // namespace crosstalk::ui
