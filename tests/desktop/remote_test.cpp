// SPDX-License-Identifier: GPL-3.0-or-later
// "crosstalk remote" against a running Crosstalk (the real binary) on a private session bus
// with a keyring: add an account with the password on stdin, set the status, send a message,
// list people — a peer in this process sees it all through Prosody.
#include "core/network/callservice.h"
#include "tests/protocols/purplefixture.h"
#include "tests/support/desktop/keyringdaemon.h"
#include "tests/support/desktop/sessionbus.h"
#include "tests/support/prosodyserver.h"
#include "tests/support/waitfor.h"

#include <QProcess>

#include <catch2/catch.hpp>

#include <csignal>
#include <sys/prctl.h>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

struct Remote
{
    int exitCode = -1;
    QString out;
    QString err;
};

/// Runs "crosstalk remote args…" without blocking the loop (libpurple keeps serving bob).
Remote remote(const SessionBus &bus, const QStringList &args, const QByteArray &stdinData = {})
{
    QProcess p;
    p.setProcessEnvironment(bus.environment());
    p.start(QStringLiteral(CROSSTALK_BINARY), QStringList{QStringLiteral("remote")} + args);
    p.waitForStarted(5000);
    if (!stdinData.isNull())
        p.write(stdinData);
    p.closeWriteChannel();
    waitFor([&] { return p.state() == QProcess::NotRunning; }, 15000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()).trimmed(),
            QString::fromUtf8(p.readAllStandardError()).trimmed()};
}

} // namespace

TEST_CASE("Remote control: crosstalk remote adds an account, sets the status, sends a message, lists people and calls")
{
    SessionBus bus;
    QString error;
    REQUIRE(bus.start(&error));
    KeyringDaemon keyring(bus);
    const bool keyringStarted = keyring.start(&error);
    INFO(error.toStdString());
    REQUIRE(keyringStarted);

    const QString alicePw = QStringLiteral("remote-Alice-Pw-6620");
    ProsodyServer server(ProsodyServer::Options{.tls = false});
    REQUIRE(server.addUser(QStringLiteral("alice"), alicePw));
    REQUIRE(server.addUser(QStringLiteral("bob"), QStringLiteral("bobpw")));
    REQUIRE(server.setMutualRoster(QStringLiteral("alice"), {server.jid(QStringLiteral("bob"))}));
    REQUIRE(server.setMutualRoster(QStringLiteral("bob"), {server.jid(QStringLiteral("alice"))}));
    REQUIRE(server.start(&error));

    PurpleFixture f;
    f.start();
    const AccountId bob = f.addXmppAccount(server.jid(QStringLiteral("bob")), QStringLiteral("bobpw"), server.port(), false);
    REQUIRE(f.waitForState(bob, ConnectionState::Connected));
    const auto aliceSeen = [&] {
        const auto b = f.roster().buddy({bob, server.jid(QStringLiteral("alice"))});
        return b ? b->presence : Presence{};
    };

    // No instance yet: a clear exit code.
    CHECK(remote(bus, {QStringLiteral("status")}).exitCode == 3);

    TempDir profile;
    QProcess app;
    QProcessEnvironment env = bus.environment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    app.setProcessEnvironment(env);
    app.setProcessChannelMode(QProcess::MergedChannels);
    app.setStandardOutputFile(profile.filePath(QStringLiteral("crosstalk.log")));
    app.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    app.start(QStringLiteral(CROSSTALK_BINARY), {QStringLiteral("--profile"), profile.filePath(QStringLiteral("p"))});
    REQUIRE(app.waitForStarted(5000));
    REQUIRE(waitFor([&] { return remote(bus, {QStringLiteral("version")}).out == QLatin1String("1"); }, 20000));

    const Remote added = remote(bus,
                                {QStringLiteral("add-account"), QStringLiteral("prpl-jabber"),
                                 QStringLiteral("alice@localhost/remote"), QStringLiteral("connect_server=127.0.0.1"),
                                 QStringLiteral("port=%1").arg(server.port()),
                                 QStringLiteral("connection_security=opportunistic_tls"),
                                 QStringLiteral("auth_plain_in_clear=true")},
                                alicePw.toUtf8() + "\n");
    INFO(added.err.toStdString());
    REQUIRE(added.exitCode == 0);
    const QString aliceId = added.out;
    REQUIRE(waitFor([&] { return aliceSeen().kind == PresenceKind::Available; }, 15000));

    REQUIRE(remote(bus, {QStringLiteral("status"), QStringLiteral("away"), QStringLiteral("back"), QStringLiteral("soon")}).exitCode == 0);
    CHECK(waitFor([&] { return aliceSeen().kind == PresenceKind::Away && aliceSeen().message == QLatin1String("back soon"); }));
    CHECK(remote(bus, {QStringLiteral("status")}).out == QLatin1String("away\tback soon"));
    CHECK(remote(bus, {QStringLiteral("status"), QStringLiteral("sleeping")}).exitCode == 2);

    const Remote sent = remote(bus, {QStringLiteral("send"), aliceId, QStringLiteral("bob@localhost"),
                                     QStringLiteral("hello"), QStringLiteral("from"), QStringLiteral("the"),
                                     QStringLiteral("shell")});
    CHECK(sent.out == QLatin1String("sent"));
    CHECK(waitFor([&] {
        return std::any_of(f.received.cbegin(), f.received.cend(),
                           [](const ImMessage &m) { return m.body.contains(QLatin1String("hello from the shell")); });
    }));

    const Remote people = remote(bus, {QStringLiteral("people")});
    CHECK(people.out.contains(QLatin1String("\"handle\": \"bob@localhost\"")));
    CHECK(people.out.contains(QLatin1String("\"status\": \"available\"")));
    const Remote accounts = remote(bus, {QStringLiteral("accounts")});
    CHECK(accounts.out.contains(QLatin1String("\"state\": \"connected\"")));
    CHECK(remote(bus, {QStringLiteral("open"), aliceId, QStringLiteral("bob@localhost")}).exitCode == 0);

    // Calls: placed from the shell as the call button does; bob's client rings; hang up from the shell.
    CallService &bobCalls = f.backend().calls();
    QList<CallInfo> bobRang;
    QList<CallInfo> bobEnded;
    QObject::connect(&bobCalls, &CallService::callAdded, [&](const CallInfo &c) { bobRang << c; });
    QObject::connect(&bobCalls, &CallService::callEnded, [&](const CallInfo &c) { bobEnded << c; });
    // Alice's client learns bob can take calls from his capabilities, shortly after his presence.
    Remote calling;
    REQUIRE(waitFor([&] {
        calling = remote(bus, {QStringLiteral("call"), aliceId, QStringLiteral("bob@localhost")});
        return calling.out == QLatin1String("calling");
    }, 20000));
    REQUIRE(waitFor([&] { return !bobRang.isEmpty(); }, 15000));
    CHECK(bobRang.first().direction == CallDirection::Incoming);
    CHECK(bobRang.first().peer.handle.startsWith(QLatin1String("alice@localhost")));
    const Remote calls = remote(bus, {QStringLiteral("calls")});
    CHECK(calls.out.contains(QLatin1String("\"direction\": \"outgoing\"")));
    CHECK(calls.out.contains(QLatin1String("\"handle\": \"bob@localhost\"")));
    CHECK(remote(bus, {QStringLiteral("hangup")}).out == QLatin1String("1"));
    REQUIRE(waitFor([&] { return !bobEnded.isEmpty(); }, 15000));
    CHECK(bobEnded.first().endReason == CallEndReason::CancelledRemotely);
    const Remote nobody = remote(bus, {QStringLiteral("call"), aliceId, QStringLiteral("nobody@localhost")});
    CHECK(nobody.exitCode == 1);
    CHECK(nobody.out.startsWith(QLatin1String("unavailable: ")));

    // The password went to the keyring, and nowhere in the profile.
    CHECK(keyring.lookup(QStringLiteral("Crosstalk"), QStringLiteral("prpl-jabber/alice@localhost/remote")) == alicePw);
    app.terminate();
    REQUIRE(waitFor([&] { return app.state() == QProcess::NotRunning; }, 15000));
    QProcess grep;
    grep.start(QStringLiteral("grep"), {QStringLiteral("-r"), QStringLiteral("-a"), QStringLiteral("-l"), alicePw,
                                        profile.filePath(QStringLiteral("p"))});
    grep.waitForFinished(10000);
    CHECK(grep.readAllStandardOutput().isEmpty());
    CHECK(grep.exitCode() == 1);
}
