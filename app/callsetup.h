// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/network/callservice.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QDialog;
class QWidget;

namespace crosstalk {
class AccountService;
}
namespace crosstalk::store {
class Store;
}
namespace crosstalk::contacts {
class ContactDirectory;
}
namespace crosstalk::calls {
class AudioDeviceChoice;
class CallCoordinator;
class EchoTest;
class CallLogRecorder;
class CallRoutes;
} // namespace crosstalk::calls
namespace crosstalk::ui {
class AvatarCache;
class CallPresenter;
class CallWindow;
class ChatWindowManager;
class MainWindow;
class Notifier;
} // namespace crosstalk::ui

namespace crosstalk::app {

/// Wires calls into the app: routes for the contact list (call button, Ctrl+Enter, "Call via"),
/// the call log, the one-call policy, the call window and the incoming-call toast; and, once
/// they exist, the desktop notifier (ring, Answer/Decline in the notification, missed calls on
/// the tray badge) and the chat windows (call lines appear in an open conversation).
class CallSetup : public QObject
{
    Q_OBJECT
public:
    CallSetup(store::Store &store, CallService &calls, AccountService &accounts,
              contacts::ContactDirectory &directory, ui::MainWindow &window, QObject *parent = nullptr);
    ~CallSetup() override;

    void followDesktop(ui::Notifier &notifier);
    void followConversations(ui::ChatWindowManager &windows);
    /// Buddy pictures for the call window and the toast (the contact list's cache).
    void useAvatars(ui::AvatarCache &avatars);
    /// The audio devices calls use: the picker in each call window's Devices panel, and
    /// "Calls > Test call…" (the local echo test) in the main window.
    void useAudio(calls::AudioDeviceChoice &devices, ui::MainWindow &window);

    calls::CallRoutes &routes() const { return *m_routes; }
    calls::CallCoordinator &coordinator() const { return *m_coordinator; }
    ui::CallPresenter &presenter() const { return *m_presenter; }

    /// The notification key of a ringing call ("call:<key>").
    static QString notificationKey(CallKey call);

private:
    CallService &m_calls;
    contacts::ContactDirectory &m_directory;
    std::unique_ptr<calls::CallRoutes> m_routes;
    std::unique_ptr<calls::CallLogRecorder> m_recorder;
    std::unique_ptr<calls::CallCoordinator> m_coordinator;
    std::unique_ptr<ui::CallPresenter> m_presenter;
    std::unique_ptr<calls::EchoTest> m_echoTest;
    QPointer<QDialog> m_testCall;
};

} // namespace crosstalk::app
