// SPDX-License-Identifier: GPL-3.0-or-later
// A non-blocking IPv4 UDP socket for RTP/RTCP (and the tests' impairment relay).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace crosstalk::voice {

struct SocketAddress
{
    std::uint32_t ipv4 = 0; ///< host byte order
    std::uint16_t port = 0;

    /// Parses a dotted IPv4 literal; false for names and IPv6.
    static bool parse(const std::string &address, std::uint16_t port, SocketAddress &out);
    std::string toString() const;
    bool valid() const { return port != 0; }
    friend bool operator==(const SocketAddress &, const SocketAddress &) = default;
};

class UdpSocket
{
public:
    UdpSocket() = default;
    ~UdpSocket();
    UdpSocket(const UdpSocket &) = delete;
    UdpSocket &operator=(const UdpSocket &) = delete;

    /// Binds to address:port (port 0 = any free port); the socket is non-blocking.
    bool bind(const SocketAddress &address, std::string &error);
    void close();
    bool isOpen() const { return m_fd >= 0; }
    SocketAddress localAddress() const { return m_local; }

    bool sendTo(std::span<const std::uint8_t> datagram, const SocketAddress &to);

    enum class ReceiveStatus { Datagram, WouldBlock, Truncated, Error };
    /// One datagram without blocking. A datagram larger than `buffer` is consumed and reported
    /// as Truncated (its full size in `size`), never half-parsed.
    ReceiveStatus receive(std::span<std::uint8_t> buffer, std::size_t &size, SocketAddress &from);

    /// Waits up to timeoutUs for a datagram (ppoll); true when one is ready.
    bool waitReadable(std::int64_t timeoutUs) const;
    int fd() const { return m_fd; }
    /// Datagrams the kernel dropped because the receive buffer was full (SO_RXQ_OVFL).
    std::uint32_t kernelDrops() const { return m_kernelDrops; }

private:
    int m_fd = -1;
    std::uint32_t m_kernelDrops = 0;
    SocketAddress m_local;
};

} // namespace crosstalk::voice
