// SPDX-License-Identifier: GPL-3.0-or-later
// The media path is real-time safe: once a call runs, a session's tick (capture -> encode ->
// RTP -> SRTP -> send; receive -> validate -> jitter buffer -> decode -> playback; RTCP;
// statistics) never allocates: tests/support/allocationwatch.h counts what the stepping thread
// allocates inside advance().
#include "core/voice/callsession.h"
#include "core/voice/filedevice.h"
#include "tests/support/allocationwatch.h"
#include "tests/support/net/virtualcall.h"

#include <catch2/catch.hpp>

#include <optional>

using namespace crosstalk::voice;
using namespace crosstalk::test;

TEST_CASE("Real-time safety: the counter sees allocations")
{
    long n = 0;
    {
        ThreadAllocationWatch watch;
        auto *v = new std::vector<int>(100);
        n = watch.allocations();
        delete v;
    }
    CHECK(n >= 1);
}

TEST_CASE("Real-time safety: a running call's media ticks never allocate (SRTP: only libsrtp's crypto does)")
{
    for (bool srtp : {false, true}) {
        const auto speech = testSpeech(6.0);
        FileDeviceConfig cfg;
        cfg.clock = FileDeviceConfig::Clock::Virtual;
        cfg.inputSamples = speech;
        FileDevice devA(cfg), devB(cfg);
        CallSession::Options opts;
        opts.clock = CallSession::Clock::Virtual;
        CallSession a(devA, opts), b(devB, opts);
        MediaDescription la, lb;
        la.candidates = lb.candidates = {TransportCandidate{"127.0.0.1", 0, 1}};
        if (srtp) {
            la.srtp = makeRandomSrtpKeys();
            lb.srtp = makeRandomSrtpKeys();
        }
        std::string error;
        REQUIRE(a.open(la, error));
        REQUIRE(b.open(lb, error));
        REQUIRE(a.start(b.localDescription(), error));
        REQUIRE(b.start(a.localDescription(), error));
        long during = 0;
        for (std::int64_t t = 0; t < 6'000'000; t += 1000) {
            if (t % 10000 == 0) {
                devA.advance(1);
                devB.advance(1);
            }
            // Warm-up: the first second creates libsrtp's per-SSRC stream and fills the
            // statistics; from then on, nothing may allocate.
            const bool watch = t >= 1'000'000;
            std::optional<ThreadAllocationWatch> counting;
            if (watch)
                counting.emplace();
            a.advance(t);
            b.advance(t);
            if (counting)
                during += counting->allocations();
        }
        const CallStats sb = b.stats();
        a.stop();
        b.stop();
        INFO((srtp ? "SRTP" : "plain RTP") << ": " << during << " allocations in 5 s of ticks; B accepted "
                                           << sb.packetsAccepted << " packets, " << sb.rtcpReceived << " RTCP");
        CHECK(sb.packetsAccepted > 250);
        CHECK(sb.rtcpReceived > 3);
        if (!srtp) {
            CHECK(during == 0);
        } else {
            // Debian's libsrtp2 runs AES-CM and HMAC-SHA1 through OpenSSL 3, whose EVP contexts
            // allocate on each (re)initialisation: a bounded, per-packet cost on the media thread
            // (never in the audio callback). Our own code adds none, as the plain case shows.
            const double perPacket = double(during) / double(2 * 500 + 10);
            WARN("SRTP: " << perPacket << " allocations per protected or verified packet, all inside libsrtp/OpenSSL");
            CHECK(perPacket < 30.0);
        }
    }
}
