// SPDX-License-Identifier: GPL-3.0-or-later
// The call window and the incoming-call toast, offscreen, over a scripted CallService:
// states, timer, mute, hold, the end with its reason, Answer / Decline, a second call.
#include "core/calls/audiodevicechoice.h"
#include "core/calls/callcoordinator.h"
#include "core/calls/callroutes.h"
#include "core/contacts/contactdirectory.h"
#include "tests/support/fakecalls.h"
#include "tests/support/fakenetwork.h"
#include "tests/support/tempdir.h"
#include "tests/support/waitfor.h"
#include "ui/audiodevicepicker.h"
#include "ui/callpresenter.h"
#include "ui/callwindow.h"
#include "ui/incomingcalldialog.h"

#include <QApplication>
#include <QPushButton>
#include <QSignalSpy>
#include <QToolButton>

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

struct CallUiFixture
{
    CallUiFixture()
        : routes(calls, directory, accounts)
        , coordinator(calls)
        , presenter(coordinator, routes)
    {
        account = accounts.add(QStringLiteral("prpl-jabber"), QStringLiteral("me@example.org/desk"));
        bob = addPerson(PersonId(1), QStringLiteral("bob@example.org"), QStringLiteral("Bob Marley"));
        carol = addPerson(PersonId(2), QStringLiteral("carol@example.org"), QStringLiteral("Carol Shaw"));
        presenter.setCloseDelay(300);
    }

    BuddyAddress addPerson(PersonId id, const QString &handle, const QString &name)
    {
        contacts::ContactBuddy b;
        b.id = BuddyId(id.value());
        b.address = {account, handle};
        b.protocolId = QStringLiteral("prpl-jabber");
        b.presence = Presence{PresenceKind::Available, {}, false};
        directory.upsertBuddy(id, name, b);
        calls.setCapability(b.address, true);
        return b.address;
    }

    static CallQuality goodQuality()
    {
        CallQuality q;
        q.codec = QStringLiteral("Opus 48 kHz");
        q.transport = QStringLiteral("ICE-UDP host 192.0.2.2:40000 ↔ 192.0.2.3:41000");
        q.sendKbps = 31.8;
        q.receiveKbps = 30.2;
        q.lossPercent = 0.4;
        q.jitterMs = 3.2;
        q.rttMs = 38;
        q.jitterBufferMs = 40;
        q.mos = 4.3;
        q.inputLevel = 0.4f;
        return q;
    }

    FakeAccounts accounts;
    FakeCalls calls;
    contacts::ContactDirectory directory;
    calls::CallRoutes routes;
    calls::CallCoordinator coordinator;
    ui::CallPresenter presenter;
    AccountId account;
    BuddyAddress bob, carol;
};

} // namespace

TEST_CASE("call window: calling, ringing, connected with a timer, muted, held, ended with the reason")
{
    CallUiFixture f;
    const CallKey key = f.presenter.call(f.bob);
    REQUIRE(key != 0);
    ui::CallWindow *w = f.presenter.window(key);
    REQUIRE(w);
    QPointer<ui::CallWindow> alive(w);
    CHECK(w->windowTitle() == QStringLiteral("Call with \u2068Bob Marley\u2069"));
    CHECK(w->stateText() == QStringLiteral("Calling…"));
    CHECK_FALSE(w->holdButton()->isEnabled()); // nothing to hold before an answer

    f.calls.remoteRinging(key);
    CHECK(w->stateText() == QStringLiteral("Ringing…"));

    f.calls.remoteAnswered(key);
    f.calls.setQuality(key, CallUiFixture::goodQuality());
    CHECK(w->stateText().startsWith(QStringLiteral("Connected  0:0")));
    // The timer runs (polled every 500 ms).
    REQUIRE(waitFor([&] { return w->stateText().endsWith(QStringLiteral("0:01")); }, 5000));
    CHECK(w->qualityBars() == 4);

    w->muteButton()->click();
    CHECK(f.calls.call(key).muted);
    CHECK(w->noteText() == QStringLiteral("Your microphone is muted."));
    CHECK(w->muteButton()->text() == QStringLiteral("Un&mute"));
    w->muteButton()->click();
    CHECK_FALSE(f.calls.call(key).muted);

    REQUIRE(w->holdButton()->isEnabled());
    w->holdButton()->click();
    CHECK(f.calls.call(key).held);
    CHECK(w->stateText().startsWith(QStringLiteral("On hold")));
    CHECK(w->noteText() == QStringLiteral("You put the call on hold."));
    w->holdButton()->click();
    f.calls.remoteHold(key, true);
    CHECK(w->noteText().contains(QStringLiteral("put the call on hold")));
    f.calls.remoteHold(key, false);

    // A device that fails mid-call: still connected, and the window says so.
    CallQuality broken = CallUiFixture::goodQuality();
    broken.deviceFailed = true;
    f.calls.setQuality(key, broken);
    REQUIRE(waitFor([&] { return w->noteText().contains(QStringLiteral("audio device is unavailable")); }, 3000));

    f.calls.end(key, CallEndReason::HungUpRemotely);
    CHECK(w->stateText() == QStringLiteral("Bob Marley hung up."));
    CHECK_FALSE(w->muteButton()->isEnabled());
    CHECK(w->hangUpButton()->text() == QStringLiteral("&Close"));
    // It closes itself a moment later.
    REQUIRE(waitFor([&] { return alive.isNull(); }, 5000));
}

TEST_CASE("call window: the ways a call ends are each said plainly")
{
    CallUiFixture f;
    const QList<QPair<CallEndReason, QString>> endings{
        {CallEndReason::NoAnswer, QStringLiteral("No answer from Bob Marley.")},
        {CallEndReason::Unreachable, QStringLiteral("Bob Marley cannot take calls right now.")},
        {CallEndReason::NetworkLost, QStringLiteral("The connection was lost.")},
        {CallEndReason::DeclinedRemotely, QStringLiteral("Bob Marley declined the call.")},
    };
    for (const auto &[reason, text] : endings) {
        const CallKey key = f.presenter.call(f.bob);
        REQUIRE(key != 0);
        ui::CallWindow *w = f.presenter.window(key);
        REQUIRE(w);
        w->setCloseDelay(0);
        f.calls.end(key, reason);
        CHECK(w->stateText() == text);
        w->close();
    }
}

TEST_CASE("incoming call: the toast answers into a call window, or declines")
{
    CallUiFixture f;
    QSignalSpy ringing(&f.presenter, &ui::CallPresenter::ringing);
    QSignalSpy settled(&f.presenter, &ui::CallPresenter::settled);
    const CallKey first = f.calls.ring(f.bob);
    ui::IncomingCallDialog *toast = f.presenter.toast(first);
    REQUIRE(toast);
    QPointer<ui::IncomingCallDialog> toastAlive(toast);
    CHECK(toast->isVisible());
    CHECK(toast->callerText() == QStringLiteral("\u2068Bob Marley\u2069"));
    CHECK(toast->routeText() == QStringLiteral("via XMPP, bob@example.org"));
    CHECK(toast->answerButton()->text() == QStringLiteral("&Answer"));
    REQUIRE(ringing.size() == 1);
    CHECK(ringing.at(0).at(1).toString() == QStringLiteral("Bob Marley"));

    toast->answerButton()->click();
    CHECK(f.calls.answered == QList<CallKey>{first});
    CHECK(settled.size() == 1);
    REQUIRE(waitFor([&] { return toastAlive.isNull(); }, 2000));
    ui::CallWindow *w = f.presenter.window(first);
    REQUIRE(w);
    CHECK(w->stateText() == QStringLiteral("Connecting…"));
    f.calls.connectMedia(first);
    CHECK(w->stateText().startsWith(QStringLiteral("Connected")));
    w->hangUpButton()->click();
    CHECK(f.calls.hungUp == QList<CallKey>{first});

    const CallKey second = f.calls.ring(f.carol);
    REQUIRE(f.presenter.toast(second));
    f.presenter.toast(second)->declineButton()->click();
    CHECK(f.calls.declined == QList<CallKey>{second});
    CHECK_FALSE(f.presenter.window(second));

    // The caller giving up closes the toast by itself.
    const CallKey third = f.calls.ring(f.carol);
    QPointer<ui::IncomingCallDialog> gone(f.presenter.toast(third));
    REQUIRE(gone);
    f.calls.end(third, CallEndReason::CancelledRemotely);
    REQUIRE(waitFor([&] { return gone.isNull(); }, 2000));
    CHECK(f.coordinator.missedCalls() == 1);
}

TEST_CASE("incoming call: a second call during a call offers end-and-answer")
{
    CallUiFixture f;
    const CallKey first = f.presenter.call(f.bob);
    f.calls.remoteAnswered(first);
    const CallKey second = f.calls.ring(f.carol);
    ui::IncomingCallDialog *toast = f.presenter.toast(second);
    REQUIRE(toast);
    CHECK(toast->isBusy());
    CHECK(toast->answerButton()->text() == QStringLiteral("End call and &answer"));

    toast->answerButton()->click();
    CHECK(f.calls.hungUp == QList<CallKey>{first});
    CHECK(f.calls.call(first).state == CallState::Ended);
    CHECK(f.calls.answered == QList<CallKey>{second});
    CHECK(f.coordinator.activeCall() == second);
    REQUIRE(f.presenter.window(second));

    // Declining a second call leaves the first untouched.
    const CallKey third = f.calls.ring(f.bob);
    REQUIRE(f.presenter.toast(third));
    CHECK(f.presenter.toast(third)->isBusy());
    f.presenter.toast(third)->declineButton()->click();
    CHECK(f.calls.call(second).state != CallState::Ended);
    CHECK(f.coordinator.activeCall() == second);
}

TEST_CASE("call ui: screenshots of the connected call with details and of the incoming toast")
{
    CallUiFixture f;
    const CallKey key = f.presenter.call(f.bob);
    f.calls.remoteAnswered(key);
    f.calls.setQuality(key, CallUiFixture::goodQuality());
    ui::CallWindow *w = f.presenter.window(key);
    REQUIRE(w);
    w->showDetails(true);
    REQUIRE(waitFor([&] { return w->stateText().endsWith(QStringLiteral("0:01")); }, 5000));
    CHECK(w->isDetailsShown());
    const QString details = w->detailsText();
    CHECK(details.contains(QStringLiteral("Codec: Opus 48 kHz")));
    CHECK(details.contains(QStringLiteral("Packet loss: 0.4 %")));
    CHECK(details.contains(QStringLiteral("Round trip: 38 ms")));
    CHECK(details.contains(QStringLiteral("Quality (MOS): 4.3 of 4.5")));
    CHECK(details.contains(QStringLiteral("Not encrypted — libpurple's Jingle has no DTLS-SRTP")));
    QCoreApplication::processEvents();
    const QString windowShot = artifactsDir() + QStringLiteral("/call-window-connected.png");
    REQUIRE(w->grab().save(windowShot));
    WARN("screenshot: " << windowShot.toStdString());

    const CallKey incoming = f.calls.ring(f.carol);
    ui::IncomingCallDialog *toast = f.presenter.toast(incoming);
    REQUIRE(toast);
    QCoreApplication::processEvents();
    const QString toastShot = artifactsDir() + QStringLiteral("/call-incoming.png");
    REQUIRE(toast->grab().save(toastShot));
    WARN("screenshot: " << toastShot.toStdString());
}

TEST_CASE("call window: the Devices panel holds the audio picker, its bar fed by the call's level")
{
    CallUiFixture f;
    TempDir dir;
    calls::AudioDeviceChoice::Backend backend;
    backend.enumerate = [](std::string &) {
        voice::DeviceInfo mic{.id = "ALSA/USB Headset", .name = "USB Headset", .hostApi = "ALSA", .maxInputChannels = 1};
        voice::DeviceInfo speaker{.id = "ALSA/USB Headset #2", .name = "USB Headset", .hostApi = "ALSA",
                                  .maxOutputChannels = 2};
        return std::vector<voice::DeviceInfo>{mic, speaker};
    };
    calls::AudioDeviceChoice devices(dir.filePath(QStringLiteral("desktop.ini")), backend);
    f.presenter.setDevicePanelFactory([&devices](ui::CallWindow *window) -> QWidget * {
        auto *picker = new ui::AudioDevicePicker(devices);
        picker->setOwnMeter(false);
        QObject::connect(window, &ui::CallWindow::inputLevel, picker, &ui::AudioDevicePicker::setLevel);
        return picker;
    });
    const CallKey key = f.presenter.call(f.bob);
    f.calls.remoteAnswered(key);
    f.calls.setQuality(key, CallUiFixture::goodQuality()); // input level 0.4
    ui::CallWindow *w = f.presenter.window(key);
    REQUIRE(w);
    auto *picker = w->findChild<ui::AudioDevicePicker *>();
    REQUIRE(picker);
    CHECK_FALSE(picker->isVisible());
    for (QPushButton *b : w->findChildren<QPushButton *>()) {
        if (b->text() == QStringLiteral("&Devices"))
            b->click();
    }
    CHECK(picker->isVisible());
    REQUIRE(waitFor([&] { return picker->level() > 0.3; }, 3000));
    REQUIRE(waitFor([&] { return !devices.inputs().isEmpty(); }, 5000));
    spin(300);
    const QString shot = artifactsDir() + QStringLiteral("/call-window-devices.png");
    REQUIRE(w->grab().save(shot));
    WARN("screenshot: " << shot.toStdString());
}

TEST_CASE("call ui: two ringing calls stack their toasts, and closing the app during a call hangs it up")
{
    CallUiFixture f;
    const CallKey first = f.calls.ring(f.bob);
    const CallKey second = f.calls.ring(f.carol);
    ui::IncomingCallDialog *a = f.presenter.toast(first);
    ui::IncomingCallDialog *b = f.presenter.toast(second);
    REQUIRE(a);
    REQUIRE(b);
    CHECK_FALSE(a->geometry().intersects(b->geometry()));
    f.presenter.decline(first);
    f.presenter.decline(second);

    // The app's teardown deletes the presenter first: a live call is hung up, not dropped.
    auto presenter = std::make_unique<ui::CallPresenter>(f.coordinator, f.routes);
    const CallKey live = presenter->call(f.carol);
    f.calls.remoteAnswered(live);
    REQUIRE(presenter->window(live));
    presenter.reset();
    CHECK(f.calls.hungUp.contains(live));
    CHECK(f.calls.call(live).state == CallState::Ended);
}
