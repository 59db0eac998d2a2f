// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/calls/packetreflector.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <vector>

namespace crosstalk::calls {

namespace {

std::int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// RFC 5761: with rtcp-mux, RTCP packet types 200..204 sit where RTP has marker + payload type.
bool isRtcp(const std::uint8_t *data, std::size_t size)
{
    return size >= 2 && data[1] >= 192 && data[1] <= 223;
}

struct Held
{
    std::int64_t dueMs;
    sockaddr_in to;
    std::vector<std::uint8_t> bytes;
};

} // namespace

PacketReflector::PacketReflector(int delayMs)
    : m_delayMs(delayMs)
{
}

PacketReflector::~PacketReflector()
{
    stop();
}

bool PacketReflector::start(std::string &error)
{
    if (m_fd >= 0)
        return true;
    m_fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (m_fd < 0) {
        error = std::string("echo test: socket: ") + std::strerror(errno);
        return false;
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0
        || ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
        error = std::string("echo test: bind: ") + std::strerror(errno);
        ::close(m_fd);
        m_fd = -1;
        return false;
    }
    m_port = ntohs(addr.sin_port);
    m_quit = false;
    m_thread = std::thread([this] { run(); });
    return true;
}

void PacketReflector::stop()
{
    m_quit = true;
    if (m_thread.joinable())
        m_thread.join();
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

void PacketReflector::run()
{
    std::deque<Held> held; // in arrival order, so due times are non-decreasing
    std::vector<std::uint8_t> buffer(2048);
    while (!m_quit.load()) {
        const std::int64_t now = nowMs();
        while (!held.empty() && held.front().dueMs <= now) {
            const Held &h = held.front();
            if (::sendto(m_fd, h.bytes.data(), h.bytes.size(), 0, reinterpret_cast<const sockaddr *>(&h.to), sizeof h.to)
                > 0)
                ++m_reflected;
            held.pop_front();
        }
        // Wake for the next datagram, the next due packet, or every 20 ms to see quit.
        int timeout = 20;
        if (!held.empty())
            timeout = int(std::max<std::int64_t>(0, std::min<std::int64_t>(timeout, held.front().dueMs - now)));
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, timeout) <= 0)
            continue;
        for (;;) {
            sockaddr_in from{};
            socklen_t fromLen = sizeof from;
            const ssize_t n = ::recvfrom(m_fd, buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr *>(&from),
                                         &fromLen);
            if (n <= 0)
                break;
            if (isRtcp(buffer.data(), std::size_t(n)))
                continue;
            // A test call is one stream from this machine: nothing else is reflected.
            if (from.sin_addr.s_addr != htonl(INADDR_LOOPBACK) || held.size() > 1000)
                continue;
            held.push_back(Held{nowMs() + m_delayMs, from, {buffer.begin(), buffer.begin() + n}});
        }
    }
}

} // namespace crosstalk::calls
