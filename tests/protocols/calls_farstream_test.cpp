// SPDX-License-Identifier: GPL-3.0-or-later
// Interop: Crosstalk (this process) and a stock libpurple client on libpurple's own
// Farstream/GStreamer backend, as Pidgin uses it (tests/support/farstreampeer), through Prosody.
// The codec is the best both offer (see checkCodec).
#include "tests/protocols/callrig.h"
#include "tests/support/audio/audioquality.h"
#include "tests/support/waitfor.h"

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

CallRig::Options farstream(QStringList arguments = {})
{
    CallRig::Options options;
    options.peer = CallPeerProcess::Kind::Farstream;
    options.peerArguments = std::move(arguments);
    return options;
}

// The Farstream peer's microphone is a 440 Hz sine: alice must have played it.
void checkHeardSine(const std::vector<voice::Sample> &played)
{
    REQUIRE(played.size() > std::size_t(2 * voice::kSampleRate));
    // One second well before the end (the last moments may already be the teardown).
    const auto second = std::span<const voice::Sample>(played).last(std::size_t(2 * voice::kSampleRate)).first(voice::kSampleRate);
    const double frequency = dominantFrequency(second);
    const double level = powerDbfs(second);
    WARN("alice heard the Farstream peer's sine at " << frequency << " Hz, " << level << " dBFS");
    CHECK(std::abs(frequency - 440.0) < 10.0);
    CHECK(level > -30.0);
}

// Farstream 0.2.9 on Debian 12's GStreamer 1.22 discovers no Opus (rtpopusdepay's caps no longer
// fit its codec discovery), so the stock peer here offers Speex, PCMU, PCMA and L16: the call
// must settle on G.711, the fallback. Where Farstream offers Opus, it must be Opus.
void checkCodec(const QString &codec)
{
    WARN("codec with the Farstream peer: " << codec.toStdString());
    CHECK((codec.contains(QStringLiteral("Opus")) || codec.contains(QStringLiteral("PCMU"))
           || codec.contains(QStringLiteral("PCMA"))));
}

} // namespace

TEST_CASE("Interop: Crosstalk calls a stock libpurple Farstream client, audio both ways")
{
    CallRig rig(farstream());
    rig.start();
    QString error;
    const CallKey key = rig.calls().startCall(rig.bob(), &error);
    INFO(error.toStdString());
    REQUIRE(key != 0);
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("incoming alice@localhost")).isNull());
    REQUIRE(rig.waitForState(key, CallState::Ringing));
    rig.peer().send(QStringLiteral("answer"));
    REQUIRE(rig.waitForState(key, CallState::Active, 30000));
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("audio")).isNull());
    checkCodec(rig.calls().quality(key).codec);
    spin(4000);
    rig.calls().hangUp(key);
    REQUIRE(rig.waitForEnd(key));
    CHECK(rig.info(key).endReason == CallEndReason::HungUpLocally);
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("ended success")).isNull());

    const HeardCheck toBob = checkHeard(rig.bobHeard(), rig.aliceInput());
    WARN("alice -> Farstream: correlation " << toBob.correlation << ", segmental SNR " << toBob.snrDb << " dB");
    CHECK(toBob.found);
    checkHeardSine(rig.alicePlayed(0));
}

TEST_CASE("Interop: a stock libpurple Farstream client calls Crosstalk, and hangs up")
{
    CallRig rig(farstream());
    rig.start();
    rig.peerCallsAlice();
    const CallKey key = rig.waitForIncoming();
    REQUIRE(key != 0);
    CHECK(rig.info(key).peer == rig.bob());
    rig.calls().answer(key);
    REQUIRE(rig.waitForState(key, CallState::Active, 30000));
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("audio")).isNull());
    checkCodec(rig.calls().quality(key).codec);
    spin(4000);
    rig.peer().send(QStringLiteral("hangup"));
    REQUIRE(rig.waitForEnd(key));
    CHECK(rig.info(key).endReason == CallEndReason::HungUpRemotely);

    const HeardCheck toBob = checkHeard(rig.bobHeard(), rig.aliceInput());
    WARN("alice -> Farstream: correlation " << toBob.correlation << ", segmental SNR " << toBob.snrDb << " dB");
    CHECK(toBob.found);
    checkHeardSine(rig.alicePlayed(0));
}

TEST_CASE("Bad input: an offer with no acceptable codec is declined with failed-application")
{
    // Farstream configured to offer Speex only (fs-codec.conf), which Crosstalk does not speak.
    CallRig rig(farstream({QStringLiteral("--only-codec"), QStringLiteral("SPEEX:16000")}));
    rig.start();
    rig.peerCallsAlice();
    REQUIRE(waitFor([&] { return !rig.ended.isEmpty(); }, 20000));
    const CallInfo call = rig.ended.first();
    CHECK(call.direction == CallDirection::Incoming);
    CHECK(call.endReason == CallEndReason::NoCommonCodec);
    CHECK_FALSE(call.answeredAt.isValid());
    // The caller was told why, in Jingle's words.
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("ended failed-application")).isNull());
    CHECK(rig.devicesCreated() == 0);
}

TEST_CASE("Interop: a stock libpurple client hears why a call ended (cancel, timeout, decline) and its decline is understood")
{
    CallRig::Options options = farstream();
    options.ringTimeoutMs = 3000;
    CallRig rig(options);
    rig.start();
    QString error;

    // We give up while it rings: libpurple alone would say "success"; the peer reads <cancel/>.
    CallKey key = rig.calls().startCall(rig.bob(), &error);
    REQUIRE(key != 0);
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("incoming")).isNull());
    rig.calls().hangUp(key);
    REQUIRE(rig.waitForEnd(key));
    CHECK(rig.info(key).endReason == CallEndReason::CancelledLocally);
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("ended cancel")).isNull());

    // Nobody answers within our ring timeout: <timeout/>.
    key = rig.calls().startCall(rig.bob(), &error);
    REQUIRE(key != 0);
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("incoming")).isNull());
    REQUIRE(rig.waitForEnd(key, 15000));
    CHECK(rig.info(key).endReason == CallEndReason::NoAnswer);
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("ended timeout")).isNull());

    // The peer rejects: libpurple sends <decline/>, we say the callee declined.
    key = rig.calls().startCall(rig.bob(), &error);
    REQUIRE(key != 0);
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("incoming")).isNull());
    rig.peer().send(QStringLiteral("decline"));
    REQUIRE(rig.waitForEnd(key));
    CHECK(rig.info(key).endReason == CallEndReason::DeclinedRemotely);

    // It calls, we decline: <decline/>.
    rig.peerCallsAlice();
    const CallKey in = rig.waitForIncoming();
    REQUIRE(in != 0);
    rig.calls().decline(in);
    REQUIRE(rig.waitForEnd(in));
    CHECK(rig.info(in).endReason == CallEndReason::DeclinedLocally);
    REQUIRE_FALSE(rig.peer().waitForLine(QStringLiteral("ended decline")).isNull());
}
