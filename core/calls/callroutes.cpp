// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/calls/callroutes.h"

#include "core/contacts/presenceaggregator.h"

#include <QCoreApplication>

#include <algorithm>

namespace crosstalk::calls {

using contacts::ContactBuddy;
using contacts::PresenceAggregator;

CallRoutes::CallRoutes(CallService &calls, contacts::ContactDirectory &directory, AccountService &accounts,
                       QObject *parent)
    : QObject(parent)
    , m_calls(calls)
    , m_directory(directory)
    , m_accounts(accounts)
{
    connect(&m_calls, &CallService::capabilityChanged, this, &CallRoutes::refresh);
    connect(&m_directory, &contacts::ContactDirectory::reset, this, &CallRoutes::refreshAll);
    connect(&m_directory, &contacts::ContactDirectory::peopleChanged, this, &CallRoutes::retryPending);
    // A call placed or answered makes that buddy the one "last used".
    connect(&m_calls, &CallService::callAdded, this, [this](const CallInfo &call) {
        if (call.direction == CallDirection::Outgoing)
            noteCall(call.peer, QDateTime::currentMSecsSinceEpoch());
    });
    connect(&m_calls, &CallService::callChanged, this, [this](const CallInfo &call) {
        if (call.answeredAt.isValid())
            noteCall(call.peer, call.answeredAt.toMSecsSinceEpoch());
    });
}

void CallRoutes::refresh(const BuddyAddress &buddy)
{
    const bool audio = m_calls.capability(buddy).audio;
    if (m_directory.setVoiceCapable(buddy, audio) || !audio)
        m_pending.remove(buddy); // known now, or nothing to remember (a new buddy starts false)
    else
        m_pending.insert(buddy);
}

void CallRoutes::retryPending(const QList<PersonId> &)
{
    if (m_pending.isEmpty())
        return;
    const QSet<BuddyAddress> pending = m_pending;
    for (const BuddyAddress &b : pending) {
        if (m_directory.buddy(b))
            refresh(b);
    }
}

void CallRoutes::refreshAll()
{
    // The cache's voice flags are from an earlier run; the call layer's answer is the truth.
    QList<BuddyAddress> all;
    m_directory.forEach([&](const contacts::Contact &c) {
        for (const ContactBuddy &b : c.buddies)
            all << b.address;
    });
    for (const BuddyAddress &b : std::as_const(all))
        refresh(b);
}

void CallRoutes::setLastCalls(const QHash<BuddyAddress, qint64> &lastCalls)
{
    for (auto it = lastCalls.cbegin(); it != lastCalls.cend(); ++it)
        noteCall(it.key(), it.value());
}

void CallRoutes::noteCall(const BuddyAddress &buddy, qint64 whenMs)
{
    qint64 &known = m_lastCall[buddy];
    known = std::max(known, whenMs);
}

bool CallRoutes::isCallable(PersonId person) const
{
    const contacts::Contact *c = m_directory.contact(person);
    if (!c)
        return false;
    return std::any_of(c->buddies.cbegin(), c->buddies.cend(),
                       [this](const ContactBuddy &b) { return m_calls.capability(b.address).audio; });
}

std::optional<CallRoute> CallRoutes::route(PersonId person, QString *whyNot) const
{
    const contacts::Contact *c = m_directory.contact(person);
    if (!c) {
        if (whyNot)
            *whyNot = QCoreApplication::translate("Call", "This contact is no longer in the list.");
        return std::nullopt;
    }
    QList<const ContactBuddy *> candidates;
    QStringList reasons;
    for (const ContactBuddy &b : c->buddies) {
        const CallCapability cap = m_calls.capability(b.address);
        if (cap.audio)
            candidates << &b;
        else
            reasons << (cap.whyNot.isEmpty() ? QCoreApplication::translate("Call", "%1 on %2 cannot take calls")
                                                   .arg(b.address.handle, networkName(b.address.account))
                                             : cap.whyNot);
    }
    if (candidates.isEmpty()) {
        if (whyNot) {
            reasons.removeDuplicates();
            *whyNot = c->buddies.isEmpty()
                          ? QCoreApplication::translate("Call", "%1 has no account to call.").arg(c->displayName())
                          : QCoreApplication::translate("Call", "%1 cannot be called: %2.")
                                .arg(c->displayName(), reasons.join(QStringLiteral("; ")));
        }
        return std::nullopt;
    }
    // Presence first (an available buddy rings a device someone is at), then the buddy that
    // carried the last call (the one that worked), then recent activity.
    std::stable_sort(candidates.begin(), candidates.end(), [this](const ContactBuddy *a, const ContactBuddy *b) {
        const int ra = PresenceAggregator::rank(a->presence.kind), rb = PresenceAggregator::rank(b->presence.kind);
        if (ra != rb)
            return ra > rb;
        if (a->presence.idle != b->presence.idle)
            return !a->presence.idle;
        const qint64 la = lastCall(a->address), lb = lastCall(b->address);
        if (la != lb)
            return la > lb;
        return a->lastActivityMs > b->lastActivityMs;
    });
    return describe(candidates.first()->address);
}

QString CallRoutes::networkName(AccountId account) const
{
    const auto info = m_accounts.account(account);
    if (!info)
        return QCoreApplication::translate("Call", "an unknown account");
    for (const ProtocolInfo &p : m_accounts.protocols()) {
        if (p.id == info->spec.protocolId)
            return p.name;
    }
    return info->spec.protocolId;
}

QString CallRoutes::nameOf(const BuddyAddress &buddy) const
{
    if (const contacts::Contact *c = m_directory.contact(m_directory.personOf(buddy)))
        return c->displayName();
    return buddy.handle;
}

CallRoute CallRoutes::describe(const BuddyAddress &buddy) const
{
    CallRoute r;
    r.buddy = buddy;
    r.network = networkName(buddy.account);
    r.description =
        QCoreApplication::translate("Call", "Calling %1 via %2, %3").arg(nameOf(buddy), r.network, buddy.handle);
    return r;
}

} // namespace crosstalk::calls
