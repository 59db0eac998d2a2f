// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QRandomGenerator>

namespace crosstalk {

struct ReconnectSettings
{
    int initialDelayMs = 2000;
    int maxDelayMs = 5 * 60 * 1000;
    double factor = 2.0;
    double jitter = 0.25; ///< each delay is scaled by a random factor in [1 - j, 1 + j]
};

/// Exponential backoff with jitter for re-connecting a lost account, so that a
/// server restart is not met by every client at the same instant.
class ReconnectPolicy
{
public:
    using Settings = ReconnectSettings;

    explicit ReconnectPolicy(Settings settings = {}, quint32 seed = QRandomGenerator::global()->generate());

    /// The delay before the next attempt; each call counts one attempt.
    int nextDelayMs();
    /// After a successful sign-on the next loss starts from the initial delay again.
    void reset() { m_attempts = 0; }
    int attempts() const { return m_attempts; }
    const Settings &settings() const { return m_settings; }

private:
    Settings m_settings;
    QRandomGenerator m_random;
    int m_attempts = 0;
};

} // namespace crosstalk
