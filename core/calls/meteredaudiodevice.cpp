// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/calls/meteredaudiodevice.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace crosstalk::calls {

namespace {
constexpr double kFloorDb = -60.0;
// A meter falls back slowly so a syllable stays visible: 0.2 dB per 10 ms block = 20 dB/s.
constexpr double kFallPerBlock = 0.2 / -kFloorDb;
} // namespace

double meterLevel(voice::ConstBlock block)
{
    int peak = 0;
    for (voice::Sample s : block)
        peak = std::max(peak, std::abs(int(s)));
    if (peak == 0)
        return 0.0;
    const double db = 20.0 * std::log10(double(peak) / 32768.0);
    return std::clamp((db - kFloorDb) / -kFloorDb, 0.0, 1.0);
}

MeteredAudioDevice::MeteredAudioDevice(std::unique_ptr<voice::AudioDevice> inner)
    : m_inner(std::move(inner))
{
}

bool MeteredAudioDevice::readCapture(voice::Block out)
{
    if (!m_inner->readCapture(out))
        return false;
    const double now = meterLevel(out);
    const double shown = m_level.load(std::memory_order_relaxed);
    m_level.store(std::max(now, shown - kFallPerBlock), std::memory_order_relaxed);
    return true;
}

} // namespace crosstalk::calls
