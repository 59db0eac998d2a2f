// SPDX-License-Identifier: GPL-3.0-or-later
// Bad input on the call path, through Prosody: a hand-made Jingle caller (python3-slixmpp,
// tests/support/jinglecaller.py) whose ICE candidates never answer a check, plus garbage ones.
#include "tests/protocols/callrig.h"
#include "tests/support/waitfor.h"

#include <catch2/catch.hpp>

#include <QFileInfo>
#include <QProcess>

#include <csignal>
#include <sys/prctl.h>

using namespace crosstalk;
using namespace crosstalk::test;

TEST_CASE("Bad input: a caller whose ICE never answers, with garbage candidates, ends as connection failed")
{
    const QString python = QStringLiteral("/usr/bin/python3");
    QProcess probe;
    probe.start(python, {QStringLiteral("-c"), QStringLiteral("import slixmpp")});
    if (!probe.waitForFinished(10000) || probe.exitCode() != 0)
        FAIL("python3-slixmpp is not installed (scripts/install-deps test)");

    CallRig::Options options;
    options.startPeer = false;
    options.iceTimeoutMs = 6000;
    CallRig rig(options);
    rig.start();

    QProcess caller;
    caller.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    caller.setProcessChannelMode(QProcess::SeparateChannels);
    QStringList lines;
    QObject::connect(&caller, &QProcess::readyReadStandardOutput, [&] {
        while (caller.canReadLine())
            lines << QString::fromUtf8(caller.readLine()).trimmed();
    });
    caller.start(python, {QStringLiteral(CROSSTALK_JINGLE_CALLER), QStringLiteral("--jid"), QStringLiteral("bob@localhost"),
                          QStringLiteral("--password"), QStringLiteral("bobpw"), QStringLiteral("--port"),
                          QString::number(rig.server().port()), QStringLiteral("--to"),
                          rig.aliceJid() + QStringLiteral("/crosstalk"), QStringLiteral("--garbage")});
    REQUIRE(caller.waitForStarted(5000));

    const CallKey key = rig.waitForIncoming(20000);
    REQUIRE(key != 0);
    CHECK(rig.info(key).peer.handle == QStringLiteral("bob@localhost"));
    rig.calls().answer(key);
    REQUIRE(rig.waitForState(key, CallState::Connecting));
    // Never Active: no audio can flow. The backend's ICE gives up; the call ends, once, with why.
    REQUIRE(rig.waitForEnd(key, 40000));
    const CallInfo call = rig.info(key);
    CHECK(call.endReason == CallEndReason::ConnectionFailed);
    CHECK_FALSE(call.endDetail.isEmpty());
    bool wasActive = false;
    for (const CallInfo &c : rig.changes)
        wasActive |= c.key == key && c.state == CallState::Active;
    CHECK_FALSE(wasActive);
    // The caller was told in Jingle's words.
    REQUIRE(waitFor([&] { return lines.contains(QStringLiteral("terminated connectivity-error")); }, 10000));
    CHECK(lines.contains(QStringLiteral("session-accept")));
    spin(300);
    CHECK(rig.endedCount(key) == 1);
    caller.closeWriteChannel();
    if (!caller.waitForFinished(5000))
        caller.kill();
}
