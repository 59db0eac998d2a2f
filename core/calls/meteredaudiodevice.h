// SPDX-License-Identifier: GPL-3.0-or-later
// A live microphone level without opening the microphone twice: a decorator that measures each
// captured block as the engine reads it (media thread: a few hundred multiply-adds and one
// atomic store, nothing that allocates or locks) and lets any thread read the level.
#pragma once

#include "core/voice/audiodevice.h"

#include <atomic>
#include <memory>

namespace crosstalk::calls {

/// Peak of a block in dBFS mapped to 0..1 for a meter: -60 dBFS and below is 0, full scale is 1.
double meterLevel(voice::ConstBlock block);

class MeteredAudioDevice final : public voice::AudioDevice
{
public:
    explicit MeteredAudioDevice(std::unique_ptr<voice::AudioDevice> inner);

    /// The level of the latest captured block with a meter's fall-back (about 20 dB/s), 0..1.
    /// Any thread.
    double level() const { return m_level.load(std::memory_order_relaxed); }
    voice::AudioDevice &inner() { return *m_inner; }

    bool start(std::string &error) override { return m_inner->start(error); }
    void stop() override { m_inner->stop(); }
    voice::DeviceState state() const override { return m_inner->state(); }
    std::string lastError() const override { return m_inner->lastError(); }
    bool readCapture(voice::Block out) override;
    bool writePlayback(voice::ConstBlock in) override { return m_inner->writePlayback(in); }
    void readEchoReference(voice::Block out) override { m_inner->readEchoReference(out); }
    voice::DeviceStats stats() const override { return m_inner->stats(); }

private:
    std::unique_ptr<voice::AudioDevice> m_inner;
    std::atomic<double> m_level{0.0};
};

} // namespace crosstalk::calls
