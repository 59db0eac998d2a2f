// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/contacts/contact.h"

namespace crosstalk::contacts {

/// A person's presence is their best reachable buddy's: available > chatty > away >
/// extended away > busy > invisible/offline > unknown, ties by most recent activity.
class PresenceAggregator
{
public:
    /// Index of the buddy whose presence the person shows; -1 for a person with none.
    static int bestBuddy(const QList<ContactBuddy> &buddies);
    static Presence presenceOf(const Contact &contact);
    /// Rank for sorting by presence: higher is more reachable.
    static int rank(PresenceKind kind);

    /// The buddies a message can go to now, best first ("message via …").
    static QList<int> reachable(const QList<ContactBuddy> &buddies);
    /// The buddies a call can go to now, best first ("call via …").
    static QList<int> callable(const QList<ContactBuddy> &buddies);
};

} // namespace crosstalk::contacts
