// SPDX-License-Identifier: GPL-3.0-or-later
// Calls in the chat history: the call log's timeline lines appear live in an open
// conversation, between the messages, and stay there after a reload.
#include "core/calls/calllogrecorder.h"
#include "core/store/connection.h"
#include "core/store/messagerepository.h"
#include "tests/support/conversationfakes.h"
#include "tests/support/fakecalls.h"
#include "tests/support/waitfor.h"
#include "ui/chatwindow.h"
#include "ui/chatwindowmanager.h"
#include "ui/conversationmodel.h"
#include "ui/conversationview.h"

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;

TEST_CASE("call timeline: call lines appear live in the open conversation and after reopening it")
{
    ConversationRig rig;
    FakeCalls calls;
    calls::CallLogRecorder recorder(*rig.store, calls);
    const BuddyAddress bob{rig.xmpp, QStringLiteral("bob@localhost")};
    ui::ChatWindowManager windows(*rig.hub, *rig.reader);
    // What app/CallSetup::followConversations does.
    QObject::connect(&recorder, &calls::CallLogRecorder::timelineEntry, &windows,
                     [&windows](const store::StoredMessage &line) {
                         if (ui::ConversationView *view = windows.find(ui::ConversationTarget::of(line)))
                             view->addMessage(line);
                     });

    rig.messaging.receive(bob, QStringLiteral("Can I call you about the release?"));
    ui::ConversationView *view = nullptr;
    REQUIRE(waitFor([&] { return (view = windows.find(ui::ConversationTarget::of(bob))) != nullptr; }));
    REQUIRE(waitFor([&] { return view->model().rowCount() == 1; }));

    const CallKey out = calls.startCall(bob, nullptr);
    calls.remoteAnswered(out);
    spin(1100);
    calls.end(out, CallEndReason::HungUpLocally);
    const CallKey missed = calls.ring(bob);
    calls.end(missed, CallEndReason::CancelledRemotely);
    REQUIRE(waitFor([&] { return view->model().rowCount() == 3; }));
    auto text = [&](int row) { return view->model().index(row).data(ui::ConversationModel::PlainTextRole).toString(); };
    CHECK(text(1).startsWith(QStringLiteral("Outgoing call, 0:01")));
    CHECK(text(2) == QStringLiteral("Missed call"));
    CHECK(view->model().messageAt(1).flags & store::MessageFlag::CallEvent);

    ui::ChatWindow *window = windows.windowOf(view);
    window->resize(620, 360);
    window->show();
    spin(200);
    const QString shot = artifactsDir() + QStringLiteral("/conversation-calls.png");
    REQUIRE(window->grab().save(shot));
    WARN("screenshot: " << shot.toStdString());

    // Reopened from the store: same lines, same order.
    window->closeConversation(view);
    view = windows.openConversation(bob);
    REQUIRE(waitFor([&] { return view->model().rowCount() == 3; }));
    CHECK(text(1).startsWith(QStringLiteral("Outgoing call")));
    CHECK(text(2) == QStringLiteral("Missed call"));
}
