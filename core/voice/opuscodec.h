// SPDX-License-Identifier: GPL-3.0-or-later
// Opus (RFC 6716) for speech: an encoder whose FEC, expected loss and bitrate are adjusted live,
// and a decoder that can recover a lost frame from the FEC data in the packet that follows it.
#pragma once

#include "core/voice/audioformat.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

struct OpusEncoder;
struct OpusDecoder;

namespace crosstalk::voice {

inline constexpr int kMinBitrate = 24000;
inline constexpr int kMaxBitrate = 64000;
/// Largest Opus packet for one frame (RFC 6716 3.2.1).
inline constexpr std::size_t kMaxOpusPacket = 1275;
/// Opus's algorithmic delay at 48 kHz for the VOIP application (lookahead), in samples.
inline constexpr int kOpusLookahead = 312;
/// Expected loss told to Opus whenever FEC is on (see setExpectedLoss).
inline constexpr int kFecLossFloor = 13;

struct EncoderConfig
{
    int frameMs = 20;     ///< 10 or 20
    int bitrate = 32000;  ///< start value; adapted within 24000..maxBitrate
    int maxBitrate = kMaxBitrate;
    bool fec = true;      ///< in-band FEC allowed (used once loss is measured)
    bool cbr = false;
    bool dtx = false;
    /// 5 of 10: encoding costs ~0.8 % of a core at 20 ms frames instead of ~1.4 % at 9, for
    /// a quality difference speech at these rates barely shows (the CPU budget is 2 % per call).
    int complexity = 5;
};

class OpusAudioEncoder
{
public:
    OpusAudioEncoder() = default;
    ~OpusAudioEncoder();
    OpusAudioEncoder(const OpusAudioEncoder &) = delete;
    OpusAudioEncoder &operator=(const OpusAudioEncoder &) = delete;

    bool init(const EncoderConfig &config, std::string &error);
    int frameSamples() const { return m_config.frameMs * kSampleRate / 1000; }
    const EncoderConfig &config() const { return m_config; }

    /// Encodes one frame of frameSamples(); returns the packet size or -1. Never allocates.
    int encode(std::span<const Sample> pcm, std::span<std::uint8_t> packet);

    /// The loss the receiver reported, 0..100 %: turns in-band FEC on from 1 % (Opus only spends
    /// bits on FEC when the expected loss is non-zero); while FEC is on, Opus is told at least
    /// kFecLossFloor % and codes wideband SILK only, so the redundant copy covers the whole band.
    void setExpectedLoss(int percent);
    void setBitrate(int bitsPerSecond);
    int bitrate() const { return m_bitrate; }
    bool fecActive() const { return m_fecActive; }

private:
    OpusEncoder *m_encoder = nullptr;
    EncoderConfig m_config;
    int m_bitrate = 0;
    int m_lossPercent = -1;
    bool m_fecActive = false;
};

class OpusAudioDecoder
{
public:
    OpusAudioDecoder() = default;
    ~OpusAudioDecoder();
    OpusAudioDecoder(const OpusAudioDecoder &) = delete;
    OpusAudioDecoder &operator=(const OpusAudioDecoder &) = delete;

    bool init(std::string &error);

    /// Samples per channel in a packet at 48 kHz, or -1 when the packet is invalid.
    static int packetSamples(std::span<const std::uint8_t> packet);
    /// True when the packet carries in-band FEC (LBRR) data for the frame before it.
    static bool hasFec(std::span<const std::uint8_t> packet);

    /// Normal decode; returns samples written or -1 (corrupt packet).
    int decode(std::span<const std::uint8_t> packet, std::span<Sample> out);
    /// Recovers the frame lost just before `nextPacket` from the FEC data in `nextPacket`
    /// (decode_fec=1 with the NEXT packet's data; with NULL data Opus would only conceal).
    /// `samples` is the lost duration. Falls back to concealment when there is no FEC data.
    int decodeFec(std::span<const std::uint8_t> nextPacket, int samples, std::span<Sample> out);
    /// Packet-loss concealment for `samples` (a multiple of 2.5 ms).
    int conceal(int samples, std::span<Sample> out);

private:
    OpusDecoder *m_decoder = nullptr;
};

} // namespace crosstalk::voice
