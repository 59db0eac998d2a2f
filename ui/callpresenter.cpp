// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/callpresenter.h"

#include "core/calls/callcoordinator.h"
#include "core/calls/callroutes.h"
#include "ui/callwindow.h"
#include "ui/incomingcalldialog.h"

#include <QScreen>
#include <QWidget>

namespace crosstalk::ui {

CallPresenter::CallPresenter(calls::CallCoordinator &coordinator, calls::CallRoutes &routes, QObject *parent)
    : QObject(parent)
    , m_coordinator(coordinator)
    , m_routes(routes)
{
    connect(&coordinator, &calls::CallCoordinator::incomingCall, this, &CallPresenter::onIncoming);
    connect(&coordinator, &calls::CallCoordinator::activeCallChanged, this, [this](CallKey active) {
        for (const auto &toast : std::as_const(m_toasts)) {
            if (toast)
                toast->setBusy(active != 0 && active != toast->call());
        }
    });
    CallService &service = coordinator.service();
    auto settle = [this](const CallInfo &call) {
        if (m_toasts.contains(call.key) && (call.state != CallState::Ringing || call.answeredAt.isValid())) {
            m_toasts.remove(call.key);
            Q_EMIT settled(call.key);
        }
    };
    connect(&service, &CallService::callChanged, this, settle);
    connect(&service, &CallService::callEnded, this, settle);
    // Answered from outside the toast (the notification): the call gets its window.
    connect(&service, &CallService::callChanged, this, [this](const CallInfo &call) {
        if (call.direction == CallDirection::Incoming && call.answeredAt.isValid() && call.state != CallState::Ended
            && !m_windows.value(call.key))
            openWindow(call.key);
    });
}

CallPresenter::~CallPresenter()
{
    // Quitting during a call hangs it up properly (the peer hears "hung up", not a timeout).
    for (auto it = m_windows.cbegin(); it != m_windows.cend(); ++it) {
        if (m_coordinator.service().call(it.key()).state != CallState::Ended)
            m_coordinator.hangUp(it.key());
    }
    for (const auto &w : std::as_const(m_windows))
        delete w.data();
    for (const auto &t : std::as_const(m_toasts))
        delete t.data();
}

QString CallPresenter::routeOf(const BuddyAddress &buddy) const
{
    return tr("%1, %2").arg(m_routes.networkName(buddy.account), buddy.handle);
}

CallKey CallPresenter::call(const BuddyAddress &buddy)
{
    QString error;
    const CallKey key = m_coordinator.startCall(buddy, &error);
    if (key == 0) {
        Q_EMIT status(error);
        return 0;
    }
    Q_EMIT status(m_routes.describe(buddy).description);
    openWindow(key);
    return key;
}

CallWindow *CallPresenter::openWindow(CallKey key)
{
    if (CallWindow *open = m_windows.value(key)) {
        open->raise();
        return open;
    }
    const CallInfo info = m_coordinator.service().call(key);
    const QPixmap avatar = m_avatar ? m_avatar(info.peer, 56) : QPixmap();
    auto *window = new CallWindow(m_coordinator, key, m_routes.nameOf(info.peer), routeOf(info.peer), avatar);
    window->setCloseDelay(m_closeDelayMs);
    if (m_devicePanel)
        window->setDevicePanel(m_devicePanel(window));
    m_windows.insert(key, window);
    connect(window, &QObject::destroyed, this, [this, key] { m_windows.remove(key); });
    place(window);
    window->show();
    window->raise();
    window->activateWindow();
    return window;
}

void CallPresenter::place(QWidget *window) const
{
    if (!m_anchor || !m_anchor->isVisible())
        return;
    window->adjustSize();
    const QRect anchor = m_anchor->frameGeometry();
    const QScreen *screen = m_anchor->screen();
    const QRect area = screen ? screen->availableGeometry() : QRect();
    const QSize size = window->frameGeometry().size().expandedTo(window->sizeHint());
    // Beside the main window (right, else left), level with its top; else over its middle.
    QPoint at(anchor.right() + 12, anchor.top());
    if (area.isValid() && at.x() + size.width() > area.right())
        at.setX(anchor.left() - 12 - size.width());
    if (area.isValid() && at.x() < area.left())
        at = anchor.center() - QPoint(size.width() / 2, size.height() / 2);
    window->move(at);
}

void CallPresenter::onIncoming(const CallInfo &call, bool busy)
{
    const QString who = m_routes.nameOf(call.peer);
    const QString route = routeOf(call.peer);
    const QPixmap avatar = m_avatar ? m_avatar(call.peer, 48) : QPixmap();
    auto *toast = new IncomingCallDialog(m_coordinator.service(), call, who, route, busy, avatar);
    m_toasts.insert(call.key, toast);
    connect(toast, &IncomingCallDialog::answerRequested, this, &CallPresenter::answer);
    connect(toast, &IncomingCallDialog::declineRequested, this, &CallPresenter::decline);
    toast->placeInCorner();
    // A second ringing call stacks above the first instead of hiding it.
    int below = 0;
    for (const auto &other : std::as_const(m_toasts)) {
        if (other && other != toast)
            below += other->height() + 8;
    }
    toast->move(toast->x(), toast->y() - below);
    toast->show();
    Q_EMIT ringing(call.key, who, route);
}

void CallPresenter::answer(CallKey call)
{
    const CallInfo info = m_coordinator.service().call(call);
    if (info.key == 0 || info.state == CallState::Ended)
        return;
    if (IncomingCallDialog *toast = m_toasts.take(call)) {
        toast->close();
        Q_EMIT settled(call);
    }
    m_coordinator.answer(call);
    openWindow(call);
}

void CallPresenter::decline(CallKey call)
{
    if (IncomingCallDialog *toast = m_toasts.take(call)) {
        toast->close();
        Q_EMIT settled(call);
    }
    m_coordinator.decline(call);
}

void CallPresenter::refreshAvatars()
{
    if (!m_avatar)
        return;
    for (auto it = m_windows.cbegin(); it != m_windows.cend(); ++it) {
        if (it.value())
            it.value()->setAvatar(m_avatar(m_coordinator.service().call(it.key()).peer, 56));
    }
    for (auto it = m_toasts.cbegin(); it != m_toasts.cend(); ++it) {
        if (it.value())
            it.value()->setAvatar(m_avatar(m_coordinator.service().call(it.key()).peer, 48));
    }
}

CallWindow *CallPresenter::window(CallKey call) const
{
    return m_windows.value(call);
}

IncomingCallDialog *CallPresenter::toast(CallKey call) const
{
    return m_toasts.value(call);
}

} // namespace crosstalk::ui
