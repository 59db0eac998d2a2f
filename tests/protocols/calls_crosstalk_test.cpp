// SPDX-License-Identifier: GPL-3.0-or-later
// Crosstalk <-> Crosstalk calls through a real Prosody: this process is alice (PurpleCalls over
// libpurple's Jingle, Crosstalk's engine, file devices), bob is a second Crosstalk process.
#include "tests/protocols/callrig.h"
#include "tests/support/audio/audioquality.h"
#include "tests/support/waitfor.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QFile>

#include <algorithm>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

CallKey callBob(CallRig &rig)
{
    QString error;
    const CallKey key = rig.calls().startCall(rig.bob(), &error);
    INFO(error.toStdString());
    REQUIRE(key != 0);
    return key;
}

// Both sides connected with audio flowing.
void bringUp(CallRig &rig, CallKey key)
{
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("incoming alice@localhost")).isNull());
    REQUIRE(rig.waitForState(key, CallState::Ringing));
    rig.peer().send(QStringLiteral("answer"));
    REQUIRE(rig.waitForState(key, CallState::Active));
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("audio")).isNull());
}

} // namespace

TEST_CASE("Crosstalk calls Crosstalk: ring, answer, audio both ways, hang up here")
{
    CallRig rig;
    rig.start();
    const CallKey key = callBob(rig);
    REQUIRE(rig.added.size() == 1);
    CHECK(rig.added[0].direction == CallDirection::Outgoing);
    CHECK(rig.added[0].peer == rig.bob());
    bringUp(rig, key);
    const CallInfo active = rig.info(key);
    CHECK(active.answeredAt.isValid());
    CHECK(rig.calls().quality(key).codec.contains(QStringLiteral("Opus")));

    spin(5000); // five seconds of conversation
    rig.calls().hangUp(key);
    REQUIRE(rig.waitForEnd(key));
    CHECK(rig.info(key).endReason == CallEndReason::HungUpLocally);
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("ended hung-up-remotely")).isNull());
    spin(300);
    CHECK(rig.endedCount(key) == 1);
    CHECK(rig.calls().calls().isEmpty());
    CHECK(rig.calls().call(key).state == CallState::Ended);

    // Each side heard the other's voice: found by cross-correlation, at a decent SNR.
    const HeardCheck toBob = checkHeard(rig.bobHeard(), rig.aliceInput());
    const HeardCheck toAlice = checkHeard(rig.alicePlayed(0), rig.bobInput());
    WARN("alice -> bob: correlation " << toBob.correlation << ", segmental SNR " << toBob.snrDb
                                      << " dB; bob -> alice: correlation " << toAlice.correlation
                                      << ", segmental SNR " << toAlice.snrDb << " dB");
    CHECK(toBob.found);
    CHECK(toAlice.found);
    CHECK(toBob.snrDb > 3.0);
    CHECK(toAlice.snrDb > 3.0);
}

TEST_CASE("Crosstalk is called by Crosstalk: incoming rings here, answered, the caller hangs up")
{
    CallRig rig;
    rig.start();
    rig.peerCallsAlice();
    const CallKey key = rig.waitForIncoming();
    REQUIRE(key != 0);
    CHECK(rig.info(key).direction == CallDirection::Incoming);
    CHECK(rig.info(key).state == CallState::Ringing);
    CHECK(rig.info(key).peer == rig.bob());
    // Our client told the caller it rings (XEP-0167 <ringing/>).
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("ringing")).isNull());

    rig.calls().answer(key);
    REQUIRE(rig.waitForState(key, CallState::Active));
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("audio")).isNull());
    spin(5000);
    rig.peer().send(QStringLiteral("hangup"));
    REQUIRE(rig.waitForEnd(key));
    CHECK(rig.info(key).endReason == CallEndReason::HungUpRemotely);
    spin(300);
    CHECK(rig.endedCount(key) == 1);
    const HeardCheck toAlice = checkHeard(rig.alicePlayed(0), rig.bobInput());
    WARN("bob -> alice: correlation " << toAlice.correlation << ", segmental SNR " << toAlice.snrDb << " dB");
    CHECK(toAlice.found);
}

TEST_CASE("Crosstalk calls: declined by the callee, and declining an incoming call")
{
    CallRig rig;
    rig.start();
    const CallKey out = callBob(rig);
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("incoming")).isNull());
    rig.peer().send(QStringLiteral("decline"));
    REQUIRE(rig.waitForEnd(out));
    CHECK(rig.info(out).endReason == CallEndReason::DeclinedRemotely);
    CHECK_FALSE(rig.info(out).answeredAt.isValid());
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("ended declined-locally")).isNull());

    rig.peerCallsAlice();
    const CallKey in = rig.waitForIncoming();
    REQUIRE(in != 0);
    rig.calls().decline(in);
    REQUIRE(rig.waitForEnd(in));
    CHECK(rig.info(in).endReason == CallEndReason::DeclinedLocally);
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("ended declined-remotely")).isNull());
    spin(300);
    CHECK(rig.endedCount(out) == 1);
    CHECK(rig.endedCount(in) == 1);
}

TEST_CASE("Crosstalk calls: the caller cancels while it rings, and the callee hangs up an active call")
{
    CallRig rig;
    rig.start();
    const CallKey first = callBob(rig);
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("incoming")).isNull());
    REQUIRE(rig.waitForState(first, CallState::Ringing));
    rig.calls().hangUp(first);
    REQUIRE(rig.waitForEnd(first));
    CHECK(rig.info(first).endReason == CallEndReason::CancelledLocally);
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("ended cancelled-remotely")).isNull());

    const CallKey second = callBob(rig);
    bringUp(rig, second);
    rig.peer().send(QStringLiteral("hangup"));
    REQUIRE(rig.waitForEnd(second));
    CHECK(rig.info(second).endReason == CallEndReason::HungUpRemotely);
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("ended hung-up-locally")).isNull());
}

TEST_CASE("Crosstalk calls: nobody answers within the ring timeout")
{
    CallRig::Options options;
    options.ringTimeoutMs = 3000;
    CallRig rig(options);
    rig.start();
    const CallKey key = callBob(rig);
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("incoming")).isNull());
    REQUIRE(rig.waitForEnd(key, 15000));
    CHECK(rig.info(key).endReason == CallEndReason::NoAnswer);
    // The callee sees a missed call: the caller gave up.
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("ended cancelled-remotely")).isNull());
}

TEST_CASE("Crosstalk calls: a callee who is offline, and one who vanishes while it rings")
{
    CallRig::Options options;
    options.startPeer = false;
    CallRig rig(options);
    rig.start();
    // bob never signed on.
    const CallCapability cap = rig.calls().capability(rig.bob());
    CHECK_FALSE(cap.audio);
    CHECK(cap.whyNot.contains(QStringLiteral("offline")));
    QString error;
    CHECK(rig.calls().startCall(rig.bob(), &error) == 0);
    CHECK(error.contains(QStringLiteral("offline")));
    CHECK(rig.added.isEmpty());

    // bob signs on: his caps arrive by disco after his presence, and the UI is told.
    int bobChanged = 0;
    QObject::connect(&rig.calls(), &CallService::capabilityChanged, [&](const BuddyAddress &buddy) {
        bobChanged += buddy == rig.bob() ? 1 : 0;
    });
    rig.startPeer();
    CHECK(bobChanged > 0);
    const CallKey key = callBob(rig);
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("incoming")).isNull());
    rig.peer().kill(); // his machine goes away; the server tells us he is unavailable
    REQUIRE(rig.waitForEnd(key, 30000));
    CHECK(rig.info(key).endReason == CallEndReason::Unreachable);
    CHECK_FALSE(rig.calls().capability(rig.bob()).audio);
}

TEST_CASE("Crosstalk calls: calling yourself is refused")
{
    CallRig::Options options;
    options.startPeer = false;
    CallRig rig(options);
    rig.start();
    const BuddyAddress me{rig.account(), rig.aliceJid()};
    const CallCapability cap = rig.calls().capability(me);
    CHECK_FALSE(cap.audio);
    CHECK(cap.whyNot == QStringLiteral("You cannot call yourself."));
    QString error;
    CHECK(rig.calls().startCall(me, &error) == 0);
    CHECK(error == QStringLiteral("You cannot call yourself."));
    CHECK(rig.added.isEmpty());
    // Nonsense is refused with a reason too.
    CHECK_FALSE(rig.calls().capability({rig.account(), QStringLiteral("nobody@localhost")}).whyNot.isEmpty());
    CHECK(rig.calls().startCall({AccountId{}, QStringLiteral("bob@localhost")}, &error) == 0);
    CHECK_FALSE(error.isEmpty());
}

namespace {

qint64 residentKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

} // namespace

TEST_CASE("Crosstalk calls: the peer's mute sends silence, hold and resume both ways")
{
    CallRig rig;
    rig.start();
    const CallKey key = callBob(rig);
    bringUp(rig, key);
    QElapsedTimer clock;
    clock.start();
    spin(2000);
    const qint64 muteOn = clock.elapsed();
    rig.peer().send(QStringLiteral("mute on"));
    spin(3500);
    const qint64 muteOff = clock.elapsed();
    rig.peer().send(QStringLiteral("mute off"));
    spin(2000);

    // We hold: the peer is told, nothing flows either way, we play nothing.
    const qint64 holdOn = clock.elapsed();
    rig.calls().setHeld(key, true);
    CHECK(rig.info(key).held);
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("remote-hold on")).isNull());
    spin(3500 - int(clock.elapsed() - holdOn));
    const qint64 holdOff = clock.elapsed();
    rig.calls().setHeld(key, false);
    CHECK_FALSE(rig.info(key).held);
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("remote-hold off")).isNull());
    spin(2000);

    // The peer holds: we see it.
    rig.peer().send(QStringLiteral("hold on"));
    REQUIRE(waitFor([&] { return rig.info(key).remoteHeld; }));
    rig.peer().send(QStringLiteral("hold off"));
    REQUIRE(waitFor([&] { return !rig.info(key).remoteHeld; }));
    CHECK(rig.info(key).state == CallState::Active);
    const qint64 end = clock.elapsed();
    rig.calls().hangUp(key);
    REQUIRE(rig.waitForEnd(key));

    // Alice's speaker recording ends when the call ended: find each moment from its end.
    const std::vector<voice::Sample> played = rig.alicePlayed(0);
    auto power = [&](qint64 fromMs, qint64 toMs) {
        const auto at = [&](qint64 t) {
            const qint64 back = (end - t) * voice::kSampleRate / 1000;
            return std::clamp<qint64>(qint64(played.size()) - back, 0, qint64(played.size()));
        };
        return powerDbfs(std::span<const voice::Sample>(played).subspan(std::size_t(at(fromMs)),
                                                                     std::size_t(at(toMs) - at(fromMs))));
    };
    const double talking = power(muteOn - 1500, muteOn - 200);
    // Generous margins: the peer acts on a command when its loop gets to it, and what was in
    // flight (jitter buffer) still plays.
    const double muted = power(muteOn + 1200, muteOff - 200);
    const double unmuted = power(muteOff + 1200, holdOn - 200);
    const double held = power(holdOn + 1200, holdOff - 200);
    const double resumed = power(holdOff + 1000, holdOff + 1900);
    WARN("alice played (dBFS): talking " << talking << ", bob muted " << muted << ", unmuted " << unmuted
                                        << ", alice held " << held << ", resumed " << resumed);
    CHECK(talking > -35.0);
    CHECK(muted < -60.0);
    CHECK(unmuted > -35.0);
    CHECK(held < -60.0);
    CHECK(resumed > -35.0);
}

TEST_CASE("Crosstalk calls: the server dies mid-call and both ends say the network was lost")
{
    CallRig rig;
    rig.start();
    const CallKey key = callBob(rig);
    bringUp(rig, key);
    spin(1000);
    int bobChanges = 0;
    QObject::connect(&rig.calls(), &CallService::capabilityChanged, [&](const BuddyAddress &buddy) {
        bobChanges += buddy == rig.bob() ? 1 : 0;
    });
    rig.server().kill();
    REQUIRE(rig.waitForEnd(key, 20000));
    CHECK(rig.info(key).endReason == CallEndReason::NetworkLost);
    CHECK_FALSE(rig.info(key).endDetail.isEmpty());
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("ended network-lost"), 20000).isNull());
    spin(500);
    CHECK(rig.endedCount(key) == 1);
    CHECK_FALSE(rig.calls().capability(rig.bob()).audio);
    CHECK(bobChanges > 0); // the UI hears that bob is no longer callable
}

TEST_CASE("Crosstalk calls: ten calls in a row leak no file descriptors, threads or memory")
{
    CallRig rig;
    rig.start();
    int fdsBefore = 0, threadsBefore = 0;
    qint64 rssBefore = 0;
    for (int i = 0; i < 11; ++i) {
        const CallKey key = callBob(rig);
        bringUp(rig, key);
        spin(800);
        rig.calls().hangUp(key);
        REQUIRE(rig.waitForEnd(key));
        REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("ended")).isNull());
        spin(500); // the media tears down after the end
        if (i == 0) {
            // The first call loads what stays loaded (codecs, libnice's context): count after it.
            fdsBefore = openFileDescriptors();
            threadsBefore = threadCount();
            rssBefore = residentKb();
        }
    }
    REQUIRE(rig.ended.size() == 11);
    waitFor([&] { return threadCount() <= threadsBefore; }, 5000);
    const int fdsAfter = openFileDescriptors();
    const int threadsAfter = threadCount();
    const qint64 rssAfter = residentKb();
    WARN("after 1 call: " << fdsBefore << " fds, " << threadsBefore << " threads, " << rssBefore
                          << " kB; after 11: " << fdsAfter << " fds, " << threadsAfter << " threads, " << rssAfter
                          << " kB");
    CHECK(fdsAfter <= fdsBefore);
    CHECK(threadsAfter <= threadsBefore);
    CHECK(rssAfter - rssBefore < 16 * 1024);
}

TEST_CASE("Crosstalk calls: a callee online on two clients is called on one, without asking which")
{
    CallRig::Options options;
    options.startPeer = false;
    CallRig rig(options);
    rig.start();
    // bob's first client ("desk"): the rig's peer; then a second one ("laptop").
    rig.startPeer();
    TempDir laptopDir;
    CallPeerProcess::Options o;
    o.jid = QStringLiteral("bob@localhost");
    o.password = QStringLiteral("bobpw");
    o.port = rig.server().port();
    o.dir = laptopDir.path();
    o.extraArguments = {QStringLiteral("--resource"), QStringLiteral("laptop")};
    CallPeerProcess laptop(o);
    QString error;
    REQUIRE(laptop.start(&error));
    spin(1500); // alice learns the laptop's caps

    const CallKey key = callBob(rig);
    // libpurple alone would raise a "Select a Resource" request here; we picked one instead.
    REQUIRE(waitFor([&] { return laptop.hasLine(QStringLiteral("incoming")) || rig.peer().hasLine(QStringLiteral("incoming")); }));
    CHECK(rig.fixture().openPrompts().isEmpty());
    spin(500);
    CHECK(laptop.hasLine(QStringLiteral("incoming")) != rig.peer().hasLine(QStringLiteral("incoming")));
    CallPeerProcess &ringing = laptop.hasLine(QStringLiteral("incoming")) ? laptop : rig.peer();
    ringing.send(QStringLiteral("answer"));
    REQUIRE(rig.waitForState(key, CallState::Active));
    rig.calls().hangUp(key);
    REQUIRE(rig.waitForEnd(key));
    CHECK(rig.info(key).endReason == CallEndReason::HungUpLocally);
}

TEST_CASE("Crosstalk calls: a second incoming call during a call is declined, then taken with end-and-answer")
{
    CallRig rig;
    rig.start();
    const CallKey first = callBob(rig);
    bringUp(rig, first);

    TempDir carolDir;
    CallPeerProcess::Options o;
    o.jid = QStringLiteral("carol@localhost");
    o.password = QStringLiteral("carolpw");
    o.port = rig.server().port();
    o.dir = carolDir.path();
    CallPeerProcess carol(o);
    QString error;
    REQUIRE(carol.start(&error));
    REQUIRE(waitFor([&] {
        carol.send(QStringLiteral("caps alice@localhost"));
        return carol.waitForLine(QStringLiteral("caps alice@localhost"), 5000).endsWith(QStringLiteral(" yes"));
    }, 20000));

    carol.send(QStringLiteral("call alice@localhost"));
    const CallKey second = rig.waitForIncoming();
    REQUIRE(second != 0);
    REQUIRE(second != first);
    CHECK(rig.info(second).peer.handle == QStringLiteral("carol@localhost"));
    CHECK(rig.calls().calls().size() == 2);
    rig.calls().decline(second);
    REQUIRE(rig.waitForEnd(second));
    CHECK(rig.info(second).endReason == CallEndReason::DeclinedLocally);
    REQUIRE_FALSE(carol.waitForLine(QStringLiteral("ended declined-remotely")).isNull());
    spin(500);
    CHECK(rig.info(first).state == CallState::Active);
    CHECK(rig.endedCount(first) == 0);

    // "End call and answer", as the UI offers it: hang up the first, answer the second.
    carol.send(QStringLiteral("call alice@localhost"));
    const CallKey third = rig.waitForIncoming();
    REQUIRE(third != 0);
    rig.calls().hangUp(first);
    rig.calls().answer(third);
    REQUIRE(rig.waitForEnd(first));
    CHECK(rig.info(first).endReason == CallEndReason::HungUpLocally);
    REQUIRE(rig.waitForState(third, CallState::Active));
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("ended hung-up-remotely")).isNull());
    rig.calls().hangUp(third);
    REQUIRE(rig.waitForEnd(third));
    REQUIRE_FALSE(carol.waitForLine(QStringLiteral("ended hung-up-remotely")).isNull());
    for (CallKey key : {first, second, third})
        CHECK(rig.endedCount(key) == 1);
}

TEST_CASE("Crosstalk calls: the peer's Crosstalk quits mid-call and we hear a hang-up, not silence")
{
    CallRig rig;
    rig.start();
    const CallKey key = callBob(rig);
    bringUp(rig, key);
    rig.peer().send(QStringLiteral("quit")); // PurpleBackend's teardown ends its calls first
    REQUIRE(rig.waitForEnd(key, 15000));
    CHECK(rig.info(key).endReason == CallEndReason::HungUpRemotely);
    REQUIRE(waitFor([&] { return !rig.peer().isRunning(); }, 10000));
}
