// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/packetbuffer.h"

#include <cstring>

namespace crosstalk::voice {

// A linear scan over a few dozen slots is cheaper than keeping a tree ordered, and it never
// allocates; 50 packets a second make the cost invisible.
PacketBuffer::PacketBuffer(std::size_t capacity)
    : m_capacity(capacity)
    , m_slots(std::make_unique<BufferedPacket[]>(capacity))
    , m_used(std::make_unique<bool[]>(capacity))
{
    clear();
}

PacketBuffer::InsertResult PacketBuffer::insert(std::int64_t timestamp, int samples, std::int64_t arrivalUs,
                                                std::span<const std::uint8_t> payload, bool fec)
{
    if (payload.size() > kMaxOpusPacket)
        return InsertResult::TooLarge;
    InsertResult result = InsertResult::Inserted;
    std::size_t slot = m_capacity;
    if (const BufferedPacket *existing = find(timestamp)) {
        if (fec)
            return InsertResult::Skipped;
        if (!existing->fec)
            return InsertResult::Duplicate;
        slot = std::size_t(existing - m_slots.get()); // the real packet replaces its stand-in
        m_used[slot] = false;
        --m_count;
    }
    for (std::size_t i = 0; i < m_capacity && slot == m_capacity; ++i) {
        if (!m_used[i])
            slot = i;
    }
    if (slot == m_capacity) {
        if (fec)
            return InsertResult::Skipped;
        const BufferedPacket *oldest = earliest();
        slot = std::size_t(oldest - m_slots.get());
        m_used[slot] = false;
        --m_count;
        result = InsertResult::ReplacedOldest;
    }
    BufferedPacket &p = m_slots[slot];
    p.timestamp = timestamp;
    p.samples = samples;
    p.arrivalUs = arrivalUs;
    p.fec = fec;
    p.size = std::uint16_t(payload.size());
    std::memcpy(p.data.data(), payload.data(), payload.size());
    m_used[slot] = true;
    ++m_count;
    return result;
}

const BufferedPacket *PacketBuffer::find(std::int64_t timestamp) const
{
    for (std::size_t i = 0; i < m_capacity; ++i) {
        if (m_used[i] && m_slots[i].timestamp == timestamp)
            return &m_slots[i];
    }
    return nullptr;
}

const BufferedPacket *PacketBuffer::earliest() const
{
    const BufferedPacket *best = nullptr;
    for (std::size_t i = 0; i < m_capacity; ++i) {
        if (m_used[i] && (!best || m_slots[i].timestamp < best->timestamp))
            best = &m_slots[i];
    }
    return best;
}

std::int64_t PacketBuffer::latestEnd(std::int64_t fallback) const
{
    std::int64_t end = fallback;
    bool any = false;
    for (std::size_t i = 0; i < m_capacity; ++i) {
        if (!m_used[i])
            continue;
        const std::int64_t e = m_slots[i].timestamp + m_slots[i].samples;
        if (!any || e > end)
            end = e;
        any = true;
    }
    return end;
}

void PacketBuffer::remove(const BufferedPacket *packet)
{
    const std::size_t slot = std::size_t(packet - m_slots.get());
    if (slot < m_capacity && m_used[slot]) {
        m_used[slot] = false;
        --m_count;
    }
}

int PacketBuffer::discardBefore(std::int64_t timestamp)
{
    int n = 0;
    for (std::size_t i = 0; i < m_capacity; ++i) {
        if (m_used[i] && m_slots[i].timestamp < timestamp) {
            m_used[i] = false;
            --m_count;
            n += m_slots[i].fec ? 0 : 1;
        }
    }
    return n;
}

void PacketBuffer::clear()
{
    for (std::size_t i = 0; i < m_capacity; ++i)
        m_used[i] = false;
    m_count = 0;
}

} // namespace crosstalk::voice
