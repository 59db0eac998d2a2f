// SPDX-License-Identifier: GPL-3.0-or-later
// A UDP relay on 127.0.0.1 that impairs what it forwards, because the test kernel has no netem:
// random and bursty (Gilbert-Elliott) loss, delay with jitter, reordering, duplication and a
// rate cap, separately per direction, from a fixed seed. Runs on its own thread in real time or
// on a virtual clock driven by pump(), so whole calls replay identically.
#pragma once

#include "core/voice/udptransport.h"

#include <atomic>
#include <functional>
#include <span>
#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace crosstalk::test {

struct Impairment
{
    double lossRate = 0.0;        ///< independent (Bernoulli) loss probability
    /// Gilbert-Elliott two-state loss, used when enabled (lossRate is then ignored):
    /// P(good->bad) per packet, P(bad->good), and the loss probability in each state.
    bool gilbertElliott = false;
    double geGoodToBad = 0.0;
    double geBadToGood = 1.0;
    double geLossInGood = 0.0;
    double geLossInBad = 1.0;
    int delayMs = 0;              ///< base one-way delay
    int jitterMs = 0;             ///< each packet gets delay + uniform(-jitter, +jitter), >= 0
    double reorderRate = 0.0;     ///< packets held back by reorderExtraMs so later ones overtake
    int reorderExtraMs = 40;
    double duplicateRate = 0.0;   ///< packets sent twice (the copy with its own jitter)
    int rateKbps = 0;             ///< link rate (0 = unlimited); the queue tail-drops beyond
    int queueLimitMs = 200;       ///< ... this much queued transmission time

    /// Gilbert-Elliott parameters for a mean loss `rate` in bursts of `meanBurst` packets
    /// (all packets lost in the bad state, none in the good one).
    static Impairment bursty(double rate, double meanBurst);
};

struct RelayCounters
{
    std::uint64_t received = 0;
    std::uint64_t forwarded = 0;
    std::uint64_t lost = 0;        ///< random or Gilbert-Elliott loss
    std::uint64_t rateDropped = 0; ///< tail-dropped by the rate cap
    std::uint64_t duplicated = 0;
    std::uint64_t reordered = 0;
};

class ImpairmentRelay
{
public:
    enum class Direction { AtoB = 0, BtoA = 1 };

    explicit ImpairmentRelay(std::uint64_t seed = 1);
    ~ImpairmentRelay();

    /// Binds the two relay ports on 127.0.0.1. Endpoint A sends to portForA(), B to portForB().
    bool open(std::string &error);
    std::uint16_t portForA() const { return m_sockets[0].localAddress().port; }
    std::uint16_t portForB() const { return m_sockets[1].localAddress().port; }
    /// Where to forward to. Unset endpoints are learnt from the first datagram they send.
    void setEndpoints(const voice::SocketAddress &a, const voice::SocketAddress &b);
    void setImpairment(Direction direction, const Impairment &impairment);
    void setImpairment(const Impairment &bothWays);

    /// Virtual clock: reads what is waiting and forwards everything due at `nowUs`.
    void pump(std::int64_t nowUs);
    /// Real time: a thread pumps on steady_clock until stopRealTime().
    void startRealTime();
    void stopRealTime();

    RelayCounters counters(Direction direction) const;

    /// Sees every datagram the relay receives (before impairment), e.g. to replay or forge
    /// packets from a real stream in bad-input tests. Called with the relay's lock held.
    using Tap = std::function<void(Direction, std::span<const std::uint8_t>)>;
    void setTap(Tap tap);

private:
    struct Pending
    {
        int direction;
        std::vector<std::uint8_t> data;
    };

    void receiveFrom(int side, std::int64_t nowUs);
    void schedule(int direction, const std::uint8_t *data, std::size_t size, std::int64_t nowUs);
    bool lose(int direction);
    double uniform();
    std::int64_t nextDueUs() const;

    voice::UdpSocket m_sockets[2];
    voice::SocketAddress m_endpoints[2];
    Impairment m_impairment[2];
    RelayCounters m_counters[2];
    bool m_geBad[2] = {false, false};
    std::int64_t m_linkFreeUs[2] = {0, 0};
    std::multimap<std::int64_t, Pending> m_queue; // due time -> packet (insertion order kept)
    std::mt19937_64 m_rng;
    Tap m_tap;
    mutable std::mutex m_mutex;
    std::atomic<bool> m_quit{false};
    std::thread m_thread;
};

} // namespace crosstalk::test
