// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/contacts/contactcache.h"
#include "core/contacts/contactdirectory.h"
#include "core/network/accountservice.h"
#include "core/network/rosterservice.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <deque>
#include <vector>

namespace crosstalk::contacts {

/// Keeps the contact directory, the store and the network in step:
/// - at start, the directory is filled from the cache (before any account connects);
/// - buddies the network reports are stored in batches, then shown, then matched against
///   everyone (certain matches merge by themselves, the rest become suggestions);
/// - presence goes to the directory at once and to the store in periodic batches;
/// - merge, split and rename are applied at once and can be undone.
class ContactSync : public QObject
{
    Q_OBJECT
public:
    ContactSync(ContactDirectory &directory, ContactCache &cache, RosterService &roster,
                AccountService &accounts, QObject *parent = nullptr);

    /// Fills the directory from the store; loaded() follows.
    void loadFromCache();
    bool isLoaded() const { return m_loaded; }

    QList<MergeSuggestion> suggestions() const { return m_suggestions; }
    void acceptSuggestion(const MergeSuggestion &suggestion);
    void rejectSuggestion(const MergeSuggestion &suggestion);

    void merge(PersonId into, PersonId from);
    void split(const BuddyAddress &buddy);
    void rename(PersonId person, const QString &name);
    bool canUndo() const { return !m_undo.empty(); }
    QString undoText() const;
    void undo();

    /// Intervals (tests shorten them).
    void setBatchInterval(int ms) { m_batchTimer.setInterval(ms); }
    void setPresenceFlushInterval(int ms) { m_presenceTimer.setInterval(ms); }

Q_SIGNALS:
    void loaded();
    void suggestionsChanged();
    void undoChanged();
    /// Something could not be stored (e.g. the disk is full); the list stays usable.
    void storeFailed(const QString &reason);

private:
    struct UndoStep
    {
        enum class Kind { Merge, Split, Rename } kind;
        QString text;
        PersonId person;             ///< merge: the person kept; split/rename: the person
        QString name;                ///< merge: the name of the person absorbed; rename: old name
        QList<ContactBuddy> buddies; ///< merge: buddies that came from the absorbed person
        PersonId created;            ///< split: the person created for the buddy
    };

    void queueBuddy(const BuddyInfo &info);
    void storeQueuedBuddies();
    void applyStored();
    void onPresence(const BuddyAddress &address, const Presence &presence);
    void flushPresence();
    void matchNewcomer(const BuddyAddress &address);
    void addSuggestion(const MergeSuggestion &suggestion);
    void dropSuggestionsFor(PersonId person);
    bool decided(BuddyId a, BuddyId b) const;
    void applyMerge(PersonId into, PersonId from, bool undoable, const QString &text);
    void pushUndo(UndoStep step);
    QString protocolOf(AccountId account) const;
    template <typename T>
    void watch(const QFuture<T> &future);

    ContactDirectory &m_directory;
    ContactCache &m_cache;
    RosterService &m_roster;
    AccountService &m_accounts;
    bool m_loaded = false;
    QHash<BuddyAddress, BuddyInfo> m_queued;
    QTimer m_batchTimer;
    QHash<BuddyAddress, Presence> m_inFlight; ///< presence of buddies being written to the store
    std::deque<ContactCache::StoredBuddy> m_toApply; ///< written, not yet in the directory
    QTimer m_applyTimer;
    static constexpr qint64 kApplySliceNs = 4'000'000;
    static constexpr qsizetype kMaxBatch = 2000;
    QHash<BuddyAddress, Presence> m_dirtyPresence;
    QTimer m_presenceTimer;
    QSet<QPair<qint64, qint64>> m_decisions;
    QList<MergeSuggestion> m_suggestions;
    std::vector<UndoStep> m_undo;
};

} // namespace crosstalk::contacts
