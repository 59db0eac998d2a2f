// SPDX-License-Identifier: GPL-3.0-or-later
// The ring discipline every device shares: the device's clock (a PortAudio callback, the file
// device's thread or a test's virtual clock) is the producer of captured blocks and the
// consumer of playback blocks; the engine's media thread is the other side of both.
#pragma once

#include "core/voice/audiodevice.h"
#include "core/voice/audioformat.h"
#include "core/voice/spscring.h"

#include <array>
#include <atomic>
#include <cstddef>

namespace crosstalk::voice {

/// One captured block and the block the speaker was playing while it was recorded. They
/// travel through one ring together, so a dropped capture block can never shift the echo
/// canceller's reference against the microphone.
struct CaptureFrame
{
    std::array<Sample, kBlockSamples> capture;
    std::array<Sample, kBlockSamples> reference;
};

class DeviceRings
{
public:
    /// ringBlocks: capacity of each ring in 10 ms blocks (the most the engine may lag).
    explicit DeviceRings(std::size_t ringBlocks = 8);

    // ---- device clock side: never allocates, locks or makes a system call ----

    /// The next block for the speaker; silence (and an underrun counted) when the engine
    /// has queued nothing. Counts the block as played either way.
    void popPlayback(Block out);
    /// A captured block with the block that was played at the same time.
    void pushCapture(ConstBlock capture, ConstBlock reference);
    void countXrun() { m_xruns.fetch_add(1, std::memory_order_relaxed); }

    // ---- media thread side ----

    bool readCapture(Block out);
    bool writePlayback(ConstBlock in);
    void readEchoReference(Block out) const;
    /// Delays the reference by whole blocks before it is handed out: the known output plus
    /// input latency of a real device, so the echo canceller's filter spends its length on
    /// the room, not on buffers. Media thread only, at most kMaxReferenceDelay.
    void setReferenceDelayBlocks(std::size_t blocks);
    static constexpr std::size_t kMaxReferenceDelay = 16;

    /// Drops whatever is queued both ways (control thread, while the clock is stopped).
    void clear();

    DeviceStats stats() const;

private:
    SpscRing<CaptureFrame> m_capture;
    SpscRing<std::array<Sample, kBlockSamples>> m_playback;
    std::atomic<std::uint64_t> m_captured{0};
    std::atomic<std::uint64_t> m_played{0};
    std::atomic<std::uint64_t> m_overruns{0};
    std::atomic<std::uint64_t> m_underruns{0};
    std::atomic<std::uint64_t> m_playbackDropped{0};
    std::atomic<std::uint64_t> m_xruns{0};

    // Media thread only: the reference delay line and the current reference.
    std::array<std::array<Sample, kBlockSamples>, kMaxReferenceDelay + 1> m_referenceLine{};
    std::size_t m_referenceDelay = 0;
    std::size_t m_referenceWrite = 0;
    std::array<Sample, kBlockSamples> m_reference{};
};

} // namespace crosstalk::voice
