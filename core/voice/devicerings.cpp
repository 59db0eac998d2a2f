// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/devicerings.h"

#include <algorithm>

namespace crosstalk::voice {

DeviceRings::DeviceRings(std::size_t ringBlocks)
    : m_capture(ringBlocks)
    , m_playback(ringBlocks)
{
}

void DeviceRings::popPlayback(Block out)
{
    std::array<Sample, kBlockSamples> block;
    if (m_playback.pop(std::span(&block, 1)) == 1) {
        std::copy(block.begin(), block.end(), out.begin());
    } else {
        std::fill(out.begin(), out.end(), Sample{0});
        m_underruns.fetch_add(1, std::memory_order_relaxed);
    }
    m_played.fetch_add(1, std::memory_order_relaxed);
}

void DeviceRings::pushCapture(ConstBlock capture, ConstBlock reference)
{
    CaptureFrame frame;
    std::copy(capture.begin(), capture.end(), frame.capture.begin());
    std::copy(reference.begin(), reference.end(), frame.reference.begin());
    if (m_capture.push(std::span<const CaptureFrame>(&frame, 1)) == 1)
        m_captured.fetch_add(1, std::memory_order_relaxed);
    else
        m_overruns.fetch_add(1, std::memory_order_relaxed);
}

bool DeviceRings::readCapture(Block out)
{
    CaptureFrame frame;
    if (m_capture.pop(std::span(&frame, 1)) != 1)
        return false;
    std::copy(frame.capture.begin(), frame.capture.end(), out.begin());
    if (m_referenceDelay == 0) {
        m_reference = frame.reference;
    } else {
        // The line holds the last m_referenceDelay + 1 references; hand out the oldest.
        const std::size_t slots = m_referenceDelay + 1;
        m_referenceLine[m_referenceWrite] = frame.reference;
        m_referenceWrite = (m_referenceWrite + 1) % slots;
        m_reference = m_referenceLine[m_referenceWrite];
    }
    return true;
}

bool DeviceRings::writePlayback(ConstBlock in)
{
    std::array<Sample, kBlockSamples> block;
    std::copy(in.begin(), in.end(), block.begin());
    if (m_playback.push(std::span<const std::array<Sample, kBlockSamples>>(&block, 1)) == 1)
        return true;
    m_playbackDropped.fetch_add(1, std::memory_order_relaxed);
    return false;
}

void DeviceRings::readEchoReference(Block out) const
{
    std::copy(m_reference.begin(), m_reference.end(), out.begin());
}

void DeviceRings::setReferenceDelayBlocks(std::size_t blocks)
{
    m_referenceDelay = std::min(blocks, kMaxReferenceDelay);
    m_referenceWrite = 0;
    for (auto &b : m_referenceLine)
        b.fill(0);
}

void DeviceRings::clear()
{
    CaptureFrame frame;
    while (m_capture.pop(std::span(&frame, 1)) == 1) {
    }
    std::array<Sample, kBlockSamples> block;
    while (m_playback.pop(std::span(&block, 1)) == 1) {
    }
    m_reference.fill(0);
    setReferenceDelayBlocks(m_referenceDelay);
}

DeviceStats DeviceRings::stats() const
{
    DeviceStats s;
    s.capturedBlocks = m_captured.load(std::memory_order_relaxed);
    s.playedBlocks = m_played.load(std::memory_order_relaxed);
    s.captureOverruns = m_overruns.load(std::memory_order_relaxed);
    s.playbackUnderruns = m_underruns.load(std::memory_order_relaxed);
    s.xruns = m_xruns.load(std::memory_order_relaxed);
    s.playbackDropped = m_playbackDropped.load(std::memory_order_relaxed);
    return s;
}

} // namespace crosstalk::voice
