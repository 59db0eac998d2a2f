// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/contacts/presenceaggregator.h"

#include <algorithm>

namespace crosstalk::contacts {

int PresenceAggregator::rank(PresenceKind kind)
{
    // The enum is declared in reachability order; invisible reads as offline to others.
    if (kind == PresenceKind::Invisible)
        return int(PresenceKind::Offline);
    return int(kind);
}

namespace {

bool better(const ContactBuddy &a, const ContactBuddy &b)
{
    const int ra = PresenceAggregator::rank(a.presence.kind);
    const int rb = PresenceAggregator::rank(b.presence.kind);
    if (ra != rb)
        return ra > rb;
    if (a.presence.idle != b.presence.idle)
        return !a.presence.idle;
    return a.lastActivityMs > b.lastActivityMs;
}

QList<int> ranked(const QList<ContactBuddy> &buddies, bool voiceOnly)
{
    QList<int> order;
    for (int i = 0; i < buddies.size(); ++i) {
        if (buddies[i].presence.isOnline() && (!voiceOnly || buddies[i].voiceCapable))
            order << i;
    }
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return better(buddies[a], buddies[b]); });
    return order;
}

} // namespace

int PresenceAggregator::bestBuddy(const QList<ContactBuddy> &buddies)
{
    int best = -1;
    for (int i = 0; i < buddies.size(); ++i) {
        if (best < 0 || better(buddies[i], buddies[best]))
            best = i;
    }
    return best;
}

Presence PresenceAggregator::presenceOf(const Contact &contact)
{
    const int best = bestBuddy(contact.buddies);
    return best < 0 ? Presence{} : contact.buddies[best].presence;
}

QList<int> PresenceAggregator::reachable(const QList<ContactBuddy> &buddies)
{
    return ranked(buddies, false);
}

QList<int> PresenceAggregator::callable(const QList<ContactBuddy> &buddies)
{
    return ranked(buddies, true);
}

} // namespace crosstalk::contacts
