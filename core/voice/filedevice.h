// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/voice/audiodevice.h"
#include "core/voice/devicerings.h"

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace crosstalk::voice {

/// One reflection of a simulated acoustic path from the speaker into the microphone.
struct EchoTap
{
    std::size_t delaySamples = 0; ///< at 48 kHz
    float gain = 0.0f;
};

struct FileDeviceConfig
{
    enum class Clock {
        RealTime, ///< the device's own thread ticks every 10 ms, like a sound card
        Virtual,  ///< nothing moves until advance() is called: exact, repeatable tests
    };
    Clock clock = Clock::Virtual;
    std::string inputPath{};  ///< WAV used as the microphone (any PCM16 rate/channels); empty: silence
    std::vector<Sample> inputSamples{}; ///< used instead of inputPath when not empty (engine format)
    bool loopInput = false; ///< start over at the end instead of going silent
    std::string outputPath{}; ///< WAV written at stop() with what the speaker played; empty: none
    std::size_t ringBlocks = 8;
    /// Simulated coupling from the speaker to the microphone (added to the input), e.g. a
    /// delayed, attenuated copy plus a few reflections. Empty: no echo.
    std::vector<EchoTap> echoPath{};
    /// Played audio kept in memory for played() and outputPath; reserved at start() so
    /// the clock's thread does not allocate while it runs.
    std::size_t maxRecordSeconds = 600;
};

/// A WAV file as microphone and a WAV file as speaker, on real or virtual time. The clock
/// (thread or advance()) plays the role of a sound card's callback and talks to the media
/// thread through the same rings as the PortAudio device, so the engine cannot tell them apart.
class FileDevice final : public AudioDevice
{
public:
    explicit FileDevice(FileDeviceConfig config);
    ~FileDevice() override;

    bool start(std::string &error) override;
    void stop() override;
    DeviceState state() const override;
    std::string lastError() const override;

    bool readCapture(Block out) override;
    bool writePlayback(ConstBlock in) override;
    void readEchoReference(Block out) override;
    DeviceStats stats() const override;

    /// Virtual clock: runs `blocks` device periods of 10 ms now (one captured block in, one
    /// played block out per period). Call from one thread only; ignored on a real-time clock.
    void advance(std::size_t blocks = 1);
    /// True once every input sample has been captured (never with loopInput).
    bool inputFinished() const { return m_inputDone.load(std::memory_order_acquire); }
    /// What the speaker has played so far. After stop(), or from the advance() thread.
    std::vector<Sample> played() const;
    /// Device periods run so far.
    std::uint64_t ticks() const { return m_ticks.load(std::memory_order_acquire); }

private:
    void tick();
    void runRealTime();

    FileDeviceConfig m_config;
    DeviceRings m_rings;
    std::vector<Sample> m_input{};
    std::size_t m_inputPos = 0;
    std::vector<Sample> m_played{};
    std::vector<float> m_echoHistory; // circular: the last played samples, for echoPath
    std::size_t m_echoPos = 0;
    std::atomic<bool> m_inputDone{false};
    std::atomic<std::uint64_t> m_ticks{0};

    std::atomic<DeviceState> m_state{DeviceState::Stopped};
    mutable std::mutex m_errorMutex; // control threads only; never taken by the clock
    std::string m_error;
    std::atomic<bool> m_quit{false};
    std::thread m_thread;
};

} // namespace crosstalk::voice
