// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/reconnectpolicy.h"

#include <catch2/catch.hpp>

using crosstalk::ReconnectPolicy;

TEST_CASE("reconnect delays grow exponentially within the jitter band and are capped")
{
    ReconnectPolicy policy({1000, 30000, 2.0, 0.25}, 42);
    const double expected[] = {1000, 2000, 4000, 8000, 16000, 30000, 30000};
    for (double base : expected) {
        const int delay = policy.nextDelayMs();
        CHECK(delay >= base * 0.75);
        CHECK(delay <= base * 1.25);
    }
    CHECK(policy.attempts() == 7);
}

TEST_CASE("reconnect policy starts over after reset")
{
    ReconnectPolicy policy({500, 60000, 2.0, 0.0}, 1);
    policy.nextDelayMs();
    policy.nextDelayMs();
    policy.reset();
    CHECK(policy.nextDelayMs() == 500);
}

TEST_CASE("two clients with different seeds do not retry in lockstep")
{
    ReconnectPolicy a({2000, 60000, 2.0, 0.25}, 1);
    ReconnectPolicy b({2000, 60000, 2.0, 0.25}, 2);
    int same = 0;
    for (int i = 0; i < 5; ++i)
        same += a.nextDelayMs() == b.nextDelayMs();
    CHECK(same < 5);
}
