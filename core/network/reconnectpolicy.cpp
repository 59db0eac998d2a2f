// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/reconnectpolicy.h"

#include <algorithm>
#include <cmath>

namespace crosstalk {

ReconnectPolicy::ReconnectPolicy(Settings settings, quint32 seed)
    : m_settings(settings)
    , m_random(seed)
{
}

int ReconnectPolicy::nextDelayMs()
{
    const double base = m_settings.initialDelayMs * std::pow(m_settings.factor, m_attempts);
    const double capped = std::min(base, double(m_settings.maxDelayMs));
    const double spread = (m_random.generateDouble() * 2.0 - 1.0) * m_settings.jitter;
    ++m_attempts;
    return std::max(1, int(std::lround(capped * (1.0 + spread))));
}

} // namespace crosstalk
