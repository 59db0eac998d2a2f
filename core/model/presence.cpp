// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/presence.h"

namespace crosstalk {

QString presenceKindName(PresenceKind kind)
{
    switch (kind) {
    case PresenceKind::Unknown: return QStringLiteral("unknown");
    case PresenceKind::Offline: return QStringLiteral("offline");
    case PresenceKind::Invisible: return QStringLiteral("invisible");
    case PresenceKind::Busy: return QStringLiteral("busy");
    case PresenceKind::ExtendedAway: return QStringLiteral("extended away");
    case PresenceKind::Away: return QStringLiteral("away");
    case PresenceKind::Chatty: return QStringLiteral("chatty");
    case PresenceKind::Available: return QStringLiteral("available");
    }
    return QStringLiteral("unknown");
}

} // namespace crosstalk
