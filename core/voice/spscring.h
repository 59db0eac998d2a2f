// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <span>
#include <type_traits>

namespace crosstalk::voice {

/// Lock-free single-producer/single-consumer ring of trivially copyable items.
/// Capacity is fixed at construction (the only allocation); push and pop never
/// allocate, lock or make system calls, so the audio callback may use them.
template <typename T>
class SpscRing
{
    static_assert(std::is_trivially_copyable_v<T>);

public:
    explicit SpscRing(std::size_t capacity)
        : m_capacity(capacity + 1)
        , m_items(std::make_unique<T[]>(m_capacity))
    {
    }

    /// Producer: copies as many items as fit; returns how many were written.
    std::size_t push(std::span<const T> items)
    {
        const std::size_t head = m_head.load(std::memory_order_relaxed);
        const std::size_t tail = m_tail.load(std::memory_order_acquire);
        const std::size_t free = (tail + m_capacity - head - 1) % m_capacity;
        const std::size_t n = items.size() < free ? items.size() : free;
        for (std::size_t i = 0; i < n; ++i)
            m_items[(head + i) % m_capacity] = items[i];
        m_head.store((head + n) % m_capacity, std::memory_order_release);
        return n;
    }

    /// Consumer: copies up to out.size() items; returns how many were read.
    std::size_t pop(std::span<T> out)
    {
        const std::size_t tail = m_tail.load(std::memory_order_relaxed);
        const std::size_t head = m_head.load(std::memory_order_acquire);
        const std::size_t used = (head + m_capacity - tail) % m_capacity;
        const std::size_t n = out.size() < used ? out.size() : used;
        for (std::size_t i = 0; i < n; ++i)
            out[i] = m_items[(tail + i) % m_capacity];
        m_tail.store((tail + n) % m_capacity, std::memory_order_release);
        return n;
    }

    /// Either side: items currently stored (a snapshot).
    std::size_t size() const
    {
        const std::size_t head = m_head.load(std::memory_order_acquire);
        const std::size_t tail = m_tail.load(std::memory_order_acquire);
        return (head + m_capacity - tail) % m_capacity;
    }
    std::size_t capacity() const { return m_capacity - 1; }

private:
    const std::size_t m_capacity;
    std::unique_ptr<T[]> m_items;
    alignas(64) std::atomic<std::size_t> m_head{0}; // written by the producer
    alignas(64) std::atomic<std::size_t> m_tail{0}; // written by the consumer
};

} // namespace crosstalk::voice
