// SPDX-License-Identifier: GPL-3.0-or-later
// Audio for calls: the device choice (PortAudio on a JACK dummy server, a remembered device
// that is gone), the input level meter, and the echo test end to end with a file device on
// real time: a chirp spoken into the microphone comes out of the speaker about 1 s later.
#include "core/calls/audiodevicechoice.h"
#include "core/calls/echotest.h"
#include "core/calls/inputlevelmeter.h"
#include "core/calls/meteredaudiodevice.h"
#include "core/voice/filedevice.h"
#include "core/voice/wavfile.h"
#include "tests/support/audio/audioquality.h"
#include "tests/support/audio/jackserver.h"
#include "tests/support/audio/testsignals.h"
#include "tests/support/tempdir.h"
#include "tests/support/waitfor.h"

#include <QSettings>
#include <QSignalSpy>

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::calls;
using namespace crosstalk::voice;

namespace {

const std::string kJack = "JACK Audio Connection Kit";

std::unique_ptr<AudioDevice> fileDevice(std::vector<Sample> input, const std::string &outputPath = {})
{
    FileDeviceConfig config;
    config.clock = FileDeviceConfig::Clock::RealTime;
    config.inputSamples = std::move(input);
    config.outputPath = outputPath;
    config.maxRecordSeconds = 20;
    return std::make_unique<FileDevice>(config);
}

} // namespace

TEST_CASE("audio choice: devices listed off the UI thread, a vanished choice falls back to the default with a note")
{
    REQUIRE(test::JackServer::available()); // scripts/deps.txt installs jackd2
    test::JackServer jack;
    QString why;
    REQUIRE(jack.start(&why));
    test::TempDir dir;
    const QString settings = dir.path() + QStringLiteral("/desktop.ini");
    QSettings(settings, QSettings::IniFormat).setValue(QStringLiteral("audio/input"), QStringLiteral("ALSA/USB Headset"));

    AudioDeviceChoice choice(settings, AudioDeviceChoice::portAudioBackend(kJack));
    CHECK(choice.input() == QStringLiteral("ALSA/USB Headset"));
    QSignalSpy fallback(&choice, &AudioDeviceChoice::fallbackUsed);

    // Before the listing is in, the factory cannot know the headset is gone: starting it fails
    // as "not found" and the device falls back to the system default (JACK's here) on its own.
    std::string error;
    std::unique_ptr<AudioDevice> early = choice.factory()(error);
    REQUIRE(early);
    CHECK(early->start(error));
    INFO(error);
    CHECK(early->state() == DeviceState::Running);
    early->stop();
    REQUIRE(test::waitFor([&] { return fallback.count() >= 1; }, 5000));
    CHECK(choice.note().contains(QStringLiteral("system default")));

    // The listing arrives (it ran on a worker while the test went on).
    REQUIRE(test::waitFor([&] { return !choice.listing() && !choice.inputs().isEmpty(); }, 15000));
    const QList<DeviceInfo> inputs = choice.inputs();
    const auto jackInput
        = std::find_if(inputs.begin(), inputs.end(), [](const DeviceInfo &d) { return d.hostApi == kJack; });
    REQUIRE(jackInput != inputs.end());

    // Now it is known to be missing: the default at once, and the note names the device.
    choice.setInput(QStringLiteral("ALSA/USB Headset"));
    fallback.clear();
    std::unique_ptr<AudioDevice> known = choice.factory()(error);
    REQUIRE(known);
    REQUIRE(test::waitFor([&] { return fallback.count() >= 1; }, 5000));
    CHECK(fallback.first().first().toString().contains(QStringLiteral("USB Headset (ALSA)")));
    CHECK(fallback.first().first().toString().contains(QStringLiteral("not connected")));
    CHECK(known->start(error));
    known->stop();

    // A device that is there is used as chosen, the choice is saved by id, and nothing falls back.
    const QString id = QString::fromStdString(jackInput->id);
    choice.setInput(id);
    CHECK(QSettings(settings, QSettings::IniFormat).value(QStringLiteral("audio/input")).toString() == id);
    fallback.clear();
    std::unique_ptr<AudioDevice> chosen = choice.factory()(error);
    REQUIRE(chosen);
    CHECK(chosen->start(error));
    chosen->stop();
    test::spin(100);
    INFO("note: " << (fallback.isEmpty() ? QString() : fallback.first().first().toString()).toStdString());
    CHECK(fallback.isEmpty());
    CHECK(AudioDeviceChoice(settings, AudioDeviceChoice::portAudioBackend(kJack)).input() == id);
}

TEST_CASE("audio choice: the input level meter follows the microphone without blocking")
{
    // One second of silence, then a tone at -10 dBFS, looped.
    std::vector<Sample> input = test::silence(1.0);
    const std::vector<Sample> tone = test::tone(440, 1.0, 0.3);
    input.insert(input.end(), tone.begin(), tone.end());
    InputLevelMeter meter([&input](std::string &) { return fileDevice(input); });
    QSignalSpy levels(&meter, &InputLevelMeter::levelChanged);
    meter.start(); // returns at once: the device opens on the worker
    CHECK(meter.running());
    REQUIRE(test::waitFor([&] { return meter.level() > 0.7; }, 5000));
    CHECK(levels.count() >= 1);
    CHECK(meterLevel(ConstBlock(tone.data(), kBlockSamples)) == Approx((-10.5 + 60.0) / 60.0).margin(0.02));
    meter.stop();
    CHECK(meter.level() == 0.0);

    // A microphone that cannot be opened says why.
    InputLevelMeter broken([](std::string &error) -> std::unique_ptr<AudioDevice> {
        error = "audio input device \"ALSA/USB Headset\" not found";
        return nullptr;
    });
    QSignalSpy failed(&broken, &InputLevelMeter::failed);
    broken.start();
    REQUIRE(test::waitFor([&] { return failed.count() == 1; }, 5000));
    CHECK(failed.first().first().toString().contains(QStringLiteral("not found")));
    CHECK_FALSE(broken.running());
}

namespace {

struct EchoRun
{
    test::DelayEstimate delay;
    double snrDb = 0;
    double loudestLevel = 0;
    int stateChanges = 0;
    CallStats stats;
    bool good() const { return std::abs(delay.delayMs() - 1000.0) <= 50.0 && delay.correlation > 0.7 && snrDb > 3.0; }
};

EchoRun runEcho(const std::vector<Sample> &mic, double chirpAt)
{
    test::TempDir dir;
    const std::string speaker = QString(dir.path() + QStringLiteral("/speaker.wav")).toStdString();
    EchoTest echo([&](std::string &) { return fileDevice(mic, speaker); });
    QSignalSpy states(&echo, &EchoTest::stateChanged);
    QSignalSpy levels(&echo, &EchoTest::levelChanged);
    echo.start();
    CHECK(echo.state() == EchoTest::State::Starting);
    REQUIRE(test::waitFor([&] { return echo.state() == EchoTest::State::Running; }, 10000));
    test::spin(int((chirpAt + 1.9) * 1000));
    EchoRun run;
    run.stats = echo.stats();
    echo.stop();
    REQUIRE(test::waitFor([&] { return echo.state() == EchoTest::State::Idle; }, 10000));
    run.stateChanges = int(states.count());
    for (const QList<QVariant> &l : levels)
        run.loudestLevel = std::max(run.loudestLevel, l.first().toDouble());

    std::string error;
    const auto played = readWavAsEngineFormat(speaker, error);
    REQUIRE(played);
    const auto at = [](double seconds) { return std::ptrdiff_t(seconds * kSampleRate); };
    const std::vector<Sample> in(mic.begin() + at(chirpAt - 0.2), mic.begin() + at(chirpAt + 0.8));
    const std::ptrdiff_t outEnd = std::min<std::ptrdiff_t>(std::ptrdiff_t(played->size()), at(chirpAt + 1.6));
    REQUIRE(outEnd > at(chirpAt));
    const std::vector<Sample> out(played->begin() + at(chirpAt - 0.2), played->begin() + outEnd);
    run.delay = test::estimateDelay(in, out, std::size_t(1.3 * kSampleRate));
    run.snrDb = test::segmentalSnrDb(in, out, run.delay.delaySamples);
    WARN("echo after " << run.delay.delayMs() << " ms, correlation " << run.delay.correlation << ", segmental SNR "
                       << run.snrDb << " dB; speaker underruns " << run.stats.device.playbackUnderruns
                       << ", concealed " << run.stats.concealedFrames << ", jitter buffer " << run.stats.jitterBufferMs
                       << " ms");
    return run;
}

} // namespace

TEST_CASE("echo test: a chirp into the microphone comes out of the speaker 1 s later, through the engine")
{
    // 1.5 s quiet (the reflected stream has settled in the jitter buffer by the time the chirp
    // comes back), a 0.4 s chirp across the voice band, then quiet: one unmistakable event.
    const double chirpAt = 1.5;
    std::vector<Sample> mic = test::silence(chirpAt);
    const std::vector<Sample> chirp = test::chirp(300, 3000, 0.4, 0.3);
    mic.insert(mic.end(), chirp.begin(), chirp.end());
    mic.resize(std::size_t(6 * kSampleRate), 0);
    CHECK(EchoTest::stateText(EchoTest::State::Running).contains(QStringLiteral("1 s later")));

    // Real time on a shared 2-core machine: a media thread preempted at the wrong moment garbles
    // one run; one clean run out of at most three is what the test asks.
    EchoRun run;
    for (int attempt = 0; attempt < 3; ++attempt) {
        run = runEcho(mic, chirpAt);
        if (run.good())
            break;
    }
    CHECK(run.stateChanges >= 4); // starting, running, stopping, idle
    CHECK(run.loudestLevel > 0.6); // the microphone level rose while the chirp was spoken
    CHECK(run.stats.packetsSent > 100);
    CHECK(run.stats.packetsAccepted > 50); // its own packets, back from the reflector
    CHECK(run.delay.delayMs() == Approx(1000.0).margin(50.0));
    CHECK(run.delay.correlation > 0.7);
    CHECK(run.snrDb > 3.0);
}

TEST_CASE("echo test: no device is a clear failure, not a hang")
{
    EchoTest echo([](std::string &error) -> std::unique_ptr<AudioDevice> {
        error = "no audio device";
        return nullptr;
    });
    echo.start();
    REQUIRE(test::waitFor([&] { return echo.state() == EchoTest::State::Failed; }, 5000));
    CHECK(echo.errorText() == QStringLiteral("no audio device"));
    echo.stop(); // nothing to stop
    CHECK(echo.state() == EchoTest::State::Failed);
}
