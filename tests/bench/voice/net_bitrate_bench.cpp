// SPDX-License-Identifier: GPL-3.0-or-later
// Wire bitrate per direction (IP + UDP + RTP (+ SRTP tag) + RTCP) at default settings.
#include "tests/support/net/virtualcall.h"

#include <QCoreApplication>

#include <cstdio>

using namespace crosstalk::voice;
using namespace crosstalk::test;

namespace {
void run(const char *label, VirtualCallSetup setup, double seconds)
{
    setup.inputA = testSpeech(seconds);
    setup.inputB = voicedSignal(seconds, 2);
    VirtualCall call(setup);
    std::string error;
    if (!call.start(error)) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return;
    }
    call.runUntil(seconds);
    const CallStats a = call.a().stats();
    call.stop();
    const double datagrams = double(a.packetsSent + a.rtcpSent);
    const double kbps = (double(a.bytesSent) + 28.0 * datagrams) * 8.0 / 1000.0 / a.seconds;
    std::printf("  %-34s %.1f kb/s on the wire per direction   (goal <= 56 kb/s); Opus at %d b/s%s, "
                "%llu RTP + %llu RTCP packets in %.0f s\n",
                label, kbps, a.encoderBitrate, a.fecActive ? " with FEC" : "",
                static_cast<unsigned long long>(a.packetsSent), static_cast<unsigned long long>(a.rtcpSent),
                a.seconds);
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::printf("Wire bitrate per direction (IPv4 + UDP + RTP + RTCP)\n");
    VirtualCallSetup plain;
    plain.relay = false;
    run("default (20 ms, VBR, FEC on demand):", plain, 30.0);
    VirtualCallSetup srtp = plain;
    srtp.srtp = true;
    run("default with SRTP:", srtp, 30.0);
    VirtualCallSetup cbr = plain;
    cbr.cbr = true;
    run("CBR:", cbr, 30.0);
    VirtualCallSetup ten = plain;
    ten.ptimeMs = 10;
    run("10 ms frames (for reference):", ten, 30.0);
    VirtualCallSetup lossy;
    lossy.aToB.lossRate = lossy.bToA.lossRate = 0.10;
    run("10 % loss (FEC paid for, for ref.):", lossy, 30.0);
    return 0;
}
