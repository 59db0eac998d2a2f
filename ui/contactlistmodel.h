// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/contacts/contactdirectory.h"
#include "ui/contactsearchindex.h"

#include <QAbstractListModel>
#include <QHash>
#include <QSet>
#include <QTimer>

#include <unordered_map>
#include <vector>

namespace crosstalk::ui {

/// The merged contact list as flat rows: group headers, then their people. Filtering,
/// sorting and collapsed groups are applied here, not in a proxy, so that a keystroke at
/// 50,000 people costs one pass over precomputed keys.
class ContactListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        KindRole = Qt::UserRole + 1, ///< RowKind
        PersonRole,                  ///< qint64 person id
        PresenceRole,                ///< int PresenceKind
        StatusTextRole,
        GroupRole,
        UnreadRole,
        CallableRole,
        CollapsedRole, ///< headers
        CountsRole,    ///< headers: "online/total"
        NameRole,      ///< display-safe name
        AvatarRole,    ///< avatar file name (hash) for the AvatarCache; empty: initials
    };
    enum class RowKind { Header, Person };
    enum class SortMode { Presence, Name, Recent };

    explicit ContactListModel(contacts::ContactDirectory &directory, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;
    Qt::DropActions supportedDropActions() const override { return Qt::MoveAction; }

    void setFilter(const QString &text);
    QString filter() const { return m_filterText; }
    void setSortMode(SortMode mode);
    SortMode sortMode() const { return m_sort; }
    void setShowOffline(bool show);
    bool showOffline() const { return m_showOffline; }
    void setGrouped(bool grouped);
    bool grouped() const { return m_grouped; }
    void setCollapsed(const QString &group, bool collapsed);
    QSet<QString> collapsedGroups() const { return m_collapsed; }
    void setCollapsedGroups(QSet<QString> groups);
    void setUnread(PersonId person, int count);
    /// Last conversation time per person, for the Recent sort.
    void setLastActivity(PersonId person, qint64 msSinceEpoch);
    void setLastActivities(QHash<PersonId, qint64> latest);

    QModelIndex indexOf(PersonId person) const;
    PersonId personAt(const QModelIndex &index) const;
    int personCount() const { return m_personRows; }
    bool isEmptyBecauseOfFilter() const { return m_personRows == 0 && !m_filterText.isEmpty() && m_directory.size() > 0; }

Q_SIGNALS:
    void mergeRequested(crosstalk::PersonId into, crosstalk::PersonId from);
    void moveToGroupRequested(crosstalk::PersonId person, const QString &group);
    void renameRequested(crosstalk::PersonId person, const QString &name);
    void rowsRebuilt();

private:
    struct Entry
    {
        QString rawKey;     ///< unfolded names and handles: refold only when this changes
        QString name;       ///< display-safe
        QString foldedName;
        QByteArray searchKey; ///< folded names, aliases and handles, UTF-8: memmem-searchable
        QString status;
        QString avatar;     ///< the person's own picture, else their best buddy's
        int group = 0;      ///< index into m_groupNames
        int rank = 0;       ///< presence rank
        int nameOrder = 0;  ///< position in a name sort, so sorting compares ints
        int searchSlot = 0; ///< in m_search
        bool callable = false;
        bool online = false;
        bool hidden = false;
        bool pinned = false;
    };
    /// Everything the order depends on, as integers: sorting never touches a string.
    struct SortKey
    {
        Entry *entry;
        int searchSlot;   ///< copied here so filtering never touches the scattered entries
        int group;        ///< group rank (pinned first), or 0 when not grouped
        int primary;
        qint64 secondary;
        PersonId id;
        friend bool operator<(const SortKey &a, const SortKey &b)
        {
            if (a.group != b.group)
                return a.group < b.group;
            if (a.primary != b.primary)
                return a.primary < b.primary;
            if (a.secondary != b.secondary)
                return a.secondary < b.secondary;
            return a.id < b.id;
        }
    };
    struct Row
    {
        RowKind kind;
        PersonId person;  ///< Person rows
        int group = -1;   ///< index into m_groupNames
    };

    /// What an update changed: the name (refold, renumber), the order, or only the look.
    struct EntryChange
    {
        bool name = false;
        bool order = false;
        bool visibility = false;
    };
    EntryChange fillEntry(Entry &e, const contacts::Contact &c);
    int groupIdOf(const QString &name);
    SortKey keyOf(PersonId id, const Entry &e) const;
    void reloadAll();
    void renumberNames();
    void resort();
    void onChanged(const QList<PersonId> &ids);
    void applyPendingChanges();
    void onRemoved(const QList<PersonId> &ids);
    void scheduleRebuild();
    void rebuild();
    void relayout(bool refine);
    void applyRows(std::vector<SortKey> visible);
    QString groupName(int group) const;

    struct IdHash
    {
        size_t operator()(PersonId id) const noexcept { return std::hash<qint64>()(id.value()); }
    };

    contacts::ContactDirectory &m_directory;
    /// Node-based, so SortKey can point at entries across inserts.
    std::unordered_map<PersonId, Entry, IdHash> m_entries;
    std::vector<SortKey> m_sorted;   ///< every non-hidden person in display order
    std::vector<SortKey> m_visible;  ///< those shown now (filtered), for refining a filter
    /// The rows of each narrowing step typed so far ("a", "ad", "ada"): a backspace goes back
    /// one step instead of filtering everyone again. Cleared whenever the data changes.
    std::vector<std::pair<QString, std::vector<SortKey>>> m_filterSteps;
    QStringList m_groupNames;
    QHash<QString, int> m_groupIds;
    std::vector<int> m_groupRank;
    std::vector<int> m_groupOnline;
    std::vector<int> m_groupTotal;
    QSet<PersonId> m_dirty;          ///< changed since the last rebuild
    bool m_resortAll = true;
    QHash<PersonId, int> m_unread;
    QHash<PersonId, qint64> m_lastActivity;
    std::vector<Row> m_rows;
    mutable QHash<PersonId, int> m_rowOf; ///< built on first use after a layout
    mutable bool m_rowOfValid = false;
    int m_personRows = 0;
    QString m_filterText;
    QList<QByteArray> m_filterWords; ///< folded, UTF-8
    ContactSearchIndex m_search;     ///< rebuilt with the name order
    QString m_appliedFilter; ///< the filter m_visible was computed with
    SortMode m_sort = SortMode::Presence;
    bool m_showOffline = true;
    bool m_grouped = true;
    QSet<QString> m_collapsed;
    QTimer m_rebuildTimer;
    std::vector<PersonId> m_pendingChanges; ///< reported by the directory, not yet applied
    QTimer m_changeTimer;
    static constexpr qint64 kChangeSliceNs = 4'000'000;
    bool m_namesDirty = false;
    bool m_relayoutNeeded = false;
};

} // namespace crosstalk::ui
