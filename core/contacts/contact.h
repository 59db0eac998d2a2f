// SPDX-License-Identifier: GPL-3.0-or-later
// The merged contact list's in-memory rows: a person and the buddies it gathers.
#pragma once

#include "core/model/address.h"
#include "core/model/ids.h"
#include "core/model/presence.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace crosstalk::contacts {

/// One buddy of a person, as the list knows it.
struct ContactBuddy
{
    BuddyId id;
    BuddyAddress address;
    QString protocolId;   ///< "prpl-jabber", "prpl-irc": merge keys and "message via …"
    QString alias;        ///< our local alias
    QString serverAlias;  ///< the name the buddy gave themselves
    QString group;
    QString avatarHash;
    Presence presence;
    bool voiceCapable = false;
    qint64 lastActivityMs = 0; ///< last presence change or message, for tie-breaks

    /// The best name this buddy offers: our alias, their own name, their handle.
    QString displayName() const;
};

/// A person: everything the list shows in one row.
struct Contact
{
    PersonId id;
    QString storedName; ///< a name the user gave the person; empty: derived from buddies
    QString avatarHash;
    bool pinned = false;
    bool hidden = false;
    QList<ContactBuddy> buddies;

    QString displayName() const;
    /// True when the stored name is only one of the buddies' raw handles (or empty).
    bool nameIsHandle() const;
    /// The group of the person's first buddy (buddies can sit in other groups elsewhere).
    QString group() const;
};

} // namespace crosstalk::contacts
