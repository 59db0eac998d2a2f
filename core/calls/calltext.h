// SPDX-License-Identifier: GPL-3.0-or-later
// The words the UI, notifications and the call log use for call states and endings, in one
// place so the call window, the tray and the history timeline never disagree.
#pragma once

#include "core/network/callservice.h"

#include <QString>

namespace crosstalk::calls {

/// "Calling…", "Ringing…", "Connecting…", "Connected", "Call ended".
QString stateText(CallState state);
/// Why a call ended, as a sentence for the call window: "Bob declined the call.",
/// "No answer.", "The connection was lost." — with the protocol's own detail appended when
/// it adds something.
QString endReasonText(const CallInfo &call, const QString &peerName);
/// Whether an ending counts as a missed call for the person (tray badge, notification).
bool isMissed(const CallInfo &call);
/// "0:07", "12:34", "1:02:03".
QString durationText(qint64 seconds);

} // namespace crosstalk::calls
