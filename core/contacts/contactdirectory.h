// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/contacts/contact.h"
#include "core/contacts/mergeindex.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace crosstalk::contacts {

/// Every person and their buddies, in memory, on the UI thread: what the contact list
/// draws. Changes are coalesced (a presence storm becomes one notification per interval)
/// so the view never has to keep up with the network.
class ContactDirectory : public QObject
{
    Q_OBJECT
public:
    explicit ContactDirectory(QObject *parent = nullptr);

    /// How long changes are gathered before peopleChanged is emitted.
    void setCoalesceInterval(int ms) { m_flush.setInterval(ms); }

    /// Replaces everything (the cache at start-up); emits reset.
    void resetAll(QList<Contact> people);

    const Contact *contact(PersonId id) const;
    PersonId personOf(const BuddyAddress &address) const { return m_byAddress.value(address); }
    const ContactBuddy *buddy(const BuddyAddress &address) const;
    QList<PersonId> ids() const { return m_people.keys(); }
    int size() const { return int(m_people.size()); }
    template <typename F>
    void forEach(F f) const
    {
        for (const Contact &c : m_people)
            f(c);
    }

    /// Adds or updates a buddy in `person` (moving it there if it was elsewhere; a person
    /// left empty disappears). Creates the person when new, named `personName`.
    void upsertBuddy(PersonId person, const QString &personName, const ContactBuddy &buddy);
    void removeBuddy(const BuddyAddress &address);
    /// False when the buddy is unknown.
    bool setPresence(const BuddyAddress &address, const Presence &presence, qint64 nowMs);
    /// Whether the buddy can take a voice call (the call layer's live answer, which the
    /// roster does not know: upsertBuddy keeps it). False when the buddy is unknown.
    bool setVoiceCapable(const BuddyAddress &address, bool capable);

    /// Moves every buddy of `from` into `into`; `from` disappears.
    void mergePeople(PersonId into, PersonId from);
    void setName(PersonId id, const QString &name);
    void setHidden(PersonId id, bool hidden);
    void setPinned(PersonId id, bool pinned);

    QList<MergeSuggestion> suggestionsFor(const BuddyAddress &address, const MergeIndex::Decided &decided) const;

    /// Delivers pending changes now (tests and benchmarks).
    void flush();

Q_SIGNALS:
    void reset();
    /// People added or changed since the last emission (coalesced).
    void peopleChanged(const QList<crosstalk::PersonId> &ids);
    void peopleRemoved(const QList<crosstalk::PersonId> &ids);

private:
    void markChanged(PersonId id);
    void markRemoved(PersonId id);
    void detachBuddy(const BuddyAddress &address);
    static constexpr qint64 kIndexSliceNs = 3'000'000;
    /// Indexes people not yet in the merge index, for at most budgetNs (-1: all of them).
    void indexPending(qint64 budgetNs) const;

    QHash<PersonId, Contact> m_people;
    QHash<BuddyAddress, PersonId> m_byAddress;
    mutable MergeIndex m_index;
    /// People loaded from the cache but not yet in the merge index: it is built in small
    /// slices after the list is shown, so start-up does not wait for it.
    mutable QList<PersonId> m_unindexed;
    QTimer m_indexTimer;
    QSet<PersonId> m_changed;
    QSet<PersonId> m_removed;
    QTimer m_flush;
};

} // namespace crosstalk::contacts
