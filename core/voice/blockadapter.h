// SPDX-License-Identifier: GPL-3.0-or-later
// The real-time half of a sound-card device: turns whatever buffer sizes and sample rate the
// audio system calls back with into 48 kHz 10 ms blocks in DeviceRings, and pairs every
// captured block with the block played at the same time. Everything is allocated at
// construction; render() and capture() never allocate, lock or make a system call.
#pragma once

#include "core/voice/audioformat.h"
#include "core/voice/devicerings.h"
#include "core/voice/resampler.h"
#include "core/voice/spscring.h"

#include <array>
#include <atomic>
#include <cstddef>
#include <memory>
#include <span>

namespace crosstalk::voice {

class BlockAdapter
{
public:
    /// The rates the streams really run at; a resampler is made for each that is not 48 kHz.
    /// duplex: render() and capture() are called by one callback (render first), so captured
    /// blocks pair with played blocks in order. Otherwise they come from two callbacks on two
    /// clocks, and a captured block pairs with the newest played block.
    BlockAdapter(DeviceRings &rings, int inputRate, int outputRate, bool duplex = true);
    ~BlockAdapter();

    /// Output callback: fills `out` (device rate) from the playback ring.
    void render(std::span<Sample> out);
    /// Input callback: consumes `in` (device rate), pushes complete blocks to the capture ring.
    void capture(std::span<const Sample> in);

    /// Played blocks cross from render() to capture() through an SPSC ring (two threads with
    /// two streams). In duplex order they pair one to one, the backlog capped here in case a
    /// host calls back with odd sizes; with two streams only the newest played block is kept,
    /// because an older one could lag the echo it should predict (a non-causal reference the
    /// canceller cannot use), while a newer one merely leads it by the device latency.
    static constexpr std::size_t kMaxPlayedBacklog = 6;

    /// Blocks captured with no played block to pair (silence used as the reference).
    std::uint64_t referenceMissing() const { return m_referenceMissing.load(std::memory_order_relaxed); }

private:
    using BlockArray = std::array<Sample, kBlockSamples>;

    DeviceRings &m_rings;
    const bool m_duplex;
    std::unique_ptr<Resampler> m_toDevice;   // null at 48 kHz
    std::unique_ptr<Resampler> m_fromDevice; // null at 48 kHz

    // Output side: one block converted to the device rate, handed out over one or more callbacks.
    static constexpr std::size_t kFifoCapacity = 4096; // ≥ one 10 ms block at 384 kHz
    std::array<Sample, kFifoCapacity> m_outFifo{};
    std::size_t m_outFifoPos = 0;
    std::size_t m_outFifoLen = 0;

    // Input side: 48 kHz samples collected towards the next block.
    BlockArray m_inBlock{};
    std::size_t m_inFill = 0;

    SpscRing<BlockArray> m_playedRing{kMaxPlayedBacklog * 2};
    std::atomic<std::uint64_t> m_referenceMissing{0};
};

} // namespace crosstalk::voice
