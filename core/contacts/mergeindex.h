// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/contacts/contact.h"

#include <QHash>
#include <QList>

#include <functional>

namespace crosstalk::contacts {

enum class MergeReason {
    SameHandle,    ///< the same protocol handle seen from two of our accounts
    SameIdentifier, ///< the same e-mail-like or phone-like identifier on different networks
    SameAvatar,
    SameName,      ///< same normalized display name or alias
    SameLocalPart, ///< "bob@a.org" and "bob@b.net"
};

QString mergeReasonText(MergeReason reason);

/// "These two buddies look like one person", with why and how sure.
struct MergeSuggestion
{
    ContactBuddy buddy;      ///< the buddy the suggestion is about
    PersonId buddyPerson;
    ContactBuddy match;      ///< the buddy it matches
    PersonId matchPerson;
    MergeReason reason = MergeReason::SameName;
    double confidence = 0;   ///< 0..1; 1 means certain (merged without asking)
};

/// Keys (identifier, name, avatar, local part) of every buddy, so that a buddy arriving
/// on any account is matched against everyone in constant time per key.
class MergeIndex
{
public:
    /// Whether the user already decided about this pair (a rejected pair never returns).
    using Decided = std::function<bool(BuddyId, BuddyId)>;

    void add(const ContactBuddy &buddy, PersonId person);
    void remove(const ContactBuddy &buddy);
    void movePerson(const ContactBuddy &buddy, PersonId person);
    void clear() { m_entries.clear(); m_persons.clear(); }
    /// Sizes the tables for this many buddies up front: growing a 200,000-key hash by
    /// rehashing stalls the UI thread for tens of milliseconds in one indexing slice.
    void reserve(qsizetype buddies)
    {
        m_entries.reserve(buddies * 4);
        m_persons.reserve(buddies);
    }

    /// Matches of `buddy` (of `person`) in other people, best first, one per matched buddy.
    QList<MergeSuggestion> suggestionsFor(const ContactBuddy &buddy, PersonId person,
                                          const Decided &decided) const;

    /// A key shared by more than this many buddies says nothing (e.g. the name "Mobile").
    static constexpr int kMaxKeyFanout = 25;

private:
    static QList<QPair<QString, MergeReason>> keysOf(const ContactBuddy &buddy);

    QHash<QString, QList<BuddyId>> m_entries; // key -> buddies
    QHash<BuddyId, QPair<ContactBuddy, PersonId>> m_persons;
};

} // namespace crosstalk::contacts
