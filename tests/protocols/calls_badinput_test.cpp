// SPDX-License-Identifier: GPL-3.0-or-later
// Hand-made Jingle offers through Prosody (python3-slixmpp, tests/support/jinglecaller.py): ICE
// candidates that never answer a check plus garbage ones; and Farstream's exact codec offer.
#include "tests/protocols/callrig.h"
#include "tests/support/waitfor.h"

#include <catch2/catch.hpp>

#include <QFileInfo>
#include <QProcess>

#include <algorithm>

#include <csignal>
#include <sys/prctl.h>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

bool slixmppAvailable()
{
    QProcess probe;
    probe.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import slixmpp")});
    return probe.waitForFinished(10000) && probe.exitCode() == 0;
}

// tests/support/jinglecaller.py as bob, calling alice's Crosstalk with a hand-made offer.
struct JingleCaller
{
    JingleCaller(CallRig &rig, QStringList extra, bool calls = true)
    {
        process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        QObject::connect(&process, &QProcess::readyReadStandardOutput, [this] {
            while (process.canReadLine())
                lines << QString::fromUtf8(process.readLine()).trimmed();
        });
        process.start(QStringLiteral("/usr/bin/python3"),
                      QStringList{QStringLiteral(CROSSTALK_JINGLE_CALLER), QStringLiteral("--jid"), QStringLiteral("bob@localhost"),
                                  QStringLiteral("--password"), QStringLiteral("bobpw"), QStringLiteral("--port"),
                                  QString::number(rig.server().port())}
                          + (calls ? QStringList{QStringLiteral("--to"), rig.aliceJid() + QStringLiteral("/crosstalk")}
                                   : QStringList{})
                          + extra);
        REQUIRE(process.waitForStarted(5000));
    }
    ~JingleCaller()
    {
        process.closeWriteChannel();
        if (!process.waitForFinished(5000))
            process.kill();
    }
    QString line(const QString &prefix) const
    {
        for (const QString &l : lines) {
            if (l.startsWith(prefix))
                return l;
        }
        return {};
    }
    QProcess process;
    QStringList lines;
};

} // namespace

TEST_CASE("Bad input: a caller whose ICE never answers, with garbage candidates, ends as connection failed")
{
    if (!slixmppAvailable())
        FAIL("python3-slixmpp is not installed (scripts/install-deps test)");

    CallRig::Options options;
    options.startPeer = false;
    options.iceTimeoutMs = 6000;
    CallRig rig(options);
    rig.start();

    JingleCaller caller(rig, {QStringLiteral("--garbage")});
    QStringList &lines = caller.lines;
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
    CHECK(std::any_of(lines.begin(), lines.end(), [](const QString &l) { return l.startsWith(QStringLiteral("session-accept")); }));
    spin(300);
    CHECK(rig.endedCount(key) == 1);
}

TEST_CASE("Codecs: offered what Farstream offers (Speex first, Opus with channels 0), Crosstalk accepts Opus")
{
    if (!slixmppAvailable())
        FAIL("python3-slixmpp is not installed (scripts/install-deps test)");
    CallRig::Options options;
    options.startPeer = false;
    CallRig rig(options);
    rig.start();
    JingleCaller caller(rig, {QStringLiteral("--offer"), QStringLiteral("farstream")});
    const CallKey key = rig.waitForIncoming(20000);
    REQUIRE(key != 0);
    rig.calls().answer(key);
    REQUIRE(waitFor([&] { return !caller.line(QStringLiteral("session-accept")).isEmpty(); }, 20000));
    const QString accept = caller.line(QStringLiteral("session-accept"));
    INFO(accept.toStdString());
    // The answer carries Opus, first, at 48 kHz.
    CHECK(accept.section(QLatin1Char(' '), 1).section(QLatin1Char(','), 0, 0).compare(QStringLiteral("OPUS/48000"),
                                                                                    Qt::CaseInsensitive) == 0);
    rig.calls().hangUp(key);
    REQUIRE(rig.waitForEnd(key));
}

TEST_CASE("Bad input: a callee's client that refuses the session-initiate makes the call unreachable")
{
    if (!slixmppAvailable())
        FAIL("python3-slixmpp is not installed (scripts/install-deps test)");
    CallRig::Options options;
    options.startPeer = false;
    CallRig rig(options);
    rig.start();
    // bob's client advertises Jingle audio, then answers the invitation with a stanza error.
    JingleCaller callee(rig, {QStringLiteral("--refuse"), QStringLiteral("service-unavailable")}, false);
    REQUIRE(waitFor([&] { return rig.calls().capability(rig.bob()).audio; }, 20000));
    QString error;
    const CallKey key = rig.calls().startCall(rig.bob(), &error);
    REQUIRE(key != 0);
    REQUIRE(rig.waitForEnd(key));
    CHECK(rig.info(key).endReason == CallEndReason::Unreachable);
    CHECK(rig.info(key).endDetail.contains(QStringLiteral("service-unavailable")));
    CHECK_FALSE(callee.line(QStringLiteral("refused")).isEmpty());
    spin(300);
    CHECK(rig.endedCount(key) == 1);
}
