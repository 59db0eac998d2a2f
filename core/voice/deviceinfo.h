// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace crosstalk::voice {

/// One audio device as the user chooses it. `id` is the stable name to store in settings:
/// "<host API>/<device name>" (plus " #2", " #3"... when a host API lists the same name twice).
/// It does not contain PortAudio's device index, which changes when devices come and go.
struct DeviceInfo
{
    std::string id;
    std::string name;    ///< the device's own name, for display
    std::string hostApi; ///< e.g. "ALSA", "JACK Audio Connection Kit"
    int maxInputChannels = 0;
    int maxOutputChannels = 0;
    double defaultSampleRate = 0;
    bool isDefaultInput = false;  ///< the default input of its host API
    bool isDefaultOutput = false; ///< the default output of its host API
    bool hostApiIsDefault = false; ///< its host API is PortAudio's default one
};

} // namespace crosstalk::voice
