// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/portaudiodevice.h"
#include "tests/support/audio/audioquality.h"
#include "tests/support/audio/jackserver.h"
#include "tests/support/audio/testsignals.h"
#include "tests/support/waitfor.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <pthread.h>
#include <sched.h>
#include <thread>

using namespace crosstalk;
using namespace crosstalk::voice;

TEST_CASE("devices: enumeration lists the JACK server's devices with stable ids")
{
    test::JackServer jack;
    QString why;
    const bool jackStarted = jack.start(&why);
    INFO(why.toStdString());
    REQUIRE(jackStarted);
    std::string error;
    const std::vector<DeviceInfo> devices = PortAudioDevice::enumerate(error);
    INFO(error);
    std::string all;
    for (const DeviceInfo &d : devices)
        all += d.id + " (in " + std::to_string(d.maxInputChannels) + ", out " + std::to_string(d.maxOutputChannels)
               + ", " + std::to_string(int(d.defaultSampleRate)) + " Hz)\n";
    INFO(all);
    const auto jackDevice = std::find_if(devices.begin(), devices.end(), [](const DeviceInfo &d) {
        return d.hostApi == "JACK Audio Connection Kit" && d.maxInputChannels > 0 && d.maxOutputChannels > 0;
    });
    REQUIRE(jackDevice != devices.end());
    CHECK(jackDevice->id == jackDevice->hostApi + "/" + jackDevice->name);
    CHECK(jackDevice->defaultSampleRate == 48000);
    // Ids are unique, so a stored choice names one device.
    for (std::size_t i = 0; i < devices.size(); ++i)
        for (std::size_t j = i + 1; j < devices.size(); ++j)
            CHECK(devices[i].id != devices[j].id);
}

namespace {

const std::string kJack = "JACK Audio Connection Kit";

/// Runs this thread at SCHED_FIFO while alive, when permitted — as a voice engine's media thread
/// should run. Without it, on a loaded machine this test's stand-in media loop wakes late and
/// the speaker underruns, which would measure the machine, not the device.
class RealtimeScope
{
public:
    RealtimeScope()
    {
        pthread_getschedparam(pthread_self(), &m_policy, &m_param);
        sched_param fifo{};
        fifo.sched_priority = 20;
        m_raised = pthread_setschedparam(pthread_self(), SCHED_FIFO, &fifo) == 0;
    }
    ~RealtimeScope()
    {
        if (m_raised)
            pthread_setschedparam(pthread_self(), m_policy, &m_param);
    }
    bool raised() const { return m_raised; }

private:
    int m_policy = SCHED_OTHER;
    sched_param m_param{};
    bool m_raised = false;
};

// Wires PortAudio's JACK output straight back to its input, as a cable would.
void loopBack(test::JackServer &jack)
{
    QStringList outs, ins;
    REQUIRE(test::waitFor(
        [&] {
            outs = jack.ports(QStringLiteral("^PortAudio.*:out"));
            ins = jack.ports(QStringLiteral("^PortAudio.*:in"));
            return !outs.isEmpty() && !ins.isEmpty();
        },
        3000));
    QString why;
    INFO(why.toStdString());
    REQUIRE(jack.connect(outs.first(), ins.first(), &why));
}

// The engine's media loop, paced by the device: for every captured block, queue one block of
// `far` for the speaker. Runs for `ms` and returns what was captured.
std::vector<Sample> runDuplex(PortAudioDevice &device, const std::vector<Sample> &far, std::size_t &farPos, int ms,
                              std::vector<Sample> *references = nullptr)
{
    std::vector<Sample> captured;
    std::array<Sample, kBlockSamples> block{};
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < end) {
        while (device.readCapture(block)) {
            captured.insert(captured.end(), block.begin(), block.end());
            if (references) {
                device.readEchoReference(block);
                references->insert(references->end(), block.begin(), block.end());
            }
            device.writePlayback(ConstBlock(far.data() + farPos, kBlockSamples));
            farPos = (farPos + kBlockSamples) % (far.size() - kBlockSamples);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return captured;
}

} // namespace

TEST_CASE("devices: PortAudio on JACK opens a duplex stream, audio loops back, 0 xruns over 5 s")
{
    // A real-time server when the machine allows it (as a desktop JACK is): a --no-realtime
    // server misses deadlines whenever other work loads the machine, which says nothing about
    // our device.
    test::JackServer jack(48000, 480, test::JackServer::Scheduling::Realtime);
    QString why;
    const bool jackStarted = jack.start(&why);
    INFO(why.toStdString());
    REQUIRE(jackStarted);
    PortAudioDevice device({.hostApi = kJack});
    std::string error;
    const auto opening = std::chrono::steady_clock::now();
    const bool started = device.start(error);
    INFO(error);
    REQUIRE(started);
    const double openMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - opening).count();
    WARN("duplex stream opened in " << openMs << " ms at " << device.deviceSampleRate() << " Hz, reference delay "
                                    << device.referenceDelayBlocks() << " blocks; JACK "
                                    << (jack.isRealtime() ? "real-time" : "not real-time"));
    CHECK(device.isDuplex());
    CHECK(device.deviceSampleRate() == 48000);
    CHECK(device.inputId() == kJack + "/system");
    loopBack(jack);

    const std::vector<Sample> far = test::speechLikeNoise(6.0, 77);
    std::size_t farPos = 0;
    const RealtimeScope realtime;
    WARN("media loop " << (realtime.raised() ? "real-time" : "not real-time (not permitted)"));
    // Start the media loop the way an engine should: drop what piled up while we were busy
    // wiring, then keep two blocks of headroom in the playback ring: this loop is an ordinary
    // thread on a shared machine and may wake late.
    std::array<Sample, kBlockSamples> silence{};
    while (device.readCapture(silence)) {
    }
    silence.fill(0);
    device.writePlayback(silence);
    device.writePlayback(silence);
    runDuplex(device, far, farPos, 500); // settle
    // The dummy JACK server itself misses a deadline now and then when the suite runs tests
    // side by side; as in the network half's JACK call test, one clean 5 s window out of at
    // most three is required, and the windows that were not clean are reported.
    DeviceStats before;
    DeviceStats after;
    std::vector<Sample> captured;
    std::uint64_t serverXruns = 0;
    for (int window = 1; window <= 3; ++window) {
        before = device.stats();
        const std::uint64_t serverXrunsBefore = jack.xruns();
        farPos = 0;
        captured = runDuplex(device, far, farPos, 5000);
        after = device.stats();
        serverXruns = jack.xruns() - serverXrunsBefore;
        if (after.xruns == before.xruns && serverXruns == 0 && after.playbackUnderruns == before.playbackUnderruns
            && after.captureOverruns == before.captureOverruns)
            break;
        WARN("5 s window " << window << " not clean: " << after.xruns - before.xruns << " device xruns, "
                           << serverXruns << " server xruns");
    }

    CHECK(device.state() == DeviceState::Running);
    CHECK(after.capturedBlocks - before.capturedBlocks == Approx(500).margin(15)); // 10 ms blocks, real time
    // Counted over the 5 s window: wiring ports at start may legitimately report one.
    CHECK(after.xruns - before.xruns == 0);
    CHECK(serverXruns == 0);
    CHECK(after.playbackUnderruns == before.playbackUnderruns);
    CHECK(after.captureOverruns == before.captureOverruns);

    // What went out came back: found by cross-correlation, within a few blocks.
    const test::DelayEstimate d = test::estimateDelay(std::span(far).first(captured.size()), captured, 4800);
    WARN("loopback: delay " << d.delayMs() << " ms, correlation " << d.correlation);
    CHECK(d.correlation > 0.99);
    CHECK(d.delayMs() <= 50.0); // two blocks of headroom + JACK's period + the loop's period
}

TEST_CASE("devices: PortAudio echo reference is aligned with what the microphone hears")
{
    test::JackServer jack;
    QString why;
    const bool jackStarted = jack.start(&why);
    INFO(why.toStdString());
    REQUIRE(jackStarted);
    PortAudioDevice device({.hostApi = kJack});
    std::string error;
    const bool started = device.start(error);
    INFO(error);
    REQUIRE(started);
    loopBack(jack);
    const std::vector<Sample> far = test::speechLikeNoise(4.0, 78);
    std::size_t farPos = 0;
    runDuplex(device, far, farPos, 300);
    std::vector<Sample> references;
    const std::vector<Sample> captured = runDuplex(device, far, farPos, 2000, &references);
    // The echo (here the cable) may lag the reference a little, never lead it: the canceller
    // models echo as a causal filter on the reference.
    const test::DelayEstimate d = test::estimateDelay(references, captured, 9600);
    WARN("echo lags its reference by " << d.delayMs() << " ms (correlation " << d.correlation << ") with "
                                       << device.referenceDelayBlocks() << " blocks of latency compensation");
    CHECK(d.correlation > 0.99);
    CHECK(d.delayMs() >= 0.0);
    CHECK(d.delayMs() <= 30.0);
}

TEST_CASE("devices: PortAudio names a missing device clearly and lists what exists")
{
    test::JackServer jack;
    QString why;
    const bool jackStarted = jack.start(&why);
    INFO(why.toStdString());
    REQUIRE(jackStarted);
    PortAudioDevice device({.inputDevice = kJack + "/USB Headset That Is Not There"});
    std::string error;
    CHECK_FALSE(device.start(error));
    INFO(error);
    CHECK(device.state() == DeviceState::Failed);
    CHECK(error.find("\"JACK Audio Connection Kit/USB Headset That Is Not There\" not found") != std::string::npos);
    CHECK(error.find("available: \"JACK Audio Connection Kit/system\"") != std::string::npos);
    CHECK(device.lastError() == error);
    std::array<Sample, kBlockSamples> block{};
    CHECK_FALSE(device.readCapture(block));
    CHECK_FALSE(device.writePlayback(block));

    PortAudioDevice noApi({.hostApi = "No Such Host API"});
    CHECK_FALSE(noApi.start(error));
    CHECK(error.find("No Such Host API") != std::string::npos);
}

TEST_CASE("devices: PortAudio device whose JACK server dies mid-call fails quietly and nothing hangs")
{
    test::JackServer jack;
    QString why;
    const bool jackStarted = jack.start(&why);
    INFO(why.toStdString());
    REQUIRE(jackStarted);
    PortAudioDevice device({.hostApi = kJack, .stallTimeoutMs = 500});
    std::string error;
    const bool started = device.start(error);
    INFO(error);
    REQUIRE(started);
    loopBack(jack);
    const std::vector<Sample> far = test::speechLikeNoise(2.0, 79);
    std::size_t farPos = 0;
    CHECK_FALSE(runDuplex(device, far, farPos, 500).empty());

    jack.kill(); // the "sound card" is gone
    const auto killedAt = std::chrono::steady_clock::now();
    std::array<Sample, kBlockSamples> block{};
    // The engine keeps ticking: no call blocks, and the device soon says why it went quiet.
    REQUIRE(test::waitFor(
        [&] {
            while (device.readCapture(block)) {
            }
            device.writePlayback(block);
            return device.state() == DeviceState::Failed;
        },
        5000));
    const double detectMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - killedAt).count();
    WARN("failure detected " << detectMs << " ms after the server died: " << device.lastError());
    CHECK_FALSE(device.lastError().empty());
    CHECK_FALSE(device.readCapture(block));
    CHECK_FALSE(device.writePlayback(block));

    // Stopping must not hang on the dead server (PortAudio's JACK back end would wait ten
    // minutes in Pa_AbortStream; the device abandons such a stream instead).
    auto timed = [](auto &&f) {
        const auto begin = std::chrono::steady_clock::now();
        f();
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count();
    };
    std::atomic<bool> stopped{false};
    std::thread stopper([&] {
        device.stop();
        stopped = true;
    });
    const bool done = test::waitFor([&] { return stopped.load(); }, 5000);
    CHECK(done);
    if (!done) {
        stopper.detach(); // reported above; end the process rather than hang in destructors
        std::_Exit(1);
    }
    stopper.join();

    // Starting again while the server is gone fails cleanly and promptly.
    bool restarted = true;
    const double restartMs = timed([&] { restarted = device.start(error); });
    WARN("restart with the server gone: " << error << " (" << restartMs << " ms)");
    CHECK_FALSE(restarted);
    CHECK(restartMs < 3000);
    CHECK(timed([&] { device.stop(); }) < 1000);
}

TEST_CASE("devices: PortAudio on a 44.1 kHz JACK server resamples to 48 kHz both ways")
{
    test::JackServer jack(44100, 441, test::JackServer::Scheduling::Realtime); // xruns are counted
    QString why;
    const bool jackStarted = jack.start(&why);
    INFO(why.toStdString());
    REQUIRE(jackStarted);
    PortAudioDevice device({.hostApi = kJack});
    std::string error;
    const bool started = device.start(error);
    INFO(error);
    REQUIRE(started);
    CHECK(device.deviceSampleRate() == 44100);
    loopBack(jack);
    const std::vector<Sample> far = test::tone(1000, 3.0, 0.5);
    std::size_t farPos = 0;
    runDuplex(device, far, farPos, 300);
    // As in the duplex test above: the dummy server can miss a deadline while other tests run
    // beside it, so one clean 1.5 s window out of at most three is required.
    std::vector<Sample> captured;
    std::uint64_t xruns = 0;
    for (int window = 1; window <= 3; ++window) {
        const std::uint64_t xrunsBefore = device.stats().xruns;
        farPos = 0;
        captured = runDuplex(device, far, farPos, 1500);
        xruns = device.stats().xruns - xrunsBefore;
        if (xruns == 0)
            break;
        WARN("1.5 s window " << window << " not clean: " << xruns << " xruns");
    }
    REQUIRE(captured.size() > 100 * kBlockSamples);
    // Blocks still arrive at 100 per second, and a 1 kHz tone is still 1 kHz.
    CHECK(captured.size() / kBlockSamples == Approx(150).margin(10));
    CHECK(test::dominantFrequency(std::span(captured).last(48000)) == Approx(1000).margin(3));
    CHECK(xruns == 0);
}

TEST_CASE("devices: PortAudio with separate input and output streams still loops back with a usable reference")
{
    test::JackServer jack;
    QString why;
    const bool jackStarted = jack.start(&why);
    INFO(why.toStdString());
    REQUIRE(jackStarted);
    PortAudioDevice device({.hostApi = kJack, .preferDuplex = false});
    std::string error;
    const bool started = device.start(error);
    INFO(error);
    REQUIRE(started);
    CHECK_FALSE(device.isDuplex());
    loopBack(jack);
    const std::vector<Sample> far = test::speechLikeNoise(4.0, 80);
    std::size_t farPos = 0;
    std::array<Sample, kBlockSamples> block{};
    while (device.readCapture(block)) {
    }
    block.fill(0);
    device.writePlayback(block);
    device.writePlayback(block);
    runDuplex(device, far, farPos, 300);
    std::vector<Sample> references;
    const std::vector<Sample> captured = runDuplex(device, far, farPos, 2000, &references);
    const test::DelayEstimate loop = test::estimateDelay(std::span(far).first(captured.size()), captured, 9600);
    const test::DelayEstimate ref = test::estimateDelay(references, captured, 9600);
    WARN("two streams: loopback delay " << loop.delayMs() << " ms; echo lags its reference by " << ref.delayMs()
                                        << " ms (correlation " << ref.correlation << ")");
    CHECK(ref.correlation > 0.95);
    CHECK(ref.delayMs() >= 0.0);
    CHECK(ref.delayMs() <= 50.0); // two clocks: pairing by arrival is uncertain by a block or so
    CHECK(device.state() == DeviceState::Running);
}

TEST_CASE("devices: PortAudio device stopped right after its JACK server died does not hang")
{
    // Nobody polls state() in between: stop() itself must notice the dead stream.
    test::JackServer jack;
    QString why;
    const bool jackStarted = jack.start(&why);
    INFO(why.toStdString());
    REQUIRE(jackStarted);
    PortAudioDevice device({.hostApi = kJack});
    std::string error;
    const bool started = device.start(error);
    INFO(error);
    REQUIRE(started);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    jack.kill();
    std::this_thread::sleep_for(std::chrono::milliseconds(200)); // libjack notices the server is gone
    std::atomic<bool> stopped{false};
    std::thread stopper([&] {
        device.stop();
        stopped = true;
    });
    const bool done = test::waitFor([&] { return stopped.load(); }, 5000);
    CHECK(done);
    if (!done) {
        stopper.detach();
        std::_Exit(1);
    }
    stopper.join();
    CHECK_FALSE(device.lastError().empty());
}
