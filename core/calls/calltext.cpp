// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/calls/calltext.h"

#include <QCoreApplication>

namespace crosstalk::calls {

QString stateText(CallState state)
{
    switch (state) {
    case CallState::Calling: return QCoreApplication::translate("Call", "Calling…");
    case CallState::Ringing: return QCoreApplication::translate("Call", "Ringing…");
    case CallState::Connecting: return QCoreApplication::translate("Call", "Connecting…");
    case CallState::Active: return QCoreApplication::translate("Call", "Connected");
    case CallState::Ended: return QCoreApplication::translate("Call", "Call ended");
    }
    return {};
}

static QString reasonSentence(const CallInfo &call, const QString &who)
{
    switch (call.endReason) {
    case CallEndReason::None:
    case CallEndReason::HungUpLocally: return QCoreApplication::translate("Call", "Call ended.");
    case CallEndReason::HungUpRemotely: return QCoreApplication::translate("Call", "%1 hung up.").arg(who);
    case CallEndReason::DeclinedLocally: return QCoreApplication::translate("Call", "You declined the call.");
    case CallEndReason::DeclinedRemotely: return QCoreApplication::translate("Call", "%1 declined the call.").arg(who);
    case CallEndReason::CancelledLocally: return QCoreApplication::translate("Call", "Call cancelled.");
    case CallEndReason::CancelledRemotely: return QCoreApplication::translate("Call", "Missed call from %1.").arg(who);
    case CallEndReason::NoAnswer:
        return call.direction == CallDirection::Outgoing
                   ? QCoreApplication::translate("Call", "No answer from %1.").arg(who)
                   : QCoreApplication::translate("Call", "Missed call from %1.").arg(who);
    case CallEndReason::Unreachable: return QCoreApplication::translate("Call", "%1 cannot take calls right now.").arg(who);
    case CallEndReason::NoCommonCodec:
        return QCoreApplication::translate("Call", "%1's client has no audio format in common with Crosstalk.").arg(who);
    case CallEndReason::ConnectionFailed:
        return QCoreApplication::translate("Call", "Could not establish the audio connection.");
    case CallEndReason::NetworkLost: return QCoreApplication::translate("Call", "The connection was lost.");
    case CallEndReason::AudioDeviceFailed: return QCoreApplication::translate("Call", "The audio device stopped working.");
    case CallEndReason::Error: return QCoreApplication::translate("Call", "The call failed.");
    }
    return {};
}

QString endReasonText(const CallInfo &call, const QString &peerName)
{
    const QString who = peerName.isEmpty() ? call.peer.handle : peerName;
    QString text = reasonSentence(call, who);
    const QString detail = call.endDetail.trimmed();
    if (!detail.isEmpty() && !text.contains(detail, Qt::CaseInsensitive))
        text += QLatin1Char(' ') + detail;
    return text;
}

bool isMissed(const CallInfo &call)
{
    return call.direction == CallDirection::Incoming && !call.answeredAt.isValid()
           && call.endReason != CallEndReason::DeclinedLocally;
}

QString durationText(qint64 seconds)
{
    if (seconds < 0)
        seconds = 0;
    const qint64 h = seconds / 3600, m = (seconds / 60) % 60, s = seconds % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

} // namespace crosstalk::calls
