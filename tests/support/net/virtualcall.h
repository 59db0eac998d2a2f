// SPDX-License-Identifier: GPL-3.0-or-later
// Two CallSessions in one process, each with a virtual-clock FileDevice, talking over loopback
// UDP through the ImpairmentRelay, all stepped by one loop in 1 ms steps: a whole call runs
// deterministically and much faster than real time.
#pragma once

#include "core/voice/audioprocessor.h"
#include "core/voice/callsession.h"
#include "core/voice/filedevice.h"
#include "tests/support/net/impairmentrelay.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace crosstalk::test {

struct VirtualCallSetup
{
    std::vector<voice::Sample> inputA; ///< A's microphone (B hears it)
    std::vector<voice::Sample> inputB;
    Impairment aToB;
    Impairment bToA;
    std::uint64_t seed = 1;
    int ptimeMs = 20;
    voice::AudioCodec codec = voice::AudioCodec::Opus; ///< both directions
    bool fec = true;           ///< ask the peer for in-band FEC
    bool cbr = false;
    bool srtp = false;
    bool fecRecovery = true;   ///< receivers use FEC (off = concealment only)
    bool relay = true;         ///< false: the sessions talk directly
    int phaseUs = 3000;        ///< B's device clock runs this much after A's (whole ms: 0..9000)
    bool dsp = false;          ///< run the capture AudioProcessor (AEC, NS, AGC) in both sessions
    int minJitterDelayMs = 20; ///< jitter buffer floor in both sessions
};

class VirtualCall
{
public:
    explicit VirtualCall(VirtualCallSetup setup);
    ~VirtualCall();

    bool start(std::string &error);
    /// Runs until the virtual clock reaches `seconds`; `onStep` (if set) runs every 1 ms step
    /// before the sessions, e.g. to inject hostile datagrams.
    void runUntil(double seconds, const std::function<void(std::int64_t nowUs)> &onStep = {});
    void stop();

    voice::CallSession &a() { return *m_a; }
    voice::CallSession &b() { return *m_b; }
    voice::FileDevice &deviceA() { return *m_deviceA; }
    voice::FileDevice &deviceB() { return *m_deviceB; }
    ImpairmentRelay &relay() { return m_relay; }
    std::int64_t nowUs() const { return m_nowUs; }
    /// Where B receives (what a hostile sender would target).
    std::uint16_t portB() const;
    std::uint32_t ssrcA() const;

    /// What each speaker played (call stop() first, or read from the stepping thread).
    std::vector<voice::Sample> playedA() const { return m_deviceA->played(); }
    std::vector<voice::Sample> playedB() const { return m_deviceB->played(); }

private:
    VirtualCallSetup m_setup;
    std::unique_ptr<voice::FileDevice> m_deviceA;
    std::unique_ptr<voice::FileDevice> m_deviceB;
    std::unique_ptr<voice::AudioProcessor> m_processorA;
    std::unique_ptr<voice::AudioProcessor> m_processorB;
    std::unique_ptr<voice::CallSession> m_a;
    std::unique_ptr<voice::CallSession> m_b;
    ImpairmentRelay m_relay;
    std::int64_t m_nowUs = 0;
};

/// Speech for call tests: espeak-ng speech when the tools are installed (cached per process),
/// otherwise voicedSignal().
std::vector<voice::Sample> testSpeech(double seconds);

/// A deterministic voiced-speech stand-in (harmonics of a gliding pitch under a syllabic
/// envelope with pauses) for when espeak-ng is not installed.
std::vector<voice::Sample> voicedSignal(double seconds, std::uint32_t seed = 7);

} // namespace crosstalk::test
