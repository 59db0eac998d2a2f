// SPDX-License-Identifier: GPL-3.0-or-later
// The jitter buffer's packet store: a fixed number of slots allocated once, ordered by
// (extended) RTP timestamp. Insert, look up and remove never allocate.
#pragma once

#include "core/voice/opuscodec.h"

#include <array>
#include <cstdint>
#include <memory>
#include <span>

namespace crosstalk::voice {

struct BufferedPacket
{
    std::int64_t timestamp = 0; ///< extended RTP timestamp (no wrap)
    int samples = 0;            ///< duration at 48 kHz
    std::int64_t arrivalUs = 0;
    /// A stand-in made from the FEC data of the packet that follows (NetEq's "secondary"
    /// payload): `data` is that next packet, to be decoded with decode_fec=1.
    bool fec = false;
    std::uint16_t size = 0;
    std::array<std::uint8_t, kMaxOpusPacket> data{};

    std::span<const std::uint8_t> payload() const { return {data.data(), size}; }
};

class PacketBuffer
{
public:
    explicit PacketBuffer(std::size_t capacity);

    enum class InsertResult { Inserted, Duplicate, TooLarge, ReplacedOldest, Skipped };
    /// When full, the oldest packet makes room (it is the one most likely to be late anyway).
    /// A real packet replaces an FEC stand-in for the same timestamp; a stand-in never displaces
    /// anything (Skipped).
    InsertResult insert(std::int64_t timestamp, int samples, std::int64_t arrivalUs,
                        std::span<const std::uint8_t> payload, bool fec = false);

    /// The packet with exactly this timestamp, or nullptr.
    const BufferedPacket *find(std::int64_t timestamp) const;
    /// The packet with the smallest timestamp, or nullptr when empty.
    const BufferedPacket *earliest() const;
    /// The end (timestamp + samples) of the latest packet; `fallback` when empty.
    std::int64_t latestEnd(std::int64_t fallback) const;
    void remove(const BufferedPacket *packet);
    /// Removes packets starting before `timestamp`; returns how many real (non-FEC) ones.
    int discardBefore(std::int64_t timestamp);
    void clear();

    std::size_t size() const { return m_count; }
    bool empty() const { return m_count == 0; }
    std::size_t capacity() const { return m_capacity; }

private:
    std::size_t m_capacity;
    std::unique_ptr<BufferedPacket[]> m_slots;
    std::unique_ptr<bool[]> m_used;
    std::size_t m_count = 0;
};

} // namespace crosstalk::voice
