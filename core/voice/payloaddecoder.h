// SPDX-License-Identifier: GPL-3.0-or-later
// The jitter buffer's decoder for whichever codec was negotiated: Opus (with FEC from the next
// packet) or G.711 (no FEC; concealment by repetition). Both decode to 48 kHz.
#pragma once

#include "core/voice/g711codec.h"
#include "core/voice/mediadescription.h"
#include "core/voice/opuscodec.h"

namespace crosstalk::voice {

class PayloadDecoder
{
public:
    bool init(AudioCodec codec, std::string &error)
    {
        m_codec = codec;
        return codec == AudioCodec::Opus ? m_opus.init(error) : m_g711.init(codec, error);
    }
    AudioCodec codec() const { return m_codec; }
    /// 48 kHz samples in the payload, or -1 when it is not a valid payload of the codec.
    int packetSamples(std::span<const std::uint8_t> payload) const
    {
        return m_codec == AudioCodec::Opus ? OpusAudioDecoder::packetSamples(payload)
                                           : G711Decoder::packetSamples(payload);
    }
    bool hasFec(std::span<const std::uint8_t> payload) const
    {
        return m_codec == AudioCodec::Opus && OpusAudioDecoder::hasFec(payload);
    }
    int decode(std::span<const std::uint8_t> payload, std::span<Sample> out)
    {
        return m_codec == AudioCodec::Opus ? m_opus.decode(payload, out) : m_g711.decode(payload, out);
    }
    int decodeFec(std::span<const std::uint8_t> nextPacket, int samples, std::span<Sample> out)
    {
        return m_codec == AudioCodec::Opus ? m_opus.decodeFec(nextPacket, samples, out) : m_g711.conceal(samples, out);
    }
    int conceal(int samples, std::span<Sample> out)
    {
        return m_codec == AudioCodec::Opus ? m_opus.conceal(samples, out) : m_g711.conceal(samples, out);
    }

private:
    AudioCodec m_codec = AudioCodec::Opus;
    OpusAudioDecoder m_opus;
    G711Decoder m_g711;
};

} // namespace crosstalk::voice
