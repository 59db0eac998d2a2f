// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/contacts/contact.h"

namespace crosstalk::contacts {

QString ContactBuddy::displayName() const
{
    if (!alias.isEmpty())
        return alias;
    if (!serverAlias.isEmpty())
        return serverAlias;
    return address.handle;
}

bool Contact::nameIsHandle() const
{
    if (storedName.isEmpty())
        return true;
    for (const ContactBuddy &b : buddies) {
        if (b.address.handle == storedName)
            return true;
    }
    return false;
}

QString Contact::displayName() const
{
    // A name the store derived from a raw handle gives way to any buddy's friendlier name.
    if (!nameIsHandle())
        return storedName;
    for (const ContactBuddy &b : buddies) {
        if (!b.alias.isEmpty())
            return b.alias;
    }
    for (const ContactBuddy &b : buddies) {
        if (!b.serverAlias.isEmpty())
            return b.serverAlias;
    }
    return !storedName.isEmpty() ? storedName : buddies.isEmpty() ? QString() : buddies.first().address.handle;
}

QString Contact::group() const
{
    for (const ContactBuddy &b : buddies) {
        if (!b.group.isEmpty())
            return b.group;
    }
    return {};
}

} // namespace crosstalk::contacts
