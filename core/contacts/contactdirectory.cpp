// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/contacts/contactdirectory.h"

#include <QElapsedTimer>

namespace crosstalk::contacts {

ContactDirectory::ContactDirectory(QObject *parent)
    : QObject(parent)
{
    m_flush.setSingleShot(true);
    m_flush.setInterval(100);
    connect(&m_flush, &QTimer::timeout, this, &ContactDirectory::flush);
    m_indexTimer.setInterval(0);
    connect(&m_indexTimer, &QTimer::timeout, this, [this] {
        // A slice bounded in time, not in people: folding a person's names costs tens of
        // microseconds, so a fixed 500 could hold the UI thread for 40 ms on a slow machine.
        indexPending(kIndexSliceNs);
        if (m_unindexed.isEmpty())
            m_indexTimer.stop();
    });
}

void ContactDirectory::indexPending(qint64 budgetNs) const
{
    QElapsedTimer clock;
    clock.start();
    int done = 0;
    while (!m_unindexed.isEmpty()) {
        const PersonId id = m_unindexed.takeLast();
        if (const Contact *c = contact(id)) {
            for (const ContactBuddy &b : c->buddies)
                m_index.add(b, id);
        }
        // Reading the clock costs little next to indexing, but still only every 16 people.
        if (budgetNs >= 0 && (++done & 15) == 0 && clock.nsecsElapsed() >= budgetNs)
            break;
    }
}

void ContactDirectory::resetAll(QList<Contact> people)
{
    m_people.clear();
    m_byAddress.clear();
    m_index.clear();
    m_changed.clear();
    m_removed.clear();
    m_people.reserve(people.size());
    qsizetype buddies = 0;
    for (const Contact &c : std::as_const(people))
        buddies += c.buddies.size();
    m_byAddress.reserve(buddies);
    m_index.reserve(buddies);
    m_unindexed.clear();
    m_unindexed.reserve(people.size());
    for (Contact &c : people) {
        for (const ContactBuddy &b : std::as_const(c.buddies))
            m_byAddress.insert(b.address, c.id);
        const PersonId id = c.id;
        m_unindexed.append(id);
        m_people.insert(id, std::move(c));
    }
    if (!m_unindexed.isEmpty())
        m_indexTimer.start();
    Q_EMIT reset();
}

const Contact *ContactDirectory::contact(PersonId id) const
{
    const auto it = m_people.constFind(id);
    return it == m_people.cend() ? nullptr : &*it;
}

const ContactBuddy *ContactDirectory::buddy(const BuddyAddress &address) const
{
    const Contact *c = contact(personOf(address));
    if (!c)
        return nullptr;
    for (const ContactBuddy &b : c->buddies) {
        if (b.address == address)
            return &b;
    }
    return nullptr;
}

void ContactDirectory::detachBuddy(const BuddyAddress &address)
{
    const PersonId owner = m_byAddress.take(address);
    auto it = m_people.find(owner);
    if (it == m_people.end())
        return;
    it->buddies.removeIf([&](const ContactBuddy &b) { return b.address == address; });
    if (it->buddies.isEmpty()) {
        m_people.erase(it);
        markRemoved(owner);
    } else {
        markChanged(owner);
    }
}

void ContactDirectory::upsertBuddy(PersonId person, const QString &personName, const ContactBuddy &buddy)
{
    const PersonId current = m_byAddress.value(buddy.address);
    if (current.isValid() && current != person)
        detachBuddy(buddy.address);
    auto it = m_people.find(person);
    if (it == m_people.end()) {
        Contact c;
        c.id = person;
        c.storedName = personName;
        it = m_people.insert(person, c);
        m_removed.remove(person);
    }
    bool replaced = false;
    for (ContactBuddy &b : it->buddies) {
        if (b.address == buddy.address) {
            const qint64 activity = b.lastActivityMs;
            const bool voice = b.voiceCapable; // known from the call layer, not the roster
            b = buddy;
            b.lastActivityMs = std::max(activity, buddy.lastActivityMs);
            b.voiceCapable = voice;
            replaced = true;
        }
    }
    if (!replaced)
        it->buddies.append(buddy);
    m_byAddress.insert(buddy.address, person);
    m_index.add(buddy, person);
    markChanged(person);
}

void ContactDirectory::removeBuddy(const BuddyAddress &address)
{
    if (const ContactBuddy *b = buddy(address))
        m_index.remove(*b);
    detachBuddy(address);
}

bool ContactDirectory::setPresence(const BuddyAddress &address, const Presence &presence, qint64 nowMs)
{
    auto it = m_people.find(personOf(address));
    if (it == m_people.end())
        return false;
    for (ContactBuddy &b : it->buddies) {
        if (b.address == address) {
            if (b.presence == presence)
                return true;
            b.presence = presence;
            b.lastActivityMs = nowMs;
            markChanged(it->id);
            return true;
        }
    }
    return false;
}

bool ContactDirectory::setVoiceCapable(const BuddyAddress &address, bool capable)
{
    auto it = m_people.find(personOf(address));
    if (it == m_people.end())
        return false;
    for (ContactBuddy &b : it->buddies) {
        if (b.address == address) {
            if (b.voiceCapable != capable) {
                b.voiceCapable = capable;
                markChanged(it->id);
            }
            return true;
        }
    }
    return false;
}

void ContactDirectory::mergePeople(PersonId into, PersonId from)
{
    if (into == from || !m_people.contains(into) || !m_people.contains(from))
        return;
    Contact gone = m_people.take(from);
    Contact &target = m_people[into];
    for (const ContactBuddy &b : std::as_const(gone.buddies)) {
        target.buddies.append(b);
        m_byAddress.insert(b.address, into);
        m_index.movePerson(b, into);
    }
    target.pinned = target.pinned || gone.pinned;
    markRemoved(from);
    markChanged(into);
}

void ContactDirectory::setName(PersonId id, const QString &name)
{
    auto it = m_people.find(id);
    if (it != m_people.end() && it->storedName != name) {
        it->storedName = name;
        markChanged(id);
    }
}

void ContactDirectory::setHidden(PersonId id, bool hidden)
{
    auto it = m_people.find(id);
    if (it != m_people.end() && it->hidden != hidden) {
        it->hidden = hidden;
        markChanged(id);
    }
}

void ContactDirectory::setPinned(PersonId id, bool pinned)
{
    auto it = m_people.find(id);
    if (it != m_people.end() && it->pinned != pinned) {
        it->pinned = pinned;
        markChanged(id);
    }
}

QList<MergeSuggestion> ContactDirectory::suggestionsFor(const BuddyAddress &address,
                                                        const MergeIndex::Decided &decided) const
{
    indexPending(-1); // a match must see everyone
    const ContactBuddy *b = buddy(address);
    return b ? m_index.suggestionsFor(*b, personOf(address), decided) : QList<MergeSuggestion>();
}

void ContactDirectory::markChanged(PersonId id)
{
    m_changed.insert(id);
    if (!m_flush.isActive())
        m_flush.start();
}

void ContactDirectory::markRemoved(PersonId id)
{
    m_changed.remove(id);
    m_removed.insert(id);
    if (!m_flush.isActive())
        m_flush.start();
}

void ContactDirectory::flush()
{
    m_flush.stop();
    if (!m_removed.isEmpty()) {
        const QList<PersonId> removed = m_removed.values();
        m_removed.clear();
        Q_EMIT peopleRemoved(removed);
    }
    if (!m_changed.isEmpty()) {
        const QList<PersonId> changed = m_changed.values();
        m_changed.clear();
        Q_EMIT peopleChanged(changed);
    }
}

} // namespace crosstalk::contacts
