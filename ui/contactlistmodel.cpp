// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/contactlistmodel.h"

#include "core/contacts/presenceaggregator.h"
#include "core/contacts/textfold.h"

#include <QMimeData>

#include <algorithm>

namespace crosstalk::ui {

using contacts::Contact;
using contacts::PresenceAggregator;

namespace {

constexpr auto kPersonMime = "application/x-crosstalk-person";

bool isBidiControl(char16_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F
           || c == 0x061C;
}

} // namespace

QString ContactListModel::displaySafe(const QString &text, int maxChars)
{
    QString out;
    out.reserve(std::min<qsizetype>(text.size(), maxChars) + 2);
    int kept = 0;
    for (const QChar c : text) {
        if (kept >= maxChars) {
            out += QChar(0x2026); // …
            break;
        }
        if (isBidiControl(c.unicode()))
            continue; // an override would reorder what follows the name
        if (c.category() == QChar::Other_Control || c.category() == QChar::Separator_Line
            || c.category() == QChar::Separator_Paragraph) {
            out += QLatin1Char(' ');
        } else {
            out += c;
        }
        ++kept;
    }
    // First-strong isolation: a right-to-left name stays inside its own run.
    return QChar(0x2068) + out.trimmed() + QChar(0x2069);
}

ContactListModel::ContactListModel(contacts::ContactDirectory &directory, QObject *parent)
    : QAbstractListModel(parent)
    , m_directory(directory)
{
    m_rebuildTimer.setSingleShot(true);
    m_rebuildTimer.setInterval(0);
    connect(&m_rebuildTimer, &QTimer::timeout, this, &ContactListModel::rebuild);
    connect(&directory, &contacts::ContactDirectory::reset, this, &ContactListModel::reloadAll);
    connect(&directory, &contacts::ContactDirectory::peopleChanged, this, &ContactListModel::onChanged);
    connect(&directory, &contacts::ContactDirectory::peopleRemoved, this, &ContactListModel::onRemoved);
    reloadAll();
}

ContactListModel::Entry ContactListModel::entryFor(const Contact &c) const
{
    Entry e;
    const QString name = c.displayName();
    e.name = displaySafe(name);
    QString key = contacts::foldForMatch(name);
    for (const contacts::ContactBuddy &b : c.buddies) {
        for (const QString &s : {b.alias, b.serverAlias, b.address.handle}) {
            if (!s.isEmpty())
                key += QLatin1Char('\n') + contacts::foldForMatch(s);
        }
    }
    e.searchKey = key;
    e.group = c.group().isEmpty() ? tr("Other contacts") : c.group();
    const Presence p = PresenceAggregator::presenceOf(c);
    e.rank = PresenceAggregator::rank(p.kind);
    e.online = p.isOnline();
    e.status = p.message.isEmpty() ? QString() : displaySafe(p.message, 120);
    e.callable = !PresenceAggregator::callable(c.buddies).isEmpty();
    e.hidden = c.hidden;
    e.pinned = c.pinned;
    return e;
}

void ContactListModel::reloadAll()
{
    m_entries.clear();
    m_entries.reserve(m_directory.size());
    m_directory.forEach([this](const Contact &c) { m_entries.insert(c.id, entryFor(c)); });
    m_namesDirty = true;
    rebuild();
}

void ContactListModel::renumberNames()
{
    std::vector<std::pair<QString, PersonId>> names;
    names.reserve(m_entries.size());
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it)
        names.emplace_back(contacts::foldForMatch(it->name), it.key());
    std::sort(names.begin(), names.end());
    for (int i = 0; i < int(names.size()); ++i)
        m_entries[names[i].second].nameOrder = i;
    m_namesDirty = false;
}

void ContactListModel::onChanged(const QList<PersonId> &ids)
{
    bool structural = false;
    QList<int> touched;
    for (const PersonId id : ids) {
        const Contact *c = m_directory.contact(id);
        if (!c)
            continue;
        Entry fresh = entryFor(*c);
        auto it = m_entries.find(id);
        if (it == m_entries.end()) {
            m_entries.insert(id, fresh);
            m_namesDirty = structural = true;
            continue;
        }
        if (fresh.name != it->name)
            m_namesDirty = structural = true;
        if (fresh.group != it->group || fresh.hidden != it->hidden || fresh.pinned != it->pinned
            || (m_sort == SortMode::Presence && fresh.rank != it->rank)
            || (!m_showOffline && fresh.online != it->online) || fresh.searchKey != it->searchKey)
            structural = true;
        fresh.nameOrder = it->nameOrder;
        *it = fresh;
        if (const auto row = m_rowOf.constFind(id); row != m_rowOf.cend())
            touched << *row;
    }
    if (structural) {
        scheduleRebuild();
        return;
    }
    for (const int row : std::as_const(touched))
        Q_EMIT dataChanged(index(row), index(row));
}

void ContactListModel::onRemoved(const QList<PersonId> &ids)
{
    for (const PersonId id : ids) {
        m_entries.remove(id);
        m_unread.remove(id);
    }
    scheduleRebuild();
}

void ContactListModel::scheduleRebuild()
{
    if (!m_rebuildTimer.isActive())
        m_rebuildTimer.start();
}

bool ContactListModel::passesFilter(const Entry &e) const
{
    for (const QString &word : m_filterWords) {
        if (!e.searchKey.contains(word))
            return false;
    }
    return true;
}

void ContactListModel::rebuild()
{
    m_rebuildTimer.stop();
    if (m_namesDirty)
        renumberNames();
    const bool filtering = !m_filterWords.isEmpty();

    // Groups by name; "Pinned" first.
    QHash<QString, int> groupIndex;
    std::vector<GroupInfo> groups;
    const QString pinnedName = tr("Pinned");
    auto groupOf = [&](const QString &name) {
        auto it = groupIndex.find(name);
        if (it == groupIndex.end()) {
            it = groupIndex.insert(name, int(groups.size()));
            groups.push_back({name, 0, 0});
        }
        return *it;
    };
    if (m_grouped)
        groupOf(pinnedName);

    struct Key
    {
        int group;
        int primary;
        qint64 secondary;
        PersonId id;
    };
    std::vector<Key> keys;
    keys.reserve(m_entries.size());
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        const Entry &e = *it;
        if (e.hidden)
            continue;
        const int g = m_grouped ? groupOf(e.pinned ? pinnedName : e.group) : 0;
        if (m_grouped) {
            groups[g].total += 1;
            groups[g].online += e.online ? 1 : 0;
        }
        if (filtering ? !passesFilter(e) : (!m_showOffline && !e.online))
            continue;
        Key k{g, 0, e.nameOrder, it.key()};
        if (!m_grouped && e.pinned)
            k.group = -1;
        switch (m_sort) {
        case SortMode::Presence: k.primary = -e.rank; break;
        case SortMode::Name: k.primary = 0; break;
        case SortMode::Recent:
            k.primary = 0;
            k.secondary = -m_lastActivity.value(it.key(), 0) * 1000000 + e.nameOrder;
            break;
        }
        keys.push_back(k);
    }
    // Groups in folded-name order, Pinned first.
    std::vector<int> groupRank(groups.size());
    {
        std::vector<int> order(groups.size());
        for (int i = 0; i < int(order.size()); ++i)
            order[i] = i;
        std::sort(order.begin(), order.end(), [&](int a, int b) {
            if ((groups[a].name == pinnedName) != (groups[b].name == pinnedName))
                return groups[a].name == pinnedName;
            return contacts::foldForMatch(groups[a].name) < contacts::foldForMatch(groups[b].name);
        });
        for (int i = 0; i < int(order.size()); ++i)
            groupRank[order[i]] = i;
    }
    std::sort(keys.begin(), keys.end(), [&](const Key &a, const Key &b) {
        const int ga = a.group < 0 ? -1 : m_grouped ? groupRank[a.group] : 0;
        const int gb = b.group < 0 ? -1 : m_grouped ? groupRank[b.group] : 0;
        if (ga != gb)
            return ga < gb;
        if (a.primary != b.primary)
            return a.primary < b.primary;
        return a.secondary < b.secondary;
    });

    // Keep selection and current item across the new layout.
    Q_EMIT layoutAboutToBeChanged();
    const QModelIndexList persistent = persistentIndexList();
    QList<PersonId> persistentPeople;
    for (const QModelIndex &i : persistent)
        persistentPeople << personAt(i);

    m_rows.clear();
    m_rows.reserve(keys.size() + groups.size());
    m_rowOf.clear();
    m_rowOf.reserve(qsizetype(keys.size()));
    m_personRows = 0;
    int currentGroup = -2;
    for (const Key &k : keys) {
        if (m_grouped && k.group != currentGroup) {
            currentGroup = k.group;
            m_rows.push_back({RowKind::Header, {}, k.group});
        }
        if (m_grouped && !filtering && m_collapsed.contains(groups[k.group].name))
            continue;
        m_rowOf.insert(k.id, int(m_rows.size()));
        m_rows.push_back({RowKind::Person, k.id, k.group});
        ++m_personRows;
    }
    m_groups = std::move(groups);

    QModelIndexList moved;
    for (const PersonId id : std::as_const(persistentPeople))
        moved << (id.isValid() ? indexOf(id) : QModelIndex());
    changePersistentIndexList(persistent, moved);
    Q_EMIT layoutChanged();
    Q_EMIT rowsRebuilt();
}

int ContactListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QModelIndex ContactListModel::indexOf(PersonId person) const
{
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
        const GroupInfo &g = m_groups[row.group];
        switch (role) {
        case KindRole: return int(RowKind::Header);
        case Qt::DisplayRole:
        case NameRole:
        case GroupRole: return g.name;
        case CountsRole: return QStringLiteral("%1/%2").arg(g.online).arg(g.total);
        case CollapsedRole: return m_collapsed.contains(g.name);
        default: return {};
        }
    }
    const auto it = m_entries.constFind(row.person);
    if (it == m_entries.cend())
        return {};
    const Entry &e = *it;
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
    case GroupRole: return e.group;
    case UnreadRole: return m_unread.value(row.person, 0);
    case CallableRole: return e.callable;
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
        Q_EMIT moveToGroupRequested(dragged, m_groups[target.group].name);
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
    m_filterWords = contacts::foldForMatch(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    rebuild();
}

void ContactListModel::setSortMode(SortMode mode)
{
    if (mode != m_sort) {
        m_sort = mode;
        rebuild();
    }
}

void ContactListModel::setShowOffline(bool show)
{
    if (show != m_showOffline) {
        m_showOffline = show;
        rebuild();
    }
}

void ContactListModel::setGrouped(bool grouped)
{
    if (grouped != m_grouped) {
        m_grouped = grouped;
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
    rebuild();
}

void ContactListModel::setCollapsedGroups(QSet<QString> groups)
{
    m_collapsed = std::move(groups);
    rebuild();
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

void ContactListModel::setLastActivity(PersonId person, qint64 msSinceEpoch)
{
    m_lastActivity.insert(person, msSinceEpoch);
    if (m_sort == SortMode::Recent)
        scheduleRebuild();
}

} // namespace crosstalk::ui
