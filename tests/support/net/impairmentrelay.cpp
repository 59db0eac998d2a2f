// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/net/impairmentrelay.h"

#include <poll.h>

#include <algorithm>
#include <chrono>

namespace crosstalk::test {

namespace {
std::int64_t steadyMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
} // namespace

Impairment Impairment::bursty(double rate, double meanBurst)
{
    // Stationary loss of a two-state chain with certain loss in "bad": p / (p + r), r = 1/burst.
    Impairment i;
    i.gilbertElliott = true;
    i.geBadToGood = 1.0 / std::max(1.0, meanBurst);
    i.geGoodToBad = rate >= 1.0 ? 1.0 : rate * i.geBadToGood / (1.0 - rate);
    i.geLossInGood = 0.0;
    i.geLossInBad = 1.0;
    return i;
}

ImpairmentRelay::ImpairmentRelay(std::uint64_t seed)
    : m_rng(seed)
{
}

ImpairmentRelay::~ImpairmentRelay()
{
    stopRealTime();
}

bool ImpairmentRelay::open(std::string &error)
{
    voice::SocketAddress loopback;
    voice::SocketAddress::parse("127.0.0.1", 0, loopback);
    return m_sockets[0].bind(loopback, error) && m_sockets[1].bind(loopback, error);
}

void ImpairmentRelay::setEndpoints(const voice::SocketAddress &a, const voice::SocketAddress &b)
{
    std::lock_guard lock(m_mutex);
    m_endpoints[0] = a;
    m_endpoints[1] = b;
}

void ImpairmentRelay::setImpairment(Direction direction, const Impairment &impairment)
{
    std::lock_guard lock(m_mutex);
    m_impairment[int(direction)] = impairment;
}

void ImpairmentRelay::setImpairment(const Impairment &bothWays)
{
    setImpairment(Direction::AtoB, bothWays);
    setImpairment(Direction::BtoA, bothWays);
}

void ImpairmentRelay::setTap(Tap tap)
{
    std::lock_guard lock(m_mutex);
    m_tap = std::move(tap);
}

RelayCounters ImpairmentRelay::counters(Direction direction) const
{
    std::lock_guard lock(m_mutex);
    return m_counters[int(direction)];
}

double ImpairmentRelay::uniform()
{
    return double(m_rng() >> 11) * 0x1.0p-53;
}

bool ImpairmentRelay::lose(int direction)
{
    const Impairment &imp = m_impairment[direction];
    if (!imp.gilbertElliott)
        return imp.lossRate > 0 && uniform() < imp.lossRate;
    bool &bad = m_geBad[direction];
    // Transition first, then lose according to the new state.
    if (bad ? uniform() < imp.geBadToGood : uniform() < imp.geGoodToBad)
        bad = !bad;
    const double p = bad ? imp.geLossInBad : imp.geLossInGood;
    return p > 0 && uniform() < p;
}

void ImpairmentRelay::schedule(int direction, const std::uint8_t *data, std::size_t size, std::int64_t nowUs)
{
    const Impairment &imp = m_impairment[direction];
    RelayCounters &c = m_counters[direction];
    ++c.received;
    if (lose(direction)) {
        ++c.lost;
        return;
    }
    std::int64_t departUs = nowUs;
    if (imp.rateKbps > 0) {
        // A serialising link: wait for the line, then the packet's own transmission time.
        const std::int64_t start = std::max(nowUs, m_linkFreeUs[direction]);
        if (start - nowUs > std::int64_t(imp.queueLimitMs) * 1000) {
            ++c.rateDropped;
            return;
        }
        departUs = start + std::int64_t((size + 28) * 8) * 1000 / imp.rateKbps;
        m_linkFreeUs[direction] = departUs;
    }
    const int copies = imp.duplicateRate > 0 && uniform() < imp.duplicateRate ? 2 : 1;
    if (copies == 2)
        ++c.duplicated;
    for (int i = 0; i < copies; ++i) {
        std::int64_t due = departUs + std::int64_t(imp.delayMs) * 1000;
        if (imp.jitterMs > 0)
            due += std::int64_t((uniform() * 2.0 - 1.0) * imp.jitterMs * 1000.0);
        if (imp.reorderRate > 0 && uniform() < imp.reorderRate) {
            due += std::int64_t(imp.reorderExtraMs) * 1000;
            ++c.reordered;
        }
        due = std::max(due, nowUs);
        m_queue.emplace(due, Pending{direction, std::vector<std::uint8_t>(data, data + size)});
    }
}

void ImpairmentRelay::receiveFrom(int side, std::int64_t nowUs)
{
    std::uint8_t buffer[2048];
    for (int i = 0; i < 4096; ++i) {
        std::size_t size = 0;
        voice::SocketAddress from;
        const auto status = m_sockets[side].receive(buffer, size, from);
        if (status != voice::UdpSocket::ReceiveStatus::Datagram)
            break;
        if (!m_endpoints[side].valid())
            m_endpoints[side] = from; // learn the endpoint on this side
        if (!(from == m_endpoints[side]))
            continue; // only the endpoints themselves are relayed
        if (m_tap)
            m_tap(Direction(side), std::span<const std::uint8_t>(buffer, size));
        schedule(side, buffer, size, nowUs);
    }
}

void ImpairmentRelay::pump(std::int64_t nowUs)
{
    std::lock_guard lock(m_mutex);
    receiveFrom(0, nowUs);
    receiveFrom(1, nowUs);
    while (!m_queue.empty() && m_queue.begin()->first <= nowUs) {
        const Pending &p = m_queue.begin()->second;
        const int out = 1 - p.direction; // A->B leaves through the socket facing B
        if (m_endpoints[out].valid()) {
            m_sockets[out].sendTo(p.data, m_endpoints[out]);
            ++m_counters[p.direction].forwarded;
        }
        m_queue.erase(m_queue.begin());
    }
}

std::int64_t ImpairmentRelay::nextDueUs() const
{
    std::lock_guard lock(m_mutex);
    return m_queue.empty() ? -1 : m_queue.begin()->first;
}

void ImpairmentRelay::startRealTime()
{
    if (m_thread.joinable())
        return;
    m_quit.store(false);
    m_thread = std::thread([this] {
        while (!m_quit.load(std::memory_order_acquire)) {
            const std::int64_t now = steadyMicros();
            const std::int64_t due = nextDueUs();
            int timeoutMs = 5;
            if (due >= 0)
                timeoutMs = int(std::clamp<std::int64_t>((due - now + 999) / 1000, 0, 5));
            pollfd fds[2] = {{m_sockets[0].fd(), POLLIN, 0}, {m_sockets[1].fd(), POLLIN, 0}};
            ::poll(fds, 2, timeoutMs);
            pump(steadyMicros());
        }
    });
}

void ImpairmentRelay::stopRealTime()
{
    m_quit.store(true, std::memory_order_release);
    if (m_thread.joinable())
        m_thread.join();
}

} // namespace crosstalk::test
