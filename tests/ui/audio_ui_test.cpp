// SPDX-License-Identifier: GPL-3.0-or-later
// The audio device picker and the test-call dialog, offscreen: devices listed by PortAudio on
// a JACK dummy server, the level bar fed by a microphone (a file device playing a tone), the
// echo test started and stopped from the dialog; screenshots in build/test-artifacts.
#include "core/calls/audiodevicechoice.h"
#include "core/calls/echotest.h"
#include "core/voice/filedevice.h"
#include "tests/support/audio/jackserver.h"
#include "tests/support/audio/testsignals.h"
#include "tests/support/tempdir.h"
#include "tests/support/waitfor.h"
#include "ui/audiodevicepicker.h"
#include "ui/testcalldialog.h"

#include <QComboBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::voice;

namespace {

const std::string kJack = "JACK Audio Connection Kit";

std::unique_ptr<AudioDevice> toneDevice()
{
    FileDeviceConfig config;
    config.clock = FileDeviceConfig::Clock::RealTime;
    config.inputSamples = test::tone(440, 1.0, 0.25);
    config.loopInput = true;
    config.maxRecordSeconds = 20;
    return std::make_unique<FileDevice>(config);
}

} // namespace

TEST_CASE("audio ui: the picker lists devices, shows the live microphone level and keeps the choice")
{
    REQUIRE(test::JackServer::available());
    test::JackServer jack;
    QString why;
    REQUIRE(jack.start(&why));
    test::TempDir dir;
    const QString settings = dir.path() + QStringLiteral("/desktop.ini");
    // Remembered from an earlier session, not plugged in now.
    QSettings(settings, QSettings::IniFormat).setValue(QStringLiteral("audio/output"), QStringLiteral("ALSA/USB Headset"));

    calls::AudioDeviceChoice::Backend backend = calls::AudioDeviceChoice::portAudioBackend(kJack);
    backend.openInput = [](const std::string &) { return toneDevice(); }; // a microphone that hears a tone
    calls::AudioDeviceChoice choice(settings, backend);
    ui::AudioDevicePicker picker(choice);
    picker.resize(420, picker.sizeHint().height());
    picker.show();

    auto *input = picker.findChild<QComboBox *>(QStringLiteral("audioInput"));
    auto *output = picker.findChild<QComboBox *>(QStringLiteral("audioOutput"));
    auto *bar = picker.findChild<QProgressBar *>(QStringLiteral("inputLevel"));
    REQUIRE(input);
    REQUIRE(output);
    REQUIRE(bar);
    REQUIRE(test::waitFor([&] { return input->count() > 1; }, 15000));
    CHECK(input->itemText(0) == QStringLiteral("System default"));
    CHECK(input->findText(QStringLiteral("(JACK Audio Connection Kit)"), Qt::MatchContains) > 0);
    // The remembered headset stays visible, marked as missing, rather than silently replaced.
    CHECK(output->currentText().contains(QStringLiteral("not connected")));
    // The tone (-12 dBFS peak) lifts the bar to about 80 %.
    REQUIRE(test::waitFor([&] { return bar->value() > 60; }, 5000));
    const QString shot = test::artifactsDir() + QStringLiteral("/audio-device-picker.png");
    REQUIRE(picker.grab().save(shot));
    WARN("screenshot: " << shot.toStdString());

    // Choosing a device saves its stable id at once.
    const int jackRow = input->findText(QStringLiteral("(JACK Audio Connection Kit)"), Qt::MatchContains);
    input->setCurrentIndex(jackRow);
    const QString id = input->itemData(jackRow).toString();
    CHECK(choice.input() == id);
    CHECK(QSettings(settings, QSettings::IniFormat).value(QStringLiteral("audio/input")).toString() == id);
    // During a call the call feeds the bar.
    picker.setOwnMeter(false);
    picker.setLevel(0.25);
    test::spin(200);
    CHECK(bar->value() == 25);
}

TEST_CASE("audio ui: the test-call dialog starts the echo test, shows its state and level, and stops it")
{
    test::TempDir dir;
    calls::AudioDeviceChoice::Backend backend;
    backend.enumerate = [](std::string &) {
        DeviceInfo mic{.id = "ALSA/Built-in Microphone", .name = "Built-in Microphone", .hostApi = "ALSA",
                       .maxInputChannels = 1};
        DeviceInfo speaker{.id = "ALSA/Speakers", .name = "Speakers", .hostApi = "ALSA", .maxOutputChannels = 2};
        return std::vector<DeviceInfo>{mic, speaker};
    };
    backend.openInput = [](const std::string &) { return toneDevice(); };
    calls::AudioDeviceChoice choice(dir.path() + QStringLiteral("/desktop.ini"), backend);
    calls::EchoTest echo([](std::string &) { return toneDevice(); });
    ui::TestCallDialog dialog(choice, echo);
    dialog.resize(460, 300);
    dialog.show();
    auto *state = dialog.findChild<QLabel *>(QStringLiteral("testCallState"));
    auto *button = dialog.findChild<QPushButton *>(QStringLiteral("testCallStartStop"));
    REQUIRE(state);
    REQUIRE(button);
    CHECK(button->text() == QStringLiteral("&Start test"));

    button->click();
    REQUIRE(test::waitFor([&] { return echo.state() == calls::EchoTest::State::Running; }, 10000));
    CHECK(state->text() == QStringLiteral("Speak — you will hear yourself 1 s later."));
    CHECK(button->text() == QStringLiteral("&Stop test"));
    CHECK_FALSE(dialog.picker()->ownMeter()); // the test owns the microphone now
    REQUIRE(test::waitFor([&] { return dialog.picker()->level() > 0.6; }, 5000));
    REQUIRE(test::waitFor([&] { return !dialog.findChild<QLabel *>(QStringLiteral("testCallDetails"))->text().isEmpty(); },
                          5000));
    const QString shot = test::artifactsDir() + QStringLiteral("/test-call-dialog.png");
    REQUIRE(dialog.grab().save(shot));
    WARN("screenshot: " << shot.toStdString());

    dialog.close(); // stops the test without waiting for the device
    REQUIRE(test::waitFor([&] { return echo.state() == calls::EchoTest::State::Idle; }, 10000));
}
