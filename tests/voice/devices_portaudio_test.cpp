// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/portaudiodevice.h"
#include "tests/support/audio/audioquality.h"
#include "tests/support/audio/jackserver.h"
#include "tests/support/audio/testsignals.h"
#include "tests/support/waitfor.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace crosstalk;
using namespace crosstalk::voice;

TEST_CASE("devices: enumeration lists the JACK server's devices with stable ids")
{
    test::JackServer jack;
    QString why;
    REQUIRE(jack.start(&why));
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
