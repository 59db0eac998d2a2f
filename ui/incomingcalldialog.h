// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/network/callservice.h"

#include <QPixmap>
#include <QWidget>

class QPushButton;

namespace crosstalk::ui {

class CallPeerHeader;

/// A toast for a ringing call: caller, avatar (or initials), the route it came by, and
/// Answer / Decline — "End call and answer" while another call is on. Non-modal, shown in
/// the screen's corner without taking focus from what the user types; it closes itself
/// when the call stops ringing (answered elsewhere, cancelled by the caller). The ringtone
/// is the desktop notifier's, so the sound switches apply.
class IncomingCallDialog : public QWidget
{
    Q_OBJECT
public:
    IncomingCallDialog(CallService &calls, const CallInfo &call, const QString &callerName, const QString &route,
                       bool busy, const QPixmap &avatar = {}, QWidget *parent = nullptr);

    CallKey call() const { return m_key; }
    void setBusy(bool busy);
    bool isBusy() const { return m_busy; }
    void setAvatar(const QPixmap &avatar);
    QPushButton *answerButton() const { return m_answer; }
    QPushButton *declineButton() const { return m_decline; }
    QString callerText() const;
    QString routeText() const;

    /// Bottom right of the available screen area.
    void placeInCorner();

Q_SIGNALS:
    void answerRequested(crosstalk::CallKey call);
    void declineRequested(crosstalk::CallKey call);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    CallKey m_key;
    bool m_busy = false;
    CallPeerHeader *m_header;
    QPushButton *m_answer;
    QPushButton *m_decline;
};

} // namespace crosstalk::ui
