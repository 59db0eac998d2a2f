// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>

namespace crosstalk {

/// Protocol-neutral presence, ordered from least to most reachable so that
/// aggregation across a person's buddies can compare with <.
enum class PresenceKind {
    Unknown,      ///< nothing heard yet (e.g. drawn from cache before sign-on)
    Offline,
    Invisible,
    Busy,         ///< do not disturb
    ExtendedAway,
    Away,
    Chatty,
    Available,
};

struct Presence
{
    PresenceKind kind = PresenceKind::Unknown;
    QString message; ///< status text as the protocol gave it (plain text)
    bool idle = false;

    bool isOnline() const { return kind > PresenceKind::Invisible; }
    friend bool operator==(const Presence &, const Presence &) = default;
};

QString presenceKindName(PresenceKind kind);

} // namespace crosstalk

Q_DECLARE_METATYPE(crosstalk::Presence)
