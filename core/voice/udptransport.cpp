// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/udptransport.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace crosstalk::voice {

namespace {
sockaddr_in toSockaddr(const SocketAddress &a)
{
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(a.port);
    sin.sin_addr.s_addr = htonl(a.ipv4);
    return sin;
}
} // namespace

bool SocketAddress::parse(const std::string &address, std::uint16_t port, SocketAddress &out)
{
    in_addr addr{};
    if (inet_pton(AF_INET, address.c_str(), &addr) != 1)
        return false;
    out.ipv4 = ntohl(addr.s_addr);
    out.port = port;
    return true;
}

std::string SocketAddress::toString() const
{
    return std::to_string(ipv4 >> 24) + '.' + std::to_string((ipv4 >> 16) & 255) + '.'
        + std::to_string((ipv4 >> 8) & 255) + '.' + std::to_string(ipv4 & 255) + ':' + std::to_string(port);
}

UdpSocket::~UdpSocket()
{
    close();
}

bool UdpSocket::bind(const SocketAddress &address, std::string &error)
{
    close();
    m_fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        error = std::string("socket: ") + std::strerror(errno);
        return false;
    }
    // Room for a few hundred ms of bursts (and of a flood, which is then dropped by us, counted,
    // rather than silently by the kernel).
    int bufferSize = 512 * 1024;
    ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &bufferSize, sizeof bufferSize);
    // Voice is expedited forwarding (RFC 4594); harmless where DSCP is ignored.
    int tos = 0xB8;
    ::setsockopt(m_fd, IPPROTO_IP, IP_TOS, &tos, sizeof tos);
    // Have the kernel tell us how many datagrams it dropped for a full buffer (floods).
    int one = 1;
    ::setsockopt(m_fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof one);
    const sockaddr_in sin = toSockaddr(address);
    if (::bind(m_fd, reinterpret_cast<const sockaddr *>(&sin), sizeof sin) != 0) {
        error = "bind " + address.toString() + ": " + std::strerror(errno);
        close();
        return false;
    }
    sockaddr_in bound{};
    socklen_t len = sizeof bound;
    ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&bound), &len);
    m_local.ipv4 = ntohl(bound.sin_addr.s_addr);
    m_local.port = ntohs(bound.sin_port);
    return true;
}

void UdpSocket::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

bool UdpSocket::sendTo(std::span<const std::uint8_t> datagram, const SocketAddress &to)
{
    if (m_fd < 0)
        return false;
    const sockaddr_in sin = toSockaddr(to);
    const ssize_t n = ::sendto(m_fd, datagram.data(), datagram.size(), 0,
                               reinterpret_cast<const sockaddr *>(&sin), sizeof sin);
    return n == ssize_t(datagram.size());
}

UdpSocket::ReceiveStatus UdpSocket::receive(std::span<std::uint8_t> buffer, std::size_t &size, SocketAddress &from)
{
    if (m_fd < 0)
        return ReceiveStatus::Error;
    sockaddr_in sin{};
    iovec iov{buffer.data(), buffer.size()};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(std::uint32_t))];
    msghdr msg{};
    msg.msg_name = &sin;
    msg.msg_namelen = sizeof sin;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    // MSG_TRUNC makes recvmsg return the real length, so oversized datagrams are recognised.
    const ssize_t n = ::recvmsg(m_fd, &msg, MSG_TRUNC);
    if (n < 0)
        return (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? ReceiveStatus::WouldBlock
                                                                            : ReceiveStatus::Error;
    for (cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
            std::uint32_t drops = 0;
            std::memcpy(&drops, CMSG_DATA(c), sizeof drops);
            m_kernelDrops = drops;
        }
    }
    from.ipv4 = ntohl(sin.sin_addr.s_addr);
    from.port = ntohs(sin.sin_port);
    size = std::size_t(n);
    return size > buffer.size() ? ReceiveStatus::Truncated : ReceiveStatus::Datagram;
}

bool UdpSocket::waitReadable(std::int64_t timeoutUs) const
{
    if (m_fd < 0)
        return false;
    pollfd p{m_fd, POLLIN, 0};
    const timespec timeout{time_t(timeoutUs / 1'000'000), long(timeoutUs % 1'000'000) * 1000};
    return ::ppoll(&p, 1, &timeout, nullptr) > 0 && (p.revents & POLLIN);
}

} // namespace crosstalk::voice
