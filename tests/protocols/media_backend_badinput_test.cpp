// SPDX-License-Identifier: GPL-3.0-or-later
// The media backend against bad input: garbage remote candidates, a peer that never answers the
// ICE checks, an offer with no codec in common; and the codec negotiation rules on their own.
#include "core/voice/udptransport.h"
#include "protocols/mediacodecs.h"
#include "tests/protocols/mediarig.h"
#include "tests/support/waitfor.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

bool anyErrorContains(const MediaSide &side, const std::string &text)
{
    return std::any_of(side.errors.begin(), side.errors.end(),
                       [&](const std::string &e) { return e.find(text) != std::string::npos; });
}

PurpleMediaCandidate *candidate(const char *foundation, guint component, const char *ip, guint16 port,
                                PurpleMediaNetworkProtocol protocol = PURPLE_MEDIA_NETWORK_PROTOCOL_UDP)
{
    return purple_media_candidate_new(foundation, component, PURPLE_MEDIA_CANDIDATE_TYPE_HOST, protocol, ip, port);
}

} // namespace

TEST_CASE("media backend: garbage remote candidates are reported and ignored, good ones still connect")
{
    MediaTestRuntime runtime;
    MediaRig rig({});
    REQUIRE(rig.startCaller());
    REQUIRE(rig.deliverOffer());

    const std::string huge(100000, 'x');
    GList *garbage = nullptr;
    garbage = g_list_append(garbage, candidate("1", 1, "999.1.2.3", 5000));
    garbage = g_list_append(garbage, candidate("2", 1, "127.0.0.1", 0));
    garbage = g_list_append(garbage, candidate("3", 1, huge.c_str(), 5000));
    garbage = g_list_append(garbage, candidate(huge.c_str(), 1, "127.0.0.1", 5001));
    garbage = g_list_append(garbage, candidate("5", 9, "127.0.0.1", 5002));
    garbage = g_list_append(garbage, candidate("6", 1, "", 5003));
    garbage = g_list_append(garbage, candidate("7", 1, "127.0.0.1", 5004, PURPLE_MEDIA_NETWORK_PROTOCOL_TCP_ACTIVE));
    PurpleMediaCandidate *longPassword = candidate("8", 1, "127.0.0.1", 5005);
    g_object_set(longPassword, "username", "abcd", "password", huge.c_str(), nullptr);
    garbage = g_list_append(garbage, longPassword);
    purple_media_add_remote_candidates(rig.b.media, MediaRig::kSession, "alice", garbage);
    freeObjectList(garbage);
    // Unknown streams are refused without a crash too.
    GList *stray = g_list_append(nullptr, candidate("9", 1, "127.0.0.1", 5006));
    purple_media_add_remote_candidates(rig.b.media, "no-such-session", "nobody", stray);
    freeObjectList(stray);

    // The callee checks candidates once it answers (it starts ICE then).
    REQUIRE(rig.acceptAndAnswer());
    REQUIRE(anyErrorContains(rig.b, "ignored 8 bad remote candidate"));
    CHECK(protocols::mediaFailure(rig.b.media) == protocols::MediaFailure::None); // a warning only
    for (const std::string &e : rig.b.errors)
        CHECK(e.size() < 400); // a clear sentence, not the garbage echoed back
    REQUIRE(waitFor([&] { return rig.a.connected && rig.b.connected; }, 30000));
    rig.hangUp(rig.b);
    REQUIRE(waitFor([&] { return rig.a.ended && rig.b.ended; }, 10000));
}

TEST_CASE("media backend: a peer that never answers the ICE checks ends the call with an error in time")
{
    MediaTestRuntime runtime;
    MediaRig::Options options;
    options.iceTimeoutMs = 5000;
    MediaRig rig(options);
    REQUIRE(rig.startCaller());

    // The "peer" is a UDP port that swallows every check.
    voice::UdpSocket silent;
    std::string error;
    voice::SocketAddress where;
    voice::SocketAddress::parse("127.0.0.1", 0, where);
    REQUIRE(silent.bind(where, error));

    PurpleMediaCodec *opus = purple_media_codec_new(111, "opus", PURPLE_MEDIA_AUDIO, 48000);
    GList *codecs = g_list_append(nullptr, opus);
    CHECK(purple_media_set_remote_codecs(rig.a.media, MediaRig::kSession, "bob", codecs));
    freeObjectList(codecs);
    PurpleMediaCandidate *c = candidate("1", 1, "127.0.0.1", silent.localAddress().port);
    g_object_set(c, "username", "fake", "password", "fakefakefakefakefakefake", "priority", 2130706431u, nullptr);
    GList *candidates = g_list_append(nullptr, c);
    QElapsedTimer clock;
    clock.start();
    purple_media_add_remote_candidates(rig.a.media, MediaRig::kSession, "bob", candidates);
    freeObjectList(candidates);
    purple_media_stream_info(rig.a.media, PURPLE_MEDIA_INFO_ACCEPT, MediaRig::kSession, "bob", FALSE);

    REQUIRE(waitFor([&] { return protocols::mediaFailure(rig.a.media) != protocols::MediaFailure::None; }, 30000));
    const qint64 afterMs = clock.elapsed();
    QString detail;
    CHECK(protocols::mediaFailure(rig.a.media, &detail) == protocols::MediaFailure::ConnectionFailed);
    CHECK_FALSE(protocols::mediaConnectionLost(rig.a.media));
    std::printf("ICE failure reported after %lld ms: %s\n", static_cast<long long>(afterMs), detail.toUtf8().constData());
    CHECK(afterMs < 5000 + 3000);
    CHECK_FALSE(rig.a.errors.empty());
    CHECK_FALSE(rig.a.connected);
    // The backend ends the call itself (through stream-info, so a prpl would tell the peer).
    CHECK(waitFor([&] { return rig.a.ended; }, 5000));
}

TEST_CASE("media backend: an offer with no common codec is refused and the call ends")
{
    MediaTestRuntime runtime;
    MediaRig rig({});
    REQUIRE(rig.startCaller());
    PurpleMediaCodec *offer[] = {
        purple_media_codec_new(96, "SPEEX", PURPLE_MEDIA_AUDIO, 16000),
        purple_media_codec_new(9, "G722", PURPLE_MEDIA_AUDIO, 8000),
        purple_media_codec_new(100, "opus", PURPLE_MEDIA_AUDIO, 44100), // wrong clock: not Opus as RFC 7587 has it
    };
    CHECK_FALSE(rig.deliverOffer(offer, 3));
    for (PurpleMediaCodec *c : offer)
        g_object_unref(c);
    QString detail;
    CHECK(protocols::mediaFailure(rig.b.media, &detail) == protocols::MediaFailure::NoCommonCodec);
    CHECK(detail.contains(QStringLiteral("SPEEX/16000")));
    CHECK(anyErrorContains(rig.b, "no common codec"));
    CHECK_FALSE(purple_media_codecs_ready(rig.b.media, MediaRig::kSession));
    CHECK(rig.codecsOf(rig.b).empty());
    CHECK(waitFor([&] { return rig.b.ended; }, 5000));
}

TEST_CASE("media codecs: Opus wins whatever the order, any channel count up to 2, the peer's payload type")
{
    using protocols::RtpCodec;
    std::string why;
    auto c = protocols::negotiateCodecs({{96, "SPEEX", 16000, 1, {}}, {101, "opus", 48000, 0, {}}, {0, "PCMU", 8000, 1, {}}}, why);
    REQUIRE(c);
    CHECK(c->answer.name == "opus");
    CHECK(c->answer.id == 101);
    CHECK(c->answer.channels == 2);
    CHECK(c->local.payloadType == 101);
    CHECK(c->remote.payloadType == 101);
    CHECK_FALSE(c->remote.inbandFec); // the peer did not ask for FEC
    CHECK(c->answer.param("useinbandfec"));

    for (int channels : {0, 1, 2})
        CHECK(protocols::negotiateCodecs({{111, "OPUS", 48000, channels, {}}}, why));
    CHECK_FALSE(protocols::negotiateCodecs({{111, "opus", 48000, 6, {}}}, why));
    CHECK_FALSE(protocols::negotiateCodecs({{11, "opus", 48000, 2, {}}}, why)); // static PT range

    auto fec = protocols::negotiateCodecs(
        {{111, "opus", 48000, 2, {{"useinbandfec", "1"}, {"ptime", "10"}, {"maxaveragebitrate", "40000"}, {"cbr", "1"}}}},
        why);
    REQUIRE(fec);
    CHECK(fec->remote.inbandFec);
    CHECK(fec->remote.ptimeMs == 10);
    CHECK(fec->remote.maxAverageBitrate == 40000);
    CHECK(fec->remote.cbr);
    auto odd = protocols::negotiateCodecs({{111, "opus", 48000, 2, {{"ptime", "60"}, {"useinbandfec", "yes"}}}}, why);
    REQUIRE(odd);
    CHECK(odd->remote.ptimeMs == 20);
    CHECK_FALSE(odd->remote.inbandFec);

    CHECK(protocols::localCodecOffer().front().name == "opus");
    CHECK(protocols::localCodecOffer().front().id == protocols::kOpusPayloadType);
    auto g711 = protocols::negotiateCodecs({{0, "PCMU", 8000, 1, {}}}, why);
    CHECK(bool(g711) == protocols::engineSpeaksG711());
    if (!g711)
        CHECK(why.find("PCMU/8000/1") != std::string::npos);
}

TEST_CASE("media backend: a peer that vanishes mid-call without a word is noticed and the call ends")
{
    MediaTestRuntime runtime;
    MediaRig::Options options;
    options.mediaTimeoutMs = 3000;
    MediaRig rig(options);
    REQUIRE(rig.connect());
    REQUIRE(waitFor([&] { return protocols::mediaAudioFlowing(rig.a.media); }, 15000));
    // B's media goes away (a crash, a cable pulled): no session-terminate reaches A.
    purple_media_end(rig.b.media, nullptr, nullptr);
    QElapsedTimer clock;
    clock.start();
    REQUIRE(waitFor([&] { return protocols::mediaFailure(rig.a.media) != protocols::MediaFailure::None; }, 20000));
    QString detail;
    CHECK(protocols::mediaFailure(rig.a.media, &detail) == protocols::MediaFailure::ConnectionFailed);
    std::printf("peer loss noticed after %lld ms: %s\n", static_cast<long long>(clock.elapsed()),
                detail.toUtf8().constData());
    CHECK(detail.contains(QStringLiteral("lost")));
    CHECK(protocols::mediaConnectionLost(rig.a.media));
    CHECK(clock.elapsed() < 3000 + 3000);
    CHECK(waitFor([&] { return rig.a.ended; }, 5000));
}

TEST_CASE("media backend: a STUN server that never answers delays the invitation only briefly")
{
    MediaTestRuntime runtime;
    voice::UdpSocket silent; // swallows the binding requests
    std::string error;
    voice::SocketAddress where;
    voice::SocketAddress::parse("127.0.0.1", 0, where);
    REQUIRE(silent.bind(where, error));
    MediaRig::Options options;
    const quint16 port = silent.localAddress().port;
    options.configure = [port](protocols::MediaBackendConfig &config) {
        config.stunServer = QStringLiteral("127.0.0.1");
        config.stunPort = port;
    };
    MediaRig rig(options);
    QElapsedTimer clock;
    clock.start();
    REQUIRE(rig.startCaller());
    std::printf("gathering with a silent STUN server took %lld ms\n", static_cast<long long>(clock.elapsed()));
    CHECK(clock.elapsed() < 2000); // prepared after at most 500 ms; a loaded machine gets slack
    CHECK_FALSE(rig.a.newCandidates.empty()); // the host candidates are there all the same
    // And the call still connects on them.
    REQUIRE(rig.deliverOffer());
    REQUIRE(rig.acceptAndAnswer());
    REQUIRE(waitFor([&] { return rig.a.connected && rig.b.connected; }, 30000));
    rig.hangUp(rig.a);
    REQUIRE(waitFor([&] { return rig.a.ended && rig.b.ended; }, 10000));
}
