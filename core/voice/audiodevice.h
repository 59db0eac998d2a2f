// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/voice/audioformat.h"

#include <cstdint>
#include <string>

namespace crosstalk::voice {

enum class DeviceState { Stopped, Running, Failed };

/// Counters a device keeps; read from any thread (a consistent-enough snapshot).
struct DeviceStats
{
    std::uint64_t capturedBlocks = 0;
    std::uint64_t playedBlocks = 0;
    std::uint64_t captureOverruns = 0;  ///< captured audio dropped: the engine did not read in time
    std::uint64_t playbackUnderruns = 0; ///< the speaker wanted audio and the ring was empty
    std::uint64_t xruns = 0;            ///< reported by the audio system itself
    std::uint64_t playbackDropped = 0;  ///< writePlayback refused: the playback ring was full
};

/// A full-duplex audio endpoint in the engine format (48 kHz mono s16, 10 ms blocks).
///
/// Threads: start()/stop() on a control thread. The block calls below are made by the
/// engine's media thread only; implementations exchange audio with their own callback or
/// clock through lock-free SPSC rings, so the audio callback never waits on the engine.
class AudioDevice
{
public:
    virtual ~AudioDevice() = default;

    /// Opens and starts the streams; false with a reason (no device, busy, vanished...).
    virtual bool start(std::string &error) = 0;
    virtual void stop() = 0;
    virtual DeviceState state() const = 0;
    /// Why the device is Failed (e.g. unplugged mid-call); empty otherwise.
    virtual std::string lastError() const = 0;

    /// Takes the next captured 10 ms block; false when none is complete yet.
    virtual bool readCapture(Block out) = 0;
    /// Queues a 10 ms block for the speaker; false (and counted) when the ring is full.
    virtual bool writePlayback(ConstBlock in) = 0;
    /// The block that was actually played while the last block returned by readCapture
    /// was being recorded (the echo canceller's reference); silence when nothing played.
    virtual void readEchoReference(Block out) = 0;

    virtual DeviceStats stats() const = 0;
};

} // namespace crosstalk::voice
