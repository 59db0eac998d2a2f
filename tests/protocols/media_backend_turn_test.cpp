// SPDX-License-Identifier: GPL-3.0-or-later
// The `nice` transmitter's relayed candidates: a real TURN server (coturn) on loopback, and a
// call whose signalling carries only the relayed candidates, so the media must go through it.
#include "tests/protocols/mediarig.h"
#include "tests/support/audio/testsignals.h"
#include "tests/support/freeport.h"
#include "tests/support/serverprocess.h"
#include "tests/support/tempdir.h"
#include "tests/support/waitfor.h"

#include <catch2/catch.hpp>

#include <QStandardPaths>

#include <algorithm>
#include <cstdio>

using namespace crosstalk;
using namespace crosstalk::test;

TEST_CASE("media backend: a call through a TURN relay when only relayed candidates are exchanged")
{
    const QString turnserver = QStandardPaths::findExecutable(QStringLiteral("turnserver"));
    if (turnserver.isEmpty())
        FAIL("coturn's turnserver is not installed (scripts/deps.txt, group test)");
    TempDir dir;
    const quint16 port = freeTcpPort();
    ServerProcess turn(QStringLiteral("coturn"), turnserver,
                       {QStringLiteral("-n"), QStringLiteral("--listening-ip=127.0.0.1"),
                        QStringLiteral("--listening-port=%1").arg(port), QStringLiteral("--relay-ip=127.0.0.1"),
                        QStringLiteral("--min-port=49160"), QStringLiteral("--max-port=49400"),
                        QStringLiteral("--lt-cred-mech"), QStringLiteral("--user=crosstalk:relaysecret"),
                        QStringLiteral("--realm=crosstalk.test"), QStringLiteral("--no-tls"), QStringLiteral("--no-dtls"),
                        QStringLiteral("--no-cli"), QStringLiteral("--allow-loopback-peers"),
                        QStringLiteral("--db=%1").arg(dir.filePath(QStringLiteral("turndb"))),
                        QStringLiteral("--pidfile=%1").arg(dir.filePath(QStringLiteral("turn.pid"))),
                        QStringLiteral("--log-file=stdout"), QStringLiteral("--simple-log")},
                       dir.filePath(QStringLiteral("coturn.log")));
    QString error;
    REQUIRE(turn.startAndWaitForTcp(port, 10000, &error));

    MediaTestRuntime runtime;
    MediaRig::Options options;
    options.inputA = chirp(300, 3000, 2.0);
    options.inputB = chirp(3000, 300, 2.0);
    options.configure = [port](protocols::MediaBackendConfig &config) {
        config.stunServer = QStringLiteral("127.0.0.1");
        config.stunPort = port;
        config.turnServer = QStringLiteral("127.0.0.1");
        config.turnPort = port;
        config.turnUser = QStringLiteral("crosstalk");
        config.turnPassword = QStringLiteral("relaysecret");
    };
    options.deliverIf = [](PurpleMediaCandidate *c) {
        return purple_media_candidate_get_candidate_type(c) == PURPLE_MEDIA_CANDIDATE_TYPE_RELAY;
    };
    MediaRig rig(options);
    REQUIRE(rig.startCaller());
    const auto relayed = [](const MediaSide &side) {
        return std::count(side.newCandidateTypes.begin(), side.newCandidateTypes.end(), PURPLE_MEDIA_CANDIDATE_TYPE_RELAY);
    };
    INFO(turn.logTail().toStdString());
    // Relayed candidates may come after candidates-prepared (trickled): wait for them.
    REQUIRE(waitFor([&] { return relayed(rig.a) >= 1; }, 10000));
    REQUIRE(rig.deliverOffer());
    REQUIRE(waitFor([&] { return relayed(rig.b) >= 1; }, 10000));
    REQUIRE(rig.acceptAndAnswer());
    REQUIRE(waitFor([&] { return rig.a.connected && rig.b.connected; }, 30000));
    REQUIRE(waitFor([&] { return protocols::mediaAudioFlowing(rig.a.media) && protocols::mediaAudioFlowing(rig.b.media); },
                    15000));
    // The bitrates are per completed second of media.
    CallQuality q;
    CHECK(waitFor([&] { return protocols::mediaCallQuality(rig.a.media, q) && q.receiveKbps > 10.0; }, 5000));
    std::printf("through TURN: %s, receive %.1f kb/s\n", q.transport.toUtf8().constData(), q.receiveKbps);
    CHECK(q.transport.contains(QStringLiteral("relay")));
    CHECK(q.receiveKbps > 10.0);
    rig.hangUp(rig.a);
    REQUIRE(waitFor([&] { return rig.a.ended && rig.b.ended; }, 10000));
}
