// SPDX-License-Identifier: GPL-3.0-or-later
// Crosstalk's media backend under libpurple's own media API: two PurpleMedia in one process,
// signalling copied across in code, real ICE (libnice) or raw UDP on this machine, real-time
// file devices; what each side played is compared with what the other side's microphone said.
#include "protocols/mediacodecs.h"
#include "tests/protocols/mediarig.h"
#include "tests/support/audio/audioquality.h"
#include "tests/support/audio/testsignals.h"
#include "tests/support/waitfor.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <cstdio>

using namespace crosstalk;
using namespace crosstalk::test;
using voice::kSampleRate;

namespace {

constexpr std::size_t kLead = kSampleRate / 2; // silence before each chirp

/// 0.5 s silence, a 3 s sweep, 1 s silence (looped by the device): one clear correlation peak.
std::vector<voice::Sample> sweepSignal(double f0, double f1)
{
    std::vector<voice::Sample> s = silence(0.5);
    const auto sweep = chirp(f0, f1, 3.0, 0.3);
    s.insert(s.end(), sweep.begin(), sweep.end());
    const auto tail = silence(1.0);
    s.insert(s.end(), tail.begin(), tail.end());
    return s;
}

struct Heard
{
    DelayEstimate delay;
    double snrDb = 0;
};

/// Where and how well `said` (the sweep only) appears in what the other side played. Measured
/// on the sweep's three seconds separately and summarised by the median, so one adaptation of
/// the playout on a loaded machine (a block of slack added, a frame stretched) in the middle of
/// the sweep does not spoil the whole figure.
Heard measure(const std::vector<voice::Sample> &said, const std::vector<voice::Sample> &played)
{
    std::vector<Heard> parts;
    for (int k = 0; k < 3; ++k) {
        const std::span<const voice::Sample> second(said.data() + kLead + std::size_t(k) * kSampleRate, kSampleRate);
        Heard h;
        // Less than one period of the looped input: the first occurrence. The devices start within
        // a few ms of each other, so lag minus the lead-in is about the mouth-to-ear delay.
        h.delay = estimateDelay(second, played, std::size_t((4.4 + k) * kSampleRate));
        h.snrDb = segmentalSnrDb(second, played, h.delay.delaySamples);
        h.delay.delaySamples -= long(k) * long(kSampleRate);
        parts.push_back(h);
    }
    std::sort(parts.begin(), parts.end(), [](const Heard &a, const Heard &b) { return a.delay.correlation < b.delay.correlation; });
    Heard median = parts[1];
    std::vector<double> snr{parts[0].snrDb, parts[1].snrDb, parts[2].snrDb};
    std::sort(snr.begin(), snr.end());
    median.snrDb = snr[1];
    return median;
}

double windowDbfs(const std::vector<voice::Sample> &played, double fromSeconds, double toSeconds)
{
    const std::size_t from = std::min(played.size(), std::size_t(fromSeconds * kSampleRate));
    const std::size_t to = std::min(played.size(), std::size_t(toSeconds * kSampleRate));
    if (to <= from)
        return -200.0;
    return powerDbfs(std::span<const voice::Sample>(played.data() + from, to - from));
}

void runCall(const std::string &transmitter)
{
    MediaTestRuntime runtime;
    MediaRig::Options options;
    options.transmitter = transmitter;
    options.inputA = sweepSignal(300, 3000);
    options.inputB = sweepSignal(2500, 400);
    MediaRig rig(options);

    REQUIRE(rig.startCaller());
    CHECK(rig.a.candidatesPrepared);
    REQUIRE_FALSE(rig.a.newCandidates.empty());
    if (transmitter == "nice") {
        // Loopback is always among the host candidates: two clients on one machine must connect.
        CHECK(std::any_of(rig.a.newCandidates.begin(), rig.a.newCandidates.end(),
                          [](const std::string &c) { return c.rfind("127.0.0.1:", 0) == 0; }));
    }
    REQUIRE(rig.deliverOffer());
    REQUIRE(rig.acceptAndAnswer());
    REQUIRE(waitFor([&] { return rig.a.connected && rig.b.connected; }, 30000));
    CHECK(rig.a.pairEstablished);
    CHECK(rig.b.pairEstablished);
    CHECK(rig.a.codecsChanged >= 1);
    CHECK(rig.b.codecsChanged >= 1);
    REQUIRE(waitFor([&] { return protocols::mediaAudioFlowing(rig.a.media) && protocols::mediaAudioFlowing(rig.b.media); },
                    15000));

    spin(9000); // two sweeps each way
    CallQuality q;
    REQUIRE(protocols::mediaCallQuality(rig.a.media, q));
    CHECK(q.codec == QStringLiteral("Opus 48 kHz"));
    CHECK(q.transport.startsWith(transmitter == "nice" ? QStringLiteral("ICE-UDP") : QStringLiteral("raw UDP")));
    CHECK(q.receiveKbps > 10.0);
    CHECK(q.sendKbps > 10.0);
    CHECK_FALSE(q.encrypted);
    CHECK(q.mos > 3.0);
    CHECK(rig.a.errors.empty());
    CHECK(rig.b.errors.empty());

    rig.hangUp(rig.a);
    REQUIRE(waitFor([&] { return rig.a.ended && rig.b.ended; }, 10000));
    spin(100);
    const Heard atB = measure(options.inputA, rig.b.device->played());
    const Heard atA = measure(options.inputB, rig.a.device->played());
    const double leadMs = 1000.0 * double(kLead) / kSampleRate;
    std::printf("%s: A->B delay %.1f ms corr %.2f SNR %.1f dB | B->A delay %.1f ms corr %.2f SNR %.1f dB | %s\n",
                transmitter.c_str(), atB.delay.delayMs() - leadMs, atB.delay.correlation, atB.snrDb,
                atA.delay.delayMs() - leadMs, atA.delay.correlation, atA.snrDb, q.transport.toUtf8().constData());
    CHECK(atB.delay.correlation > 0.6);
    CHECK(atA.delay.correlation > 0.6);
    CHECK(atB.delay.delayMs() > 0.0);
    CHECK(atA.delay.delayMs() > 0.0);
    CHECK(atB.snrDb > 8.0); // measured ~21 dB on this machine: Opus on a sweep, no loss
    CHECK(atA.snrDb > 8.0);
}

} // namespace

TEST_CASE("media backend: ICE call between two PurpleMedia carries audio both ways")
{
    runCall("nice");
}

TEST_CASE("media backend: raw UDP call carries audio both ways")
{
    runCall("rawudp");
}

TEST_CASE("media backend: Opus is chosen from a Farstream-style offer with Speex first and Opus channels 0")
{
    MediaTestRuntime runtime;
    MediaRig::Options options;
    options.inputA = sweepSignal(300, 3000);
    options.inputB = sweepSignal(2500, 400);
    MediaRig rig(options);
    REQUIRE(rig.startCaller());

    // What a Farstream peer puts in its session-initiate (with our caller's candidates).
    PurpleMediaCodec *offer[] = {
        purple_media_codec_new(96, "SPEEX", PURPLE_MEDIA_AUDIO, 16000),
        purple_media_codec_new(97, "SPEEX", PURPLE_MEDIA_AUDIO, 8000),
        purple_media_codec_new(98, "OPUS", PURPLE_MEDIA_AUDIO, 48000),
        purple_media_codec_new(8, "PCMA", PURPLE_MEDIA_AUDIO, 8000),
        purple_media_codec_new(0, "PCMU", PURPLE_MEDIA_AUDIO, 8000),
    };
    g_object_set(offer[2], "channels", 0u, nullptr);
    REQUIRE(rig.deliverOffer(offer, 5));
    for (PurpleMediaCodec *c : offer)
        g_object_unref(c);

    auto answer = rig.codecsOf(rig.b);
    REQUIRE(answer.size() == 1);
    gchar *name = purple_media_codec_get_encoding_name(answer[0]);
    CHECK(std::string(name) == "opus");
    CHECK(purple_media_codec_get_id(answer[0]) == 98); // the offerer's payload type, both ways
    CHECK(purple_media_codec_get_clock_rate(answer[0]) == 48000);
    PurpleKeyValuePair *fec = purple_media_codec_get_optional_parameter(answer[0], "useinbandfec", nullptr);
    REQUIRE(fec);
    CHECK(std::string(static_cast<const char *>(fec->value)) == "1");
    g_free(name);
    for (PurpleMediaCodec *c : answer)
        g_object_unref(c);

    // The rest of the call runs on payload type 98.
    REQUIRE(rig.acceptAndAnswer());
    REQUIRE(waitFor([&] { return rig.a.connected && rig.b.connected; }, 30000));
    REQUIRE(waitFor([&] { return protocols::mediaAudioFlowing(rig.a.media) && protocols::mediaAudioFlowing(rig.b.media); },
                    15000));
    rig.hangUp(rig.b);
    REQUIRE(waitFor([&] { return rig.a.ended && rig.b.ended; }, 10000));
}

TEST_CASE("media backend: mute sends silence, hold stops media both ways, both resume")
{
    MediaTestRuntime runtime;
    MediaRig::Options options;
    // Continuous sound (a sweep up and down, looped) so every window should be loud unless muted.
    options.inputA = chirp(300, 3000, 2.0, 0.3);
    const auto down = chirp(3000, 300, 2.0, 0.3);
    options.inputA.insert(options.inputA.end(), down.begin(), down.end());
    options.inputB = options.inputA;
    options.mediaTimeoutMs = 2000; // shorter than the hold: a held peer's RTCP keeps the path alive
    MediaRig rig(options);
    REQUIRE(rig.connect());
    REQUIRE(waitFor([&] { return protocols::mediaAudioFlowing(rig.b.media); }, 15000));

    auto seconds = [](const std::shared_ptr<voice::FileDevice> &d) { return double(d->ticks()) / 100.0; };
    spin(2000);
    const double talk = seconds(rig.b.device);
    purple_media_stream_info(rig.a.media, PURPLE_MEDIA_INFO_MUTE, nullptr, nullptr, TRUE);
    spin(2500);
    const double muted = seconds(rig.b.device);
    purple_media_stream_info(rig.a.media, PURPLE_MEDIA_INFO_UNMUTE, nullptr, nullptr, TRUE);
    spin(2500);
    const double unmuted = seconds(rig.b.device);
    const double unmutedA = seconds(rig.a.device);
    purple_media_stream_info(rig.a.media, PURPLE_MEDIA_INFO_HOLD, MediaRig::kSession, "bob", TRUE);
    spin(3000);
    const double held = seconds(rig.b.device);
    const double heldA = seconds(rig.a.device);
    purple_media_stream_info(rig.a.media, PURPLE_MEDIA_INFO_UNHOLD, MediaRig::kSession, "bob", TRUE);
    spin(3000);
    const double resumed = seconds(rig.b.device);
    CHECK(rig.a.errors.empty());
    CHECK(rig.b.errors.empty());

    rig.hangUp(rig.a);
    REQUIRE(waitFor([&] { return rig.a.ended && rig.b.ended; }, 10000));
    spin(100);
    const auto atB = rig.b.device->played();
    const auto atA = rig.a.device->played();
    const double beforeMute = windowDbfs(atB, talk - 1.0, talk);
    const double duringMute = windowDbfs(atB, talk + 0.6, muted);
    const double afterMute = windowDbfs(atB, muted + 0.8, unmuted);
    const double duringHold = windowDbfs(atB, unmuted + 1.5, held);
    const double holderHears = windowDbfs(atA, unmutedA + 0.5, heldA);
    const double afterHold = windowDbfs(atB, held + 1.0, resumed);
    std::printf("B hears: talking %.1f dBFS, muted %.1f, unmuted %.1f, held %.1f, resumed %.1f | A during hold %.1f\n",
                beforeMute, duringMute, afterMute, duringHold, afterHold, holderHears);
    CHECK(beforeMute > -30.0);
    CHECK(duringMute < -55.0);
    CHECK(afterMute > -30.0);
    CHECK(duringHold < -55.0);
    CHECK(holderHears < -55.0);
    CHECK(afterHold > -30.0);
}

TEST_CASE("media backend: a callee left ringing longer than the ICE timeout still connects when answered")
{
    MediaTestRuntime runtime;
    MediaRig::Options options;
    options.iceTimeoutMs = 2000;
    options.inputA = sweepSignal(300, 3000);
    options.inputB = sweepSignal(2500, 400);
    MediaRig rig(options);
    REQUIRE(rig.startCaller());
    REQUIRE(rig.deliverOffer());
    spin(4000); // ringing
    CHECK(rig.a.errors.empty());
    CHECK(rig.b.errors.empty());
    CHECK(protocols::mediaFailure(rig.b.media) == protocols::MediaFailure::None);

    QElapsedTimer answered;
    answered.start();
    REQUIRE(rig.acceptAndAnswer());
    REQUIRE(waitFor([&] { return rig.a.connected && rig.b.connected; }, 30000));
    const qint64 connectedMs = answered.elapsed();
    REQUIRE(waitFor([&] { return protocols::mediaAudioFlowing(rig.a.media); }, 15000));
    const qint64 firstFrameMs = answered.elapsed();
    // Figures only (the goal, 150 ms answer -> first played frame, is a benchmark's business).
    std::printf("answer -> media connected %lld ms, -> caller plays the callee's first frame %lld ms\n",
                static_cast<long long>(connectedMs), static_cast<long long>(firstFrameMs));
    rig.hangUp(rig.b);
    REQUIRE(waitFor([&] { return rig.a.ended && rig.b.ended; }, 10000));
}

namespace {
int entriesIn(const char *dir)
{
    return int(QDir(QString::fromLatin1(dir)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System).size());
}

long residentKb()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLong() * 4 : 0;
}

int callsInARow()
{
    return qEnvironmentVariableIntValue("CROSSTALK_CALLS_IN_A_ROW") > 0 ? qEnvironmentVariableIntValue("CROSSTALK_CALLS_IN_A_ROW") : 10;
}

void oneShortCall(const std::vector<voice::Sample> &a, const std::vector<voice::Sample> &b)
{
    MediaRig::Options options;
    options.inputA = a;
    options.inputB = b;
    MediaRig rig(options);
    REQUIRE(rig.connect());
    REQUIRE(waitFor([&] { return protocols::mediaAudioFlowing(rig.a.media) && protocols::mediaAudioFlowing(rig.b.media); },
                    15000));
    rig.hangUp(rig.a);
    REQUIRE(waitFor([&] { return rig.a.ended && rig.b.ended; }, 10000));
}
} // namespace

TEST_CASE("media backend: ten ICE calls in a row leave no file descriptors, threads or memory behind")
{
    MediaTestRuntime runtime;
    const auto a = sweepSignal(300, 3000);
    const auto b = sweepSignal(2500, 400);
    oneShortCall(a, b); // GLib and libnice set up their lazy singletons once
    spin(300);
    const int fds = entriesIn("/proc/self/fd");
    const int threads = entriesIn("/proc/self/task");
    const long rss = residentKb();
    for (int i = 0; i < callsInARow(); ++i)
        oneShortCall(a, b);
    spin(300);
    std::printf("after %d calls: fds %d -> %d, threads %d -> %d, RSS %ld -> %ld kB\n", callsInARow(), fds, entriesIn("/proc/self/fd"),
                threads, entriesIn("/proc/self/task"), rss, residentKb());
    CHECK(entriesIn("/proc/self/fd") == fds);
    CHECK(entriesIn("/proc/self/task") == threads);
    CHECK(residentKb() - rss < 16 * 1024);
}

TEST_CASE("media backend: a peer that offers only G.711 gets PCMU, and audio flows")
{
    if (!protocols::engineSpeaksG711())
        FAIL("this engine build does not encode G.711");
    MediaTestRuntime runtime;
    MediaRig::Options options;
    options.inputA = sweepSignal(300, 3000);
    options.inputB = sweepSignal(2500, 400);
    MediaRig rig(options);
    REQUIRE(rig.startCaller());
    PurpleMediaCodec *offer[] = {
        purple_media_codec_new(96, "SPEEX", PURPLE_MEDIA_AUDIO, 16000),
        purple_media_codec_new(0, "PCMU", PURPLE_MEDIA_AUDIO, 8000),
        purple_media_codec_new(8, "PCMA", PURPLE_MEDIA_AUDIO, 8000),
    };
    REQUIRE(rig.deliverOffer(offer, 3));
    for (PurpleMediaCodec *c : offer)
        g_object_unref(c);
    auto answer = rig.codecsOf(rig.b);
    REQUIRE(answer.size() == 1);
    CHECK(purple_media_codec_get_id(answer[0]) == 0);
    CHECK(purple_media_codec_get_clock_rate(answer[0]) == 8000);
    for (PurpleMediaCodec *c : answer)
        g_object_unref(c);
    REQUIRE(rig.acceptAndAnswer());
    REQUIRE(waitFor([&] { return rig.a.connected && rig.b.connected; }, 30000));
    REQUIRE(waitFor([&] { return protocols::mediaAudioFlowing(rig.a.media) && protocols::mediaAudioFlowing(rig.b.media); },
                    15000));
    CallQuality q;
    CHECK(waitFor([&] { return protocols::mediaCallQuality(rig.b.media, q) && q.receiveKbps > 50.0; }, 5000));
    CHECK(q.codec == QStringLiteral("PCMU 8 kHz"));
    CHECK(q.inputLevel > 0.05f); // B's microphone plays a sweep
    spin(5000);
    rig.hangUp(rig.a);
    REQUIRE(waitFor([&] { return rig.a.ended && rig.b.ended; }, 10000));
    const Heard atB = measure(options.inputA, rig.b.device->played());
    std::printf("PCMU: A->B corr %.2f SNR %.1f dB, %.0f kb/s\n", atB.delay.correlation, atB.snrDb, q.receiveKbps);
    CHECK(atB.delay.correlation > 0.6);
}

TEST_CASE("media backend: SRTP keys handed in through libpurple encrypt the media, a wrong key is refused by the receiver")
{
    MediaTestRuntime runtime;
    MediaRig::Options options;
    options.inputA = sweepSignal(300, 3000);
    options.inputB = sweepSignal(2500, 400);
    MediaRig rig(options);
    REQUIRE(rig.startCaller());
    REQUIRE(rig.deliverOffer());

    char keyA[30], keyB[30], wrong[30];
    for (int i = 0; i < 30; ++i) {
        keyA[i] = char(i * 7 + 1);
        keyB[i] = char(i * 13 + 5);
        wrong[i] = char(i * 13 + 6);
    }
    const char *sid = MediaRig::kSession;
    CHECK_FALSE(purple_media_set_encryption_parameters(rig.a.media, sid, "aes-256-icm", "hmac-sha1-80", keyA, 30));
    CHECK_FALSE(purple_media_set_encryption_parameters(rig.a.media, sid, "aes-128-icm", "hmac-sha1-80", keyA, 16));
    REQUIRE(purple_media_set_encryption_parameters(rig.a.media, sid, "aes-128-icm", "hmac-sha1-80", keyA, 30));
    REQUIRE(purple_media_set_decryption_parameters(rig.b.media, sid, "alice", "aes-128-icm", "hmac-sha1-80", keyA, 30));
    REQUIRE(purple_media_set_encryption_parameters(rig.b.media, sid, "aes-128-icm", "hmac-sha1-80", keyB, 30));
    // A believes B's key is another one: everything B sends fails A's authentication.
    REQUIRE(purple_media_set_decryption_parameters(rig.a.media, sid, "bob", "aes-128-icm", "hmac-sha1-80", wrong, 30));
    CHECK_FALSE(purple_media_set_require_encryption(rig.a.media, sid, "bob", TRUE)); // no DTLS: no promise

    REQUIRE(rig.acceptAndAnswer());
    REQUIRE(waitFor([&] { return rig.a.connected && rig.b.connected; }, 30000));
    REQUIRE(waitFor([&] { return protocols::mediaAudioFlowing(rig.b.media); }, 15000));
    CallQuality qa, qb;
    CHECK(waitFor([&] { return protocols::mediaCallQuality(rig.b.media, qb) && qb.receiveKbps > 10.0; }, 5000));
    CHECK(qb.encrypted);
    spin(2000);
    REQUIRE(protocols::mediaCallQuality(rig.a.media, qa));
    CHECK(qa.encrypted);
    CHECK(qa.receiveKbps > 10.0); // the packets arrive...
    CHECK_FALSE(protocols::mediaAudioFlowing(rig.a.media)); // ...and none authenticates
    rig.hangUp(rig.a);
    REQUIRE(waitFor([&] { return rig.a.ended && rig.b.ended; }, 10000));
}
