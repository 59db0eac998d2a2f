// SPDX-License-Identifier: GPL-3.0-or-later
// A non-blocking IPv4 UDP socket for RTP/RTCP (and the tests' impairment relay): the engine's
// default PacketTransport (raw UDP).
#pragma once

#include "core/voice/packettransport.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace crosstalk::voice {

class UdpSocket final : public PacketTransport
{
public:
    UdpSocket() = default;
    ~UdpSocket() override;
    UdpSocket(const UdpSocket &) = delete;
    UdpSocket &operator=(const UdpSocket &) = delete;

    /// Binds to address:port (port 0 = any free port); the socket is non-blocking.
    bool bind(const SocketAddress &address, std::string &error);
    void close();
    bool isOpen() const { return m_fd >= 0; }
    SocketAddress localAddress() const { return m_local; }

    bool sendTo(std::span<const std::uint8_t> datagram, const SocketAddress &to) override;

    ReceiveStatus receive(std::span<std::uint8_t> buffer, std::size_t &size, SocketAddress &from) override;

    /// Waits up to timeoutUs for a datagram (ppoll); true when one is ready.
    bool waitReadable(std::int64_t timeoutUs) const override;
    int fd() const { return m_fd; }
    /// Datagrams the kernel dropped because the receive buffer was full (SO_RXQ_OVFL).
    std::uint32_t kernelDrops() const override { return m_kernelDrops; }

private:
    int m_fd = -1;
    std::uint32_t m_kernelDrops = 0;
    SocketAddress m_local;
};

} // namespace crosstalk::voice
