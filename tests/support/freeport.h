// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace crosstalk::test {

/// A TCP port on 127.0.0.1 that was free a moment ago (the kernel picked it).
quint16 freeTcpPort();
/// A UDP port on 127.0.0.1 that was free a moment ago.
quint16 freeUdpPort();
/// True when something accepts TCP connections on 127.0.0.1:port.
bool tcpPortAccepts(quint16 port, int timeoutMs = 200);

} // namespace crosstalk::test
