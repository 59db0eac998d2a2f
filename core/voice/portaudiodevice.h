// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/voice/audiodevice.h"
#include "core/voice/deviceinfo.h"
#include "core/voice/devicerings.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

typedef void PaStream; // NOLINT: the exact spelling PortAudio uses, so portaudio.h can follow

namespace crosstalk::voice {

class BlockAdapter;

struct PortAudioConfig
{
    /// DeviceInfo::id of the devices to use; empty means the default of `hostApi`.
    std::string inputDevice{};
    std::string outputDevice{};
    /// Host API whose defaults are used ("ALSA", "JACK Audio Connection Kit"...); empty means
    /// PortAudio's default host API.
    std::string hostApi{};
    bool capture = true;
    bool playback = true;
    /// One duplex stream when both directions share a host API (one clock, exact pairing of
    /// capture and reference). Off forces two streams, as with devices on different host APIs.
    bool preferDuplex = true;
    std::size_t ringBlocks = 8; ///< each ring holds this many 10 ms blocks
    double latencyMs = 0;       ///< suggested latency; 0 takes the device's default low latency
    /// No callback for this long while running means the device is gone (some host APIs
    /// simply stop calling back when a USB device is unplugged or the server dies).
    int stallTimeoutMs = 1000;
    /// Delay the echo reference by the latency the stream reports (minus one block of margin),
    /// so the canceller's filter spends its length on the room rather than on buffers.
    bool compensateReferenceLatency = true;
};

/// A sound card through PortAudio: one duplex stream when input and output share a host API,
/// else two streams. start()/stop() on a control thread; state(), lastError() and stats()
/// from any thread; the block calls from the media thread. The callbacks touch only the rings of DeviceRings/BlockAdapter and
/// atomics. A device that vanishes mid-call turns the state to Failed with a reason; from then
/// readCapture() returns false and writePlayback() discards, so the call goes on silently.
class PortAudioDevice final : public AudioDevice
{
public:
    explicit PortAudioDevice(PortAudioConfig config);
    ~PortAudioDevice() override;
    PortAudioDevice(const PortAudioDevice &) = delete;
    PortAudioDevice &operator=(const PortAudioDevice &) = delete;

    /// Every device of every host API (initialises PortAudio for the call). Control thread.
    static std::vector<DeviceInfo> enumerate(std::string &error);

    /// Control thread. A device (or host API) not found is looked for twice more, 300 ms apart,
    /// with PortAudio re-initialised: a busy JACK server or a USB device still settling.
    bool start(std::string &error) override;
    void stop() override;
    DeviceState state() const override;
    std::string lastError() const override;

    bool readCapture(Block out) override;
    bool writePlayback(ConstBlock in) override;
    void readEchoReference(Block out) override;
    DeviceStats stats() const override;

    // What start() chose, for logs and tests (valid while running).
    std::string inputId() const { return m_inputId; }
    std::string outputId() const { return m_outputId; }
    int deviceSampleRate() const { return m_deviceRate; }
    bool isDuplex() const { return m_duplex; }
    std::size_t referenceDelayBlocks() const { return m_referenceDelay; }
    std::uint64_t callbacks() const { return m_callbacks.load(std::memory_order_relaxed); }

    // Called from PortAudio's threads (public only for the C trampolines in the .cpp).
    void onDuplex(const Sample *in, Sample *out, unsigned long frames, unsigned long flags);
    void onInput(const Sample *in, unsigned long frames, unsigned long flags);
    void onOutput(Sample *out, unsigned long frames, unsigned long flags);
    void onFinished();

private:
    enum class Failure : int { None, StreamEnded, Stalled };
    bool openStreams(std::string &error);
    void closeStreams();
    void checkHealth() const;
    void failFromWatchdog(Failure why) const;

    PortAudioConfig m_config;
    DeviceRings m_rings;
    std::unique_ptr<BlockAdapter> m_adapter;
    PaStream *m_duplexStream = nullptr;
    PaStream *m_inputStream = nullptr;
    PaStream *m_outputStream = nullptr;
    bool m_paInitialised = false;
    bool m_abandoned = false; // a stream was left to PortAudio after its host died
    bool m_notFound = false;  // the last openStreams() failed to find a device
    bool m_duplex = false;
    int m_deviceRate = 0; // of the input stream when there is one, else of the output
    std::size_t m_referenceDelay = 0;
    std::string m_inputId;
    std::string m_outputId;

    mutable std::atomic<DeviceState> m_state{DeviceState::Stopped};
    std::atomic<bool> m_stopping{false};
    mutable std::atomic<int> m_failure{static_cast<int>(Failure::None)};
    std::atomic<std::uint64_t> m_callbacks{0};
    // Watchdog, advanced by whichever non-audio thread asks for state or audio.
    mutable std::atomic<std::uint64_t> m_watchCount{0};
    mutable std::atomic<std::int64_t> m_watchSinceNs{0};
    mutable std::mutex m_errorMutex;  // never taken by a callback
    mutable std::mutex m_streamMutex; // guards the stream pointers against state() from other threads; never taken by a callback
    std::string m_error;
};

} // namespace crosstalk::voice
