// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/network/callservice.h"

#include <QHash>
#include <QObject>
#include <QPixmap>
#include <QPointer>

#include <functional>

namespace crosstalk::calls {
class CallCoordinator;
class CallRoutes;
} // namespace crosstalk::calls

namespace crosstalk::ui {

class CallWindow;
class IncomingCallDialog;

/// The call UI's one owner: a call window for each placed or answered call, a toast for
/// each ringing one (busy: "end and answer"), the status line's "Calling Alice via XMPP, …"
/// or why a call could not be placed. Answer/Decline from anywhere (toast, notification)
/// come through answer()/decline().
class CallPresenter : public QObject
{
    Q_OBJECT
public:
    CallPresenter(calls::CallCoordinator &coordinator, calls::CallRoutes &routes, QObject *parent = nullptr);
    ~CallPresenter() override;

    /// Calls this buddy (the route the list or a "Call via" menu chose); 0 when it could not.
    CallKey call(const BuddyAddress &buddy);
    void answer(CallKey call);
    void decline(CallKey call);

    /// Asks the avatar provider again for every open window and toast.
    void refreshAvatars();

    CallWindow *window(CallKey call) const;
    IncomingCallDialog *toast(CallKey call) const;

    /// Pictures for the call window and the toast (null: initials).
    void setAvatarProvider(std::function<QPixmap(const BuddyAddress &, int size)> provider)
    {
        m_avatar = std::move(provider);
    }
    /// Builds the device panel for a new call window (the audio layer's picker); none: no panel.
    void setDevicePanelFactory(std::function<QWidget *(CallWindow *)> factory) { m_devicePanel = std::move(factory); }
    /// Call windows open beside this window (the main window), not wherever the system puts them.
    void setAnchor(QWidget *anchor) { m_anchor = anchor; }
    /// How long an ended call's window stays (tests shorten it).
    void setCloseDelay(int ms) { m_closeDelayMs = ms; }

Q_SIGNALS:
    /// One line for the main window's status bar ("Calling Alice via XMPP, alice@…", or why not).
    void status(const QString &text);
    /// A call rings here (for the notifier's ring and Answer/Decline notification).
    void ringing(crosstalk::CallKey call, const QString &who, const QString &route);
    /// It stopped ringing (answered, declined, cancelled, ended).
    void settled(crosstalk::CallKey call);

private:
    CallWindow *openWindow(CallKey call);
    void place(QWidget *window) const;
    void onIncoming(const CallInfo &call, bool busy);
    QString routeOf(const BuddyAddress &buddy) const;

    calls::CallCoordinator &m_coordinator;
    calls::CallRoutes &m_routes;
    QHash<CallKey, QPointer<CallWindow>> m_windows;
    QHash<CallKey, QPointer<IncomingCallDialog>> m_toasts;
    std::function<QPixmap(const BuddyAddress &, int)> m_avatar;
    std::function<QWidget *(CallWindow *)> m_devicePanel;
    QPointer<QWidget> m_anchor;
    int m_closeDelayMs = 4000;
};

} // namespace crosstalk::ui
