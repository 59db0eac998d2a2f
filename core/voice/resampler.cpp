// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/resampler.h"

#include <speex/speex_resampler.h>

namespace crosstalk::voice {

Resampler::Resampler(int inRate, int outRate, int quality, bool skipZeros)
    : m_inRate(inRate)
    , m_outRate(outRate)
    , m_skipZeros(skipZeros)
{
    int err = 0;
    if (inRate > 0 && outRate > 0)
        m_state = speex_resampler_init(1, static_cast<spx_uint32_t>(inRate),
                                       static_cast<spx_uint32_t>(outRate), quality, &err);
    if (m_state && skipZeros) // no ramp-in of silence at the start: the first block is real audio
        speex_resampler_skip_zeros(m_state);
}

Resampler::~Resampler()
{
    if (m_state)
        speex_resampler_destroy(m_state);
}

Resampler::Result Resampler::process(std::span<const Sample> in, std::span<Sample> out)
{
    if (!m_state)
        return {};
    spx_uint32_t inLen = static_cast<spx_uint32_t>(in.size());
    spx_uint32_t outLen = static_cast<spx_uint32_t>(out.size());
    speex_resampler_process_int(m_state, 0, in.data(), &inLen, out.data(), &outLen);
    return {inLen, outLen};
}

int Resampler::inputLatency() const
{
    return m_state ? speex_resampler_get_input_latency(m_state) : 0;
}

void Resampler::reset()
{
    if (m_state) {
        speex_resampler_reset_mem(m_state);
        if (m_skipZeros)
            speex_resampler_skip_zeros(m_state);
    }
}

std::vector<Sample> Resampler::convert(std::span<const Sample> in, int inRate, int outRate)
{
    if (inRate == outRate)
        return {in.begin(), in.end()};
    Resampler r(inRate, outRate, 8);
    if (!r.isValid())
        return {};
    const std::size_t expected = in.size() * static_cast<std::size_t>(outRate) / static_cast<std::size_t>(inRate);
    std::vector<Sample> out(expected + 64);
    std::size_t inPos = 0;
    std::size_t outPos = 0;
    while (inPos < in.size() && outPos < out.size()) {
        const Result res = r.process(in.subspan(inPos), std::span(out).subspan(outPos));
        if (res.consumed == 0 && res.produced == 0)
            break;
        inPos += res.consumed;
        outPos += res.produced;
    }
    // Flush the filter's tail with silence so the end of the file is not cut.
    const std::vector<Sample> zeros(static_cast<std::size_t>(r.inputLatency()) + 1, 0);
    if (outPos < out.size())
        outPos += r.process(zeros, std::span(out).subspan(outPos)).produced;
    out.resize(std::min(outPos, expected));
    return out;
}

} // namespace crosstalk::voice
