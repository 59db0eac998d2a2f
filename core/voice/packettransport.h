// SPDX-License-Identifier: GPL-3.0-or-later
// What the media thread sends RTP/RTCP through: a plain UDP socket (UdpSocket), or a transport
// that lives elsewhere (protocols/' ICE agent) and exchanges datagrams with the media thread
// through lock-free queues. The engine stays plain C++: it only sees this interface.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace crosstalk::voice {

/// An IPv4 transport address (implemented in udptransport.cpp).
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

/// Threads: every call is made by the media thread (or the owner while no media thread runs).
class PacketTransport
{
public:
    virtual ~PacketTransport() = default;

    /// Sends one datagram. `to` is the destination for a plain socket; a connected transport
    /// (ICE: the selected pair) ignores it. False when it could not be sent (dropped).
    virtual bool sendTo(std::span<const std::uint8_t> datagram, const SocketAddress &to) = 0;

    enum class ReceiveStatus { Datagram, WouldBlock, Truncated, Error };
    /// One datagram without blocking. A datagram larger than `buffer` is consumed and reported
    /// as Truncated (its full size in `size`), never half-parsed.
    virtual ReceiveStatus receive(std::span<std::uint8_t> buffer, std::size_t &size, SocketAddress &from) = 0;

    /// Waits up to timeoutUs for a datagram; true when one is ready.
    virtual bool waitReadable(std::int64_t timeoutUs) const = 0;

    /// Datagrams lost before we could read them (kernel buffer or queue full).
    virtual std::uint32_t kernelDrops() const { return 0; }
};

} // namespace crosstalk::voice
