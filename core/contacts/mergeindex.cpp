// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/contacts/mergeindex.h"

#include "core/contacts/textfold.h"

#include <algorithm>

namespace crosstalk::contacts {

QString mergeReasonText(MergeReason reason)
{
    switch (reason) {
    case MergeReason::SameHandle: return QStringLiteral("the same address on two of your accounts");
    case MergeReason::SameIdentifier: return QStringLiteral("the same e-mail address or phone number");
    case MergeReason::SameAvatar: return QStringLiteral("the same picture");
    case MergeReason::SameName: return QStringLiteral("the same name");
    case MergeReason::SameLocalPart: return QStringLiteral("the same user name on different servers");
    }
    return {};
}

namespace {

double confidenceOf(MergeReason reason)
{
    switch (reason) {
    case MergeReason::SameHandle: return 1.0;
    case MergeReason::SameIdentifier: return 0.9;
    case MergeReason::SameAvatar: return 0.7;
    case MergeReason::SameName: return 0.6;
    case MergeReason::SameLocalPart: return 0.4;
    }
    return 0;
}

QString bareHandle(const QString &handle)
{
    return handle.section(QLatin1Char('/'), 0, 0).toCaseFolded();
}

} // namespace

QList<QPair<QString, MergeReason>> MergeIndex::keysOf(const ContactBuddy &buddy)
{
    QList<QPair<QString, MergeReason>> keys;
    const QString handle = bareHandle(buddy.address.handle);
    keys.append({QStringLiteral("h:") + buddy.protocolId + QLatin1Char(':') + handle, MergeReason::SameHandle});
    if (isEmailLike(handle)) {
        keys.append({QStringLiteral("i:") + handle, MergeReason::SameIdentifier});
        const QString local = foldForMatch(handle.section(QLatin1Char('@'), 0, 0));
        if (local.size() >= 3)
            keys.append({QStringLiteral("l:") + local, MergeReason::SameLocalPart});
    } else if (const QString digits = phoneDigits(handle); !digits.isEmpty()) {
        keys.append({QStringLiteral("i:+") + digits, MergeReason::SameIdentifier});
    }
    if (!buddy.avatarHash.isEmpty())
        keys.append({QStringLiteral("a:") + buddy.avatarHash, MergeReason::SameAvatar});
    for (const QString &name : {buddy.alias, buddy.serverAlias}) {
        const QString folded = foldForMatch(name);
        if (folded.size() >= 3)
            keys.append({QStringLiteral("n:") + folded, MergeReason::SameName});
    }
    return keys;
}

void MergeIndex::add(const ContactBuddy &buddy, PersonId person)
{
    if (m_persons.contains(buddy.id))
        remove(buddy);
    m_persons.insert(buddy.id, {buddy, person});
    // The buddy was taken out of every list above, so only a key it yields twice (alias equal to
    // server alias) could repeat it, and that repeat is the list's last element. A full
    // contains() here made indexing quadratic in a common name's popularity.
    for (const auto &[key, reason] : keysOf(buddy)) {
        QList<BuddyId> &ids = m_entries[key];
        if (ids.isEmpty() || ids.last() != buddy.id)
            ids.append(buddy.id);
    }
}

void MergeIndex::remove(const ContactBuddy &buddy)
{
    const auto it = m_persons.constFind(buddy.id);
    if (it == m_persons.cend())
        return;
    // Keys come from what was indexed, not from the (possibly renamed) buddy passed in.
    for (const auto &[key, reason] : keysOf(it->first)) {
        auto entry = m_entries.find(key);
        if (entry == m_entries.end())
            continue;
        entry->removeOne(buddy.id);
        if (entry->isEmpty())
            m_entries.erase(entry);
    }
    m_persons.remove(buddy.id);
}

void MergeIndex::movePerson(const ContactBuddy &buddy, PersonId person)
{
    auto it = m_persons.find(buddy.id);
    if (it != m_persons.end())
        it->second = person;
}

QList<MergeSuggestion> MergeIndex::suggestionsFor(const ContactBuddy &buddy, PersonId person,
                                                  const Decided &decided) const
{
    QHash<BuddyId, MergeSuggestion> best;
    for (const auto &[key, reason] : keysOf(buddy)) {
        const auto entry = m_entries.constFind(key);
        if (entry == m_entries.cend() || entry->size() > kMaxKeyFanout)
            continue;
        for (const BuddyId other : *entry) {
            if (other == buddy.id)
                continue;
            const auto &[otherBuddy, otherPerson] = m_persons.value(other);
            if (otherPerson == person || (decided && decided(buddy.id, other)))
                continue;
            // Two buddies of one account are two people by definition.
            if (otherBuddy.address.account == buddy.address.account)
                continue;
            const double confidence = confidenceOf(reason);
            auto it = best.find(other);
            if (it == best.end() || it->confidence < confidence)
                best.insert(other, {buddy, person, otherBuddy, otherPerson, reason, confidence});
        }
    }
    QList<MergeSuggestion> result = best.values();
    std::sort(result.begin(), result.end(), [](const MergeSuggestion &a, const MergeSuggestion &b) {
        return a.confidence != b.confidence ? a.confidence > b.confidence : a.match.id < b.match.id;
    });
    return result;
}

} // namespace crosstalk::contacts
