// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/opuscodec.h"

#include <opus/opus.h>

#include <algorithm>

namespace crosstalk::voice {

OpusAudioEncoder::~OpusAudioEncoder()
{
    if (m_encoder)
        opus_encoder_destroy(m_encoder);
}

bool OpusAudioEncoder::init(const EncoderConfig &config, std::string &error)
{
    if (config.frameMs != 10 && config.frameMs != 20) {
        error = "Opus frame size must be 10 or 20 ms";
        return false;
    }
    if (m_encoder) {
        opus_encoder_destroy(m_encoder);
        m_encoder = nullptr;
    }
    int status = OPUS_OK;
    m_encoder = opus_encoder_create(kSampleRate, kChannels, OPUS_APPLICATION_VOIP, &status);
    if (status != OPUS_OK || !m_encoder) {
        error = std::string("opus_encoder_create: ") + opus_strerror(status);
        m_encoder = nullptr;
        return false;
    }
    m_config = config;
    m_config.maxBitrate = std::clamp(config.maxBitrate, kMinBitrate, kMaxBitrate);
    opus_encoder_ctl(m_encoder, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
    opus_encoder_ctl(m_encoder, OPUS_SET_COMPLEXITY(config.complexity));
    opus_encoder_ctl(m_encoder, OPUS_SET_VBR(config.cbr ? 0 : 1));
    opus_encoder_ctl(m_encoder, OPUS_SET_DTX(config.dtx ? 1 : 0));
    // FEC only exists in the SILK layer; keep Opus from switching to CELT-only at high rates.
    opus_encoder_ctl(m_encoder, OPUS_SET_MAX_BANDWIDTH(OPUS_BANDWIDTH_FULLBAND));
    m_lossPercent = -1;
    m_fecActive = false;
    setBitrate(config.bitrate);
    setExpectedLoss(0);
    return true;
}

int OpusAudioEncoder::encode(std::span<const Sample> pcm, std::span<std::uint8_t> packet)
{
    if (!m_encoder || int(pcm.size()) != frameSamples())
        return -1;
    const opus_int32 max = opus_int32(std::min(packet.size(), kMaxOpusPacket));
    const int n = opus_encode(m_encoder, pcm.data(), frameSamples(), packet.data(), max);
    return n < 0 ? -1 : n;
}

void OpusAudioEncoder::setExpectedLoss(int percent)
{
    percent = std::clamp(percent, 0, 100);
    if (!m_encoder || percent == m_lossPercent)
        return;
    m_lossPercent = percent;
    const bool fec = m_config.fec && percent >= 1;
    // SILK codes its redundant (LBRR) copy up to 7 quantiser steps coarser than the primary,
    // fewer as the expected loss rises, and no fewer than 2 from 13 % on: once FEC is on at all,
    // ask for the finest copy. A higher expected loss also makes SILK lean less on the previous
    // frame, which is what the frame after a loss needs.
    opus_encoder_ctl(m_encoder, OPUS_SET_PACKET_LOSS_PERC(fec ? std::max(percent, kFecLossFloor) : percent));
    if (fec != m_fecActive) {
        m_fecActive = fec;
        opus_encoder_ctl(m_encoder, OPUS_SET_INBAND_FEC(fec ? 1 : 0));
        // FEC exists only in the SILK layer: in hybrid mode (super-wideband, fullband) the band
        // above 8 kHz of a lost frame can only be concealed. While packets are lost, code
        // wideband SILK alone so the redundant copy rebuilds everything that was sent, and all
        // the bits go to the band that carries speech. Fullband again on a clean path.
        opus_encoder_ctl(m_encoder, OPUS_SET_MAX_BANDWIDTH(fec ? OPUS_BANDWIDTH_WIDEBAND : OPUS_BANDWIDTH_FULLBAND));
    }
}

void OpusAudioEncoder::setBitrate(int bitsPerSecond)
{
    bitsPerSecond = std::clamp(bitsPerSecond, kMinBitrate, m_config.maxBitrate);
    if (!m_encoder || bitsPerSecond == m_bitrate)
        return;
    m_bitrate = bitsPerSecond;
    opus_encoder_ctl(m_encoder, OPUS_SET_BITRATE(bitsPerSecond));
}

OpusAudioDecoder::~OpusAudioDecoder()
{
    if (m_decoder)
        opus_decoder_destroy(m_decoder);
}

bool OpusAudioDecoder::init(std::string &error)
{
    if (m_decoder) {
        opus_decoder_destroy(m_decoder);
        m_decoder = nullptr;
    }
    int status = OPUS_OK;
    m_decoder = opus_decoder_create(kSampleRate, kChannels, &status);
    if (status != OPUS_OK || !m_decoder) {
        error = std::string("opus_decoder_create: ") + opus_strerror(status);
        m_decoder = nullptr;
        return false;
    }
    return true;
}

int OpusAudioDecoder::packetSamples(std::span<const std::uint8_t> packet)
{
    if (packet.empty())
        return -1;
    const int n = opus_packet_get_nb_samples(packet.data(), opus_int32(packet.size()), kSampleRate);
    return n > 0 ? n : -1;
}

bool OpusAudioDecoder::hasFec(std::span<const std::uint8_t> packet)
{
    if (packet.empty())
        return false;
    // libopus 1.3 has no opus_packet_has_lbrr. SILK codes its per-frame VAD flags and then the
    // LBRR flag as equiprobable binary symbols first, so they are the top bits of the first
    // frame's first byte (mono packets only: the engine never sends stereo).
    const int config = packet[0] >> 3;
    if (config >= 16)
        return false; // CELT-only: no SILK layer, no FEC
    const unsigned char *frames[48];
    opus_int16 sizes[48];
    const int count = opus_packet_parse(packet.data(), opus_int32(packet.size()), nullptr, frames, sizes, nullptr);
    if (count <= 0 || sizes[0] <= 0)
        return false;
    const int durationIndex = config < 12 ? (config & 3) : (config & 1); // 10,20,40,60 ms / 10,20 ms
    const int silkFrames = durationIndex < 2 ? 1 : durationIndex; // 40 ms = 2 frames, 60 ms = 3
    return ((frames[0][0] >> (7 - silkFrames)) & 1) != 0;
}

int OpusAudioDecoder::decode(std::span<const std::uint8_t> packet, std::span<Sample> out)
{
    if (!m_decoder || packet.empty())
        return -1;
    const int n = opus_decode(m_decoder, packet.data(), opus_int32(packet.size()), out.data(),
                              int(out.size()), 0);
    return n < 0 ? -1 : n;
}

int OpusAudioDecoder::decodeFec(std::span<const std::uint8_t> nextPacket, int samples, std::span<Sample> out)
{
    if (!m_decoder || samples <= 0 || std::size_t(samples) > out.size())
        return -1;
    if (nextPacket.empty() || !hasFec(nextPacket))
        return conceal(samples, out);
    const int n = opus_decode(m_decoder, nextPacket.data(), opus_int32(nextPacket.size()), out.data(),
                              samples, 1);
    return n < 0 ? conceal(samples, out) : n;
}

int OpusAudioDecoder::conceal(int samples, std::span<Sample> out)
{
    if (!m_decoder || samples <= 0 || std::size_t(samples) > out.size())
        return -1;
    const int n = opus_decode(m_decoder, nullptr, 0, out.data(), samples, 0);
    return n < 0 ? -1 : n;
}

} // namespace crosstalk::voice
