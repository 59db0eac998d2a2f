// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/presence.h"

#include <QIcon>

namespace crosstalk::ui {

/// The status as an icon: a coloured disc (green available, amber away, red busy, hollow
/// invisible, grey offline), with a badge for unread messages and a red corner for missed
/// calls. Drawn, not loaded, so it is sharp at every tray size.
QIcon statusIcon(PresenceKind kind, int unread = 0, int missedCalls = 0);

} // namespace crosstalk::ui
