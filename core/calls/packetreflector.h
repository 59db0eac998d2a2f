// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

namespace crosstalk::calls {

/// The far end of the echo test: a UDP socket on 127.0.0.1 that sends every RTP packet back to
/// where it came from after a fixed delay, like Skype's echo123 but on the machine. RTCP is not
/// reflected (the engine would read its own reports as the peer's and misjudge the path).
/// Its own thread; start()/stop() on the owner's thread.
class PacketReflector
{
public:
    explicit PacketReflector(int delayMs = 1000);
    ~PacketReflector();
    PacketReflector(const PacketReflector &) = delete;
    PacketReflector &operator=(const PacketReflector &) = delete;

    /// Binds 127.0.0.1 on a free port and starts reflecting.
    bool start(std::string &error);
    void stop();
    std::uint16_t port() const { return m_port; }
    std::uint64_t reflected() const { return m_reflected.load(); }

private:
    void run();

    int m_delayMs;
    int m_fd = -1;
    std::uint16_t m_port = 0;
    std::atomic<bool> m_quit{false};
    std::atomic<std::uint64_t> m_reflected{0};
    std::thread m_thread;
};

} // namespace crosstalk::calls
