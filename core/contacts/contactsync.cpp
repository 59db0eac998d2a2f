// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/contacts/contactsync.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFuture>

#include <exception>

namespace crosstalk::contacts {

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

bool sameMetadata(const ContactBuddy &known, const BuddyInfo &info)
{
    return known.alias == info.alias && known.serverAlias == info.serverAlias && known.group == info.group
           && known.avatarHash == info.avatarHash;
}

} // namespace

ContactSync::ContactSync(ContactDirectory &directory, ContactCache &cache, RosterService &roster,
                         AccountService &accounts, QObject *parent)
    : QObject(parent)
    , m_directory(directory)
    , m_cache(cache)
    , m_roster(roster)
    , m_accounts(accounts)
{
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(50);
    connect(&m_batchTimer, &QTimer::timeout, this, &ContactSync::storeQueuedBuddies);
    m_presenceTimer.setSingleShot(true);
    m_presenceTimer.setInterval(2000);
    connect(&m_presenceTimer, &QTimer::timeout, this, &ContactSync::flushPresence);
    m_applyTimer.setSingleShot(true);
    m_applyTimer.setInterval(0);
    connect(&m_applyTimer, &QTimer::timeout, this, &ContactSync::applyStored);

    connect(&roster, &RosterService::buddyAdded, this, &ContactSync::queueBuddy);
    connect(&roster, &RosterService::buddyChanged, this, &ContactSync::queueBuddy);
    connect(&roster, &RosterService::buddyPresenceChanged, this, &ContactSync::onPresence);
    connect(&roster, &RosterService::buddyRemoved, this, [this](const BuddyAddress &address) {
        m_queued.remove(address);
        m_directory.removeBuddy(address);
        watch(m_cache.markRemoved(address));
    });
    connect(&accounts, &AccountService::connectionStateChanged, this,
            [this](AccountId id, ConnectionState state, const QString &) {
                if (state == ConnectionState::Connected) {
                    for (const BuddyInfo &b : m_roster.buddies(id))
                        queueBuddy(b);
                }
            });
}

template <typename T>
void ContactSync::watch(const QFuture<T> &future)
{
    QFuture<T>(future).onFailed(this, [this](const std::exception &e) {
        Q_EMIT storeFailed(QString::fromUtf8(e.what()));
        if constexpr (!std::is_void_v<T>)
            return T{};
    });
}

QString ContactSync::protocolOf(AccountId account) const
{
    const auto info = m_accounts.account(account);
    return info ? info->spec.protocolId : QString();
}

void ContactSync::loadFromCache()
{
    watch(m_cache.loadDecisions().then(this, [this](const QSet<QPair<qint64, qint64>> &decisions) {
        m_decisions.unite(decisions);
    }));
    QFuture<void> loading = m_cache.loadAll().then(this, [this](QList<Contact> people) {
        m_directory.resetAll(std::move(people));
        m_loaded = true;
        Q_EMIT loaded();
        // What the network reported meanwhile was held back; store it now.
        for (const AccountInfo &info : m_accounts.accounts()) {
            if (info.state == ConnectionState::Connected) {
                for (const BuddyInfo &b : m_roster.buddies(info.id))
                    queueBuddy(b);
            }
        }
        if (!m_queued.isEmpty())
            m_batchTimer.start();
    });
    loading.onFailed(this, [this](const std::exception &e) {
        // An unreadable cache must not leave the list dead: start empty, keep going live.
        Q_EMIT storeFailed(QString::fromUtf8(e.what()));
        m_directory.resetAll({});
        m_loaded = true;
        Q_EMIT loaded();
    });
}

void ContactSync::queueBuddy(const BuddyInfo &info)
{
    if (!info.address.account.isValid() || info.address.handle.isEmpty())
        return;
    const ContactBuddy *known = m_directory.buddy(info.address);
    if (known && sameMetadata(*known, info) && !m_queued.contains(info.address)) {
        onPresence(info.address, info.presence); // a presence-only update needs no write
        return;
    }
    m_queued.insert(info.address, info);
    if (m_loaded && !m_batchTimer.isActive())
        m_batchTimer.start();
}

void ContactSync::storeQueuedBuddies()
{
    if (!m_loaded || m_queued.isEmpty())
        return;
    // At most kMaxBatch per transaction: a 50,000-buddy sign-on goes to the store in chunks, each
    // taken from the queue in one short UI-thread turn, the next one a turn later.
    QList<QPair<BuddyInfo, QString>> batch;
    batch.reserve(std::min(m_queued.size(), kMaxBatch));
    QHash<AccountId, QString> protocols; // an account's whole description is costly to build per buddy
    for (auto it = m_queued.begin(); it != m_queued.end() && batch.size() < kMaxBatch; it = m_queued.erase(it)) {
        const BuddyInfo &info = it.value();
        auto protocol = protocols.find(info.address.account);
        if (protocol == protocols.end())
            protocol = protocols.insert(info.address.account, protocolOf(info.address.account));
        batch.append({info, *protocol});
        m_inFlight.insert(info.address, info.presence);
    }
    if (!m_queued.isEmpty())
        QMetaObject::invokeMethod(this, &ContactSync::storeQueuedBuddies, Qt::QueuedConnection);
    watch(m_cache.storeBuddies(std::move(batch)).then(this, [this](const QList<ContactCache::StoredBuddy> &stored) {
        m_toApply.insert(m_toApply.end(), stored.cbegin(), stored.cend());
        applyStored();
    }));
}

void ContactSync::applyStored()
{
    // A sign-on can store tens of thousands of buddies in one batch; they join the directory in
    // slices so the list keeps painting and answering keys meanwhile.
    QElapsedTimer slice;
    slice.start();
    const qint64 now = nowMs();
    while (!m_toApply.empty() && slice.nsecsElapsed() < kApplySliceNs) {
        ContactCache::StoredBuddy s = std::move(m_toApply.front());
        m_toApply.pop_front();
        // Presence may have moved on while the batch was being written. m_inFlight holds the
        // newest while a write is out; once an earlier write of the same buddy has shown it (and
        // taken the entry), the directory does.
        if (const auto live = m_inFlight.constFind(s.buddy.address); live != m_inFlight.cend()) {
            s.buddy.presence = *live;
            m_inFlight.erase(live);
        } else if (const ContactBuddy *shown = m_directory.buddy(s.buddy.address)) {
            s.buddy.presence = shown->presence;
        }
        s.buddy.lastActivityMs = now;
        const PersonId current = m_directory.personOf(s.buddy.address);
        // A buddy the user already moved keeps its place; only new ones take the store's.
        m_directory.upsertBuddy(current.isValid() ? current : s.person, s.personName, s.buddy);
        if (s.isNew)
            matchNewcomer(s.buddy.address);
    }
    if (!m_toApply.empty())
        m_applyTimer.start();
}

void ContactSync::onPresence(const BuddyAddress &address, const Presence &presence)
{
    // A buddy can be queued, being written and shown all at once (written again for a new name
    // while an earlier write is out); each of those copies takes the presence, or the write's
    // reply would bring an older one back.
    if (auto queued = m_queued.find(address); queued != m_queued.end())
        queued->presence = presence;
    if (auto inFlight = m_inFlight.find(address); inFlight != m_inFlight.end())
        *inFlight = presence;
    if (!m_directory.setPresence(address, presence, nowMs()))
        return; // not shown yet: it joins with the presence kept above
    m_dirtyPresence.insert(address, presence);
    if (!m_presenceTimer.isActive())
        m_presenceTimer.start();
}

void ContactSync::flushPresence()
{
    if (m_dirtyPresence.isEmpty())
        return;
    QList<QPair<BuddyAddress, Presence>> batch;
    batch.reserve(m_dirtyPresence.size());
    for (auto it = m_dirtyPresence.cbegin(); it != m_dirtyPresence.cend(); ++it)
        batch.append({it.key(), it.value()});
    m_dirtyPresence.clear();
    watch(m_cache.storePresence(std::move(batch)));
}

bool ContactSync::decided(BuddyId a, BuddyId b) const
{
    return m_decisions.contains(ContactCache::pairKey(a, b));
}

void ContactSync::matchNewcomer(const BuddyAddress &address)
{
    const auto matches = m_directory.suggestionsFor(address, [this](BuddyId a, BuddyId b) { return decided(a, b); });
    for (const MergeSuggestion &s : matches) {
        if (s.confidence >= 1.0) {
            // The same handle on the same network from two of our accounts is one person.
            applyMerge(s.matchPerson, s.buddyPerson, false, {});
            return;
        }
    }
    for (const MergeSuggestion &s : matches)
        addSuggestion(s);
}

void ContactSync::addSuggestion(const MergeSuggestion &suggestion)
{
    for (const MergeSuggestion &s : std::as_const(m_suggestions)) {
        if (ContactCache::pairKey(s.buddy.id, s.match.id) == ContactCache::pairKey(suggestion.buddy.id, suggestion.match.id))
            return;
    }
    m_suggestions.append(suggestion);
    Q_EMIT suggestionsChanged();
}

void ContactSync::dropSuggestionsFor(PersonId person)
{
    const qsizetype removed = m_suggestions.removeIf([&](const MergeSuggestion &s) {
        return s.buddyPerson == person || s.matchPerson == person;
    });
    if (removed)
        Q_EMIT suggestionsChanged();
}

void ContactSync::applyMerge(PersonId into, PersonId from, bool undoable, const QString &text)
{
    const Contact *absorbed = m_directory.contact(from);
    if (!absorbed || into == from || !m_directory.contact(into))
        return;
    UndoStep step{UndoStep::Kind::Merge, text, into, absorbed->displayName(), absorbed->buddies, {}};
    for (const ContactBuddy &b : absorbed->buddies) {
        for (const ContactBuddy &other : m_directory.contact(into)->buddies)
            m_decisions.insert(ContactCache::pairKey(b.id, other.id));
    }
    const bool adoptName = m_directory.contact(into)->nameIsHandle() && !absorbed->nameIsHandle();
    const QString absorbedName = absorbed->storedName;
    m_directory.mergePeople(into, from);
    watch(m_cache.merge(into, from));
    if (adoptName) {
        // The person kept was only named after a handle: the absorbed one's name is better.
        m_directory.setName(into, absorbedName);
        watch(m_cache.rename(into, absorbedName));
    }
    dropSuggestionsFor(from);
    if (undoable)
        pushUndo(std::move(step));
}

void ContactSync::acceptSuggestion(const MergeSuggestion &s)
{
    const PersonId into = m_directory.personOf(s.match.address);
    const PersonId from = m_directory.personOf(s.buddy.address);
    const Contact *a = m_directory.contact(into);
    const Contact *b = m_directory.contact(from);
    if (!a || !b)
        return;
    applyMerge(into, from, true, tr("Merge %1 and %2").arg(a->displayName(), b->displayName()));
}

void ContactSync::rejectSuggestion(const MergeSuggestion &s)
{
    m_decisions.insert(ContactCache::pairKey(s.buddy.id, s.match.id));
    watch(m_cache.recordDecision(s.buddy.id, s.match.id, store::MergeDecision::Rejected));
    if (m_suggestions.removeIf([&](const MergeSuggestion &x) {
            return ContactCache::pairKey(x.buddy.id, x.match.id) == ContactCache::pairKey(s.buddy.id, s.match.id);
        }))
        Q_EMIT suggestionsChanged();
}

void ContactSync::merge(PersonId into, PersonId from)
{
    const Contact *a = m_directory.contact(into);
    const Contact *b = m_directory.contact(from);
    if (!a || !b || into == from)
        return;
    applyMerge(into, from, true, tr("Merge %1 and %2").arg(a->displayName(), b->displayName()));
}

void ContactSync::split(const BuddyAddress &address)
{
    const PersonId person = m_directory.personOf(address);
    const Contact *c = m_directory.contact(person);
    const ContactBuddy *b = m_directory.buddy(address);
    if (!c || !b || c->buddies.size() < 2)
        return;
    const ContactBuddy buddy = *b;
    for (const ContactBuddy &other : c->buddies)
        m_decisions.insert(ContactCache::pairKey(buddy.id, other.id));
    const QString text = tr("Take %1 out of %2").arg(buddy.address.handle, c->displayName());
    watch(m_cache.split(buddy.id).then(this, [this, buddy, person, text](PersonId created) {
        m_directory.upsertBuddy(created, buddy.displayName(), buddy);
        pushUndo({UndoStep::Kind::Split, text, person, {}, {buddy}, created});
    }));
}

void ContactSync::rename(PersonId person, const QString &name)
{
    const Contact *c = m_directory.contact(person);
    if (!c || c->displayName() == name)
        return;
    UndoStep step{UndoStep::Kind::Rename, tr("Rename %1").arg(c->displayName()), person, c->storedName, {}, {}};
    m_directory.setName(person, name);
    watch(m_cache.rename(person, name));
    pushUndo(std::move(step));
}

void ContactSync::pushUndo(UndoStep step)
{
    m_undo.push_back(std::move(step));
    if (m_undo.size() > 100)
        m_undo.erase(m_undo.begin());
    Q_EMIT undoChanged();
}

QString ContactSync::undoText() const
{
    return m_undo.empty() ? QString() : m_undo.back().text;
}

void ContactSync::undo()
{
    if (m_undo.empty())
        return;
    UndoStep step = std::move(m_undo.back());
    m_undo.pop_back();
    Q_EMIT undoChanged();
    QList<BuddyId> ids;
    for (const ContactBuddy &b : std::as_const(step.buddies))
        ids << b.id;
    switch (step.kind) {
    case UndoStep::Kind::Merge:
        for (const ContactBuddy &b : std::as_const(step.buddies)) {
            if (const Contact *kept = m_directory.contact(step.person)) {
                for (const ContactBuddy &other : kept->buddies)
                    m_decisions.remove(ContactCache::pairKey(b.id, other.id));
            }
        }
        watch(m_cache.separate(step.name, ids).then(this, [this, step](PersonId created) {
            for (const ContactBuddy &b : step.buddies) {
                ContactBuddy live = b;
                if (const ContactBuddy *current = m_directory.buddy(b.address))
                    live = *current;
                m_directory.upsertBuddy(created, step.name, live);
            }
        }));
        break;
    case UndoStep::Kind::Split:
        if (const Contact *orig = m_directory.contact(step.person)) {
            for (const ContactBuddy &other : orig->buddies)
                m_decisions.remove(ContactCache::pairKey(step.buddies.first().id, other.id));
        }
        watch(m_cache.rejoin(ids, step.person).then(this, [this, step] {
            const Contact *orig = m_directory.contact(step.person);
            const QString name = orig ? orig->storedName : step.buddies.first().displayName();
            ContactBuddy live = step.buddies.first();
            if (const ContactBuddy *current = m_directory.buddy(live.address))
                live = *current;
            m_directory.upsertBuddy(step.person, name, live);
        }));
        break;
    case UndoStep::Kind::Rename:
        m_directory.setName(step.person, step.name);
        watch(m_cache.rename(step.person, step.name));
        break;
    }
}

} // namespace crosstalk::contacts
