// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/blockadapter.h"

#include <algorithm>

namespace crosstalk::voice {

BlockAdapter::BlockAdapter(DeviceRings &rings, int inputRate, int outputRate, bool duplex)
    : m_rings(rings)
    , m_duplex(duplex)
{
    if (outputRate != kSampleRate)
        m_toDevice = std::make_unique<Resampler>(kSampleRate, outputRate);
    if (inputRate != kSampleRate)
        m_fromDevice = std::make_unique<Resampler>(inputRate, kSampleRate);
}

BlockAdapter::~BlockAdapter() = default;

void BlockAdapter::render(std::span<Sample> out)
{
    std::size_t done = 0;
    while (done < out.size()) {
        if (m_outFifoPos == m_outFifoLen) {
            BlockArray block;
            m_rings.popPlayback(block);
            // Counted as played now: it reaches the speaker within this or the next callback,
            // which the echo canceller's filter length easily covers.
            if (m_playedRing.push(std::span<const BlockArray>(&block, 1)) == 0) {
                // Nobody is capturing (playback-only use): the backlog is irrelevant.
            }
            m_outFifoPos = 0;
            if (m_toDevice) {
                m_outFifoLen = m_toDevice->process(block, m_outFifo).produced;
            } else {
                std::copy(block.begin(), block.end(), m_outFifo.begin());
                m_outFifoLen = kBlockSamples;
            }
            if (m_outFifoLen == 0) { // a resampler still filling: emit silence, never spin
                std::fill(out.begin() + static_cast<std::ptrdiff_t>(done), out.end(), Sample{0});
                return;
            }
        }
        const std::size_t n = std::min(out.size() - done, m_outFifoLen - m_outFifoPos);
        std::copy_n(m_outFifo.begin() + static_cast<std::ptrdiff_t>(m_outFifoPos), n,
                    out.begin() + static_cast<std::ptrdiff_t>(done));
        m_outFifoPos += n;
        done += n;
    }
}

void BlockAdapter::capture(std::span<const Sample> in)
{
    std::size_t pos = 0;
    while (pos < in.size()) {
        const std::span<Sample> space = std::span(m_inBlock).subspan(m_inFill);
        std::size_t consumed = 0;
        std::size_t produced = 0;
        if (m_fromDevice) {
            const Resampler::Result r = m_fromDevice->process(in.subspan(pos), space);
            consumed = r.consumed;
            produced = r.produced;
            if (consumed == 0 && produced == 0)
                break;
        } else {
            consumed = produced = std::min(space.size(), in.size() - pos);
            std::copy_n(in.begin() + static_cast<std::ptrdiff_t>(pos), consumed, space.begin());
        }
        pos += consumed;
        m_inFill += produced;
        if (m_inFill < kBlockSamples)
            continue;
        m_inFill = 0;

        // Pair with the oldest block played and not yet paired (duplex), or the newest (two
        // clocks, see kMaxPlayedBacklog).
        BlockArray reference;
        const std::size_t keep = m_duplex ? kMaxPlayedBacklog : 1;
        while (m_playedRing.size() > keep)
            m_playedRing.pop(std::span(&reference, 1));
        if (m_playedRing.pop(std::span(&reference, 1)) == 0) {
            reference.fill(0);
            m_referenceMissing.fetch_add(1, std::memory_order_relaxed);
        }
        m_rings.pushCapture(m_inBlock, reference);
    }
}

} // namespace crosstalk::voice
