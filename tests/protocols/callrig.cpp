// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/protocols/callrig.h"

#include "core/voice/filedevice.h"
#include "core/voice/wavfile.h"
#include "tests/support/audio/audioquality.h"
#include "tests/support/audio/testsignals.h"
#include "tests/support/waitfor.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFileInfo>

namespace crosstalk::test {

using voice::kSampleRate;

CallRig::CallRig(Options options)
    : m_options(std::move(options))
    , m_server(ProsodyServer::Options{false, false})
    // Different seeds: each direction's audio is recognisably its own.
    , m_aliceInput(speechLikeNoise(30.0, 11))
    , m_bobInput(speechLikeNoise(30.0, 22))
{
    const QString dir = m_dir.path();
    m_fixture = std::make_unique<PurpleFixture>(
        ReconnectSettings{60000, 60000, 2.0, 0.1}, [this, dir](protocols::PurpleBackend::Options &o) {
            o.ringTimeoutMs = m_options.ringTimeoutMs;
            o.connectTimeoutMs = m_options.connectTimeoutMs;
            o.media.iceTimeoutMs = m_options.iceTimeoutMs;
            o.media.audioProcessing = false; // measure the call path, not the echo canceller
            o.media.audioDevice = [this, dir](std::string &) -> std::unique_ptr<voice::AudioDevice> {
                voice::FileDeviceConfig config;
                config.clock = voice::FileDeviceConfig::Clock::RealTime;
                config.inputSamples = m_aliceInput;
                config.loopInput = true;
                config.outputPath = QDir(dir).filePath(QStringLiteral("alice-%1.wav").arg(m_devices++)).toStdString();
                config.maxRecordSeconds = 120;
                return std::make_unique<voice::FileDevice>(std::move(config));
            };
        });
    QObject::connect(&calls(), &CallService::callAdded, [this](const CallInfo &c) { added << c; });
    QObject::connect(&calls(), &CallService::callChanged, [this](const CallInfo &c) { changes << c; });
    QObject::connect(&calls(), &CallService::callEnded, [this](const CallInfo &c) { ended << c; });
}

CallRig::~CallRig()
{
    m_peer.reset();
    m_fixture.reset();
}

void CallRig::start()
{
    QString error;
    REQUIRE(m_server.addUser(QStringLiteral("alice"), QStringLiteral("alicepw"), &error));
    REQUIRE(m_server.addUser(QStringLiteral("bob"), QStringLiteral("bobpw"), &error));
    REQUIRE(m_server.addUser(QStringLiteral("carol"), QStringLiteral("carolpw"), &error));
    REQUIRE(m_server.setEveryoneBuddies({QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol")}));
    REQUIRE(m_server.start(&error));
    std::string werror;
    REQUIRE(voice::writeWav(m_dir.filePath(QStringLiteral("bob-in.wav")).toStdString(), m_bobInput, werror));
    m_fixture->start();
    m_account = m_fixture->addXmppAccount(aliceJid(), QStringLiteral("alicepw"), m_server.port(), false);
    REQUIRE(m_fixture->waitForState(m_account, ConnectionState::Connected, 20000));
    if (m_options.startPeer)
        startPeer();
}

void CallRig::startPeer()
{
    m_peer.reset();
    CallPeerProcess::Options o;
    o.kind = m_options.peer;
    o.jid = QStringLiteral("bob@localhost");
    o.password = QStringLiteral("bobpw");
    o.port = m_server.port();
    o.dir = m_dir.filePath(QStringLiteral("bob"));
    QDir().mkpath(o.dir);
    o.inputWav = m_dir.filePath(QStringLiteral("bob-in.wav"));
    o.outputWav = m_dir.filePath(QStringLiteral("bob-out.wav"));
    o.ringTimeoutMs = m_options.peerRingTimeoutMs;
    o.extraArguments = m_options.peerArguments;
    m_peer = std::make_unique<CallPeerProcess>(o);
    QString error;
    if (!m_peer->start(&error))
        FAIL(error.toStdString());
    // Caps come from disco after bob's presence: wait until alice's prpl knows he takes calls.
    const bool callable = waitFor([&] { return calls().capability(bob()).audio; }, 20000);
    if (!callable)
        FAIL("bob never became callable: " << calls().capability(bob()).whyNot.toStdString());
}

void CallRig::peerCallsAlice()
{
    const bool callable = waitFor([&] {
        m_peer->send(QStringLiteral("caps alice@localhost"));
        const QString line = m_peer->waitForLine(QStringLiteral("caps alice@localhost"), 5000);
        if (line.endsWith(QStringLiteral(" yes")))
            return true;
        spin(200);
        return false;
    }, 20000);
    if (!callable)
        FAIL("bob's client never saw alice as callable");
    m_peer->send(QStringLiteral("call alice@localhost"));
}

CallInfo CallRig::info(CallKey key) const
{
    for (auto it = ended.crbegin(); it != ended.crend(); ++it) {
        if (it->key == key)
            return *it;
    }
    for (auto it = changes.crbegin(); it != changes.crend(); ++it) {
        if (it->key == key)
            return *it;
    }
    for (const CallInfo &c : added) {
        if (c.key == key)
            return c;
    }
    return {};
}

bool CallRig::waitForState(CallKey key, CallState state, int timeoutMs)
{
    return waitFor([&] { return info(key).state == state || info(key).state == CallState::Ended; }, timeoutMs)
           && info(key).state == state;
}

bool CallRig::waitForEnd(CallKey key, int timeoutMs)
{
    return waitFor([&] { return endedCount(key) > 0; }, timeoutMs);
}

CallKey CallRig::waitForIncoming(int timeoutMs)
{
    CallKey key = 0;
    waitFor([&] {
        for (const CallInfo &c : added) {
            if (c.direction == CallDirection::Incoming && endedCount(c.key) == 0)
                key = c.key;
        }
        return key != 0;
    }, timeoutMs);
    return key;
}

int CallRig::endedCount(CallKey key) const
{
    int n = 0;
    for (const CallInfo &c : ended)
        n += c.key == key ? 1 : 0;
    return n;
}

namespace {

std::vector<voice::Sample> readWhenWritten(const QString &path, int timeoutMs)
{
    // The device writes its WAV when the media is torn down, just after the call ended.
    waitFor([&] { return QFileInfo(path).size() > 44; }, timeoutMs);
    spin(200); // let a writer finish
    std::string error;
    auto samples = voice::readWavAsEngineFormat(path.toStdString(), error);
    return samples ? *samples : std::vector<voice::Sample>{};
}

} // namespace

std::vector<voice::Sample> CallRig::alicePlayed(int index, int timeoutMs) const
{
    return readWhenWritten(m_dir.filePath(QStringLiteral("alice-%1.wav").arg(index)), timeoutMs);
}

std::vector<voice::Sample> CallRig::bobHeard(int timeoutMs) const
{
    return readWhenWritten(m_dir.filePath(QStringLiteral("bob-out.wav")), timeoutMs);
}

HeardCheck checkHeard(const std::vector<voice::Sample> &heard, const std::vector<voice::Sample> &source)
{
    HeardCheck result;
    const std::size_t window = 3 * kSampleRate / 2;
    if (source.size() < window)
        return result;
    // The source loops: twice over covers any offset into it.
    std::vector<voice::Sample> twice(source);
    twice.insert(twice.end(), source.begin(), source.end());
    // Three stretches near the end (the very end may be the teardown); the best one counts, so a
    // late packet concealed on a busy machine does not decide the verdict.
    for (const std::size_t tailMs : {400u, 1000u, 1600u}) {
        const std::size_t tail = tailMs * kSampleRate / 1000;
        if (heard.size() < window + tail)
            continue;
        const std::vector<voice::Sample> stretch(heard.end() - std::ptrdiff_t(window + tail),
                                                 heard.end() - std::ptrdiff_t(tail));
        const DelayEstimate d = estimateDelay(stretch, twice, twice.size() - window);
        if (d.correlation > result.correlation) {
            result.correlation = d.correlation;
            result.snrDb = segmentalSnrDb(stretch, twice, d.delaySamples);
        }
    }
    result.found = result.correlation > 0.5;
    return result;
}

int openFileDescriptors()
{
    return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot).size());
}

int threadCount()
{
    return int(QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
}

} // namespace crosstalk::test
