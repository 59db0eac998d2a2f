// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/callsetup.h"

#include "core/calls/audiodevicechoice.h"
#include "core/calls/callcoordinator.h"
#include "core/calls/echotest.h"
#include "core/calls/calllogrecorder.h"
#include "core/calls/callroutes.h"
#include "core/contacts/contactdirectory.h"
#include "core/network/accountservice.h"
#include "ui/audiodevicepicker.h"
#include "ui/avatarcache.h"
#include "ui/callpresenter.h"
#include "ui/callwindow.h"
#include "ui/chatwindowmanager.h"
#include "ui/conversationview.h"
#include "ui/mainwindow.h"
#include "ui/notifier.h"
#include "ui/testcalldialog.h"

#include <QMenu>
#include <QMenuBar>

#include <QStatusBar>

#include <cstdio>

namespace crosstalk::app {

namespace {

CallKey callOf(const QString &notificationKey)
{
    if (!notificationKey.startsWith(QLatin1String("call:")))
        return 0;
    return notificationKey.mid(5).toULongLong();
}

} // namespace

QString CallSetup::notificationKey(CallKey call)
{
    return QStringLiteral("call:%1").arg(call);
}

CallSetup::CallSetup(store::Store &store, CallService &calls, AccountService &accounts,
                     contacts::ContactDirectory &directory, ui::MainWindow &window, QObject *parent)
    : QObject(parent)
    , m_calls(calls)
    , m_directory(directory)
    , m_routes(std::make_unique<calls::CallRoutes>(calls, directory, accounts))
    , m_recorder(std::make_unique<calls::CallLogRecorder>(store, calls))
    , m_coordinator(std::make_unique<calls::CallCoordinator>(calls))
    , m_presenter(std::make_unique<ui::CallPresenter>(*m_coordinator, *m_routes))
{
    // The list's call button, Ctrl+Enter and the "Call via" menu all go through the routes.
    window.setCallRouter([this](PersonId person, QString *whyNot) -> std::optional<BuddyAddress> {
        if (const auto route = m_routes->route(person, whyNot))
            return route->buddy;
        return std::nullopt;
    });
    connect(&window, &ui::MainWindow::callRequested, m_presenter.get(), &ui::CallPresenter::call);
    m_presenter->setAnchor(&window);
    connect(m_presenter.get(), &ui::CallPresenter::status, &window,
            [&window](const QString &text) { window.statusBar()->showMessage(text, 8000); });
    // "Last used" remembers calls of earlier runs; queued behind the store's open.
    m_recorder->loadLastCalls()
        .then(this, [this](const QHash<BuddyAddress, qint64> &last) { m_routes->setLastCalls(last); })
        .onFailed(this, [](const std::exception &) {}); // the store's open already told the user
    connect(m_recorder.get(), &calls::CallLogRecorder::writeFailed, this, [](const QString &error) {
        std::fprintf(stderr, "crosstalk: the call log could not be written: %s\n", qPrintable(error));
    });
}

CallSetup::~CallSetup()
{
    // Windows first: a window closing during teardown hangs its call up through the policy.
    delete m_testCall.data();
    m_echoTest.reset();
    m_presenter.reset();
    m_coordinator.reset();
    m_recorder.reset();
    m_routes.reset();
}

void CallSetup::followDesktop(ui::Notifier &notifier)
{
    connect(m_presenter.get(), &ui::CallPresenter::ringing, &notifier,
            [&notifier](CallKey call, const QString &who, const QString &route) {
                notifier.incomingCall(notificationKey(call), who, route);
            });
    connect(m_presenter.get(), &ui::CallPresenter::settled, &notifier,
            [&notifier](CallKey call) { notifier.callSettled(notificationKey(call)); });
    connect(&notifier, &ui::Notifier::callAnswerRequested, m_presenter.get(), [this](const QString &key) {
        if (const CallKey call = callOf(key))
            m_presenter->answer(call);
    });
    connect(&notifier, &ui::Notifier::callDeclineRequested, m_presenter.get(), [this](const QString &key) {
        if (const CallKey call = callOf(key))
            m_presenter->decline(call);
    });
    // A missed call is counted under the conversation's key: opening the chat with that
    // person clears it from the badge, as reading a message does.
    connect(m_coordinator.get(), &calls::CallCoordinator::missedCall, &notifier, [this, &notifier](const CallInfo &call) {
        notifier.missedCall(QStringLiteral("im:%1:%2").arg(call.peer.account.value()).arg(call.peer.handle),
                            m_routes->nameOf(call.peer));
    });
}

void CallSetup::useAvatars(ui::AvatarCache &avatars)
{
    m_presenter->setAvatarProvider([this, &avatars](const BuddyAddress &address, int size) {
        const contacts::ContactBuddy *buddy = m_directory.buddy(address);
        return buddy && !buddy->avatarHash.isEmpty() ? avatars.pixmap(buddy->avatarHash, size) : QPixmap();
    });
    // A picture still being decoded when the toast came up is put in when it is ready.
    connect(&avatars, &ui::AvatarCache::ready, m_presenter.get(), &ui::CallPresenter::refreshAvatars);
}

void CallSetup::useAudio(calls::AudioDeviceChoice &devices, ui::MainWindow &window)
{
    m_presenter->setDevicePanelFactory([&devices](ui::CallWindow *callWindow) -> QWidget * {
        auto *picker = new ui::AudioDevicePicker(devices);
        picker->setOwnMeter(false); // the call owns the microphone: show the call's level
        connect(callWindow, &ui::CallWindow::inputLevel, picker, &ui::AudioDevicePicker::setLevel);
        return picker;
    });
    // The echo test and a call would fight over the devices: one at a time.
    QMenu *menu = window.menuBar()->addMenu(tr("C&alls"));
    menu->addAction(tr("&Test call…"), this, [this, &devices, &window] {
        if (m_coordinator->isBusy()) {
            window.statusBar()->showMessage(tr("Hang up first: the test call needs the microphone."), 5000);
            return;
        }
        if (!m_testCall) {
            if (!m_echoTest)
                m_echoTest = std::make_unique<calls::EchoTest>(devices.factory());
            auto *dialog = new ui::TestCallDialog(devices, *m_echoTest, &window);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            m_testCall = dialog;
        }
        m_testCall->show();
        m_testCall->raise();
    });
    connect(m_coordinator.get(), &calls::CallCoordinator::activeCallChanged, this, [this](CallKey active) {
        if (active != 0 && m_testCall)
            m_testCall->close(); // a call takes the devices over
    });
}

void CallSetup::followConversations(ui::ChatWindowManager &windows)
{
    connect(m_recorder.get(), &calls::CallLogRecorder::timelineEntry, &windows,
            [&windows](const store::StoredMessage &line) {
                if (ui::ConversationView *view = windows.find(ui::ConversationTarget::of(line)))
                    view->addMessage(line);
            });
}

} // namespace crosstalk::app
