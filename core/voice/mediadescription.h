// SPDX-License-Identifier: GPL-3.0-or-later
// What a signalling layer (Jingle, SDP) tells the engine about one audio stream.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crosstalk::voice {

/// The codecs the engine speaks. Opus is the one to use; G.711 (RFC 3551) is the fallback for
/// old peers that offer nothing else: 8 kHz, 64 kb/s, no FEC, the engine resamples 48k <-> 8k.
enum class AudioCodec { Opus, Pcmu, Pcma };

/// The RTP encoding name as in SDP/Jingle ("opus", "PCMU", "PCMA").
const char *codecName(AudioCodec codec);
/// Case-insensitive inverse of codecName; nullopt for anything else (speex, G.722, ...).
std::optional<AudioCodec> codecFromName(std::string_view name);
/// The RTP clock rate (48000 for Opus per RFC 7587, 8000 for G.711).
int codecClockRate(AudioCodec codec);
/// The static payload type of G.711 (PCMU 0, PCMA 8); 111 (a usual dynamic choice) for Opus.
int defaultPayloadType(AudioCodec codec);

/// Codec parameters of one side. As in RFC 7587's fmtp semantics, each side describes what it
/// wants to RECEIVE: the engine sends with the remote side's codec, payload type, ptime and flags
/// and accepts packets carrying the local side's payload type, decoded with the local codec.
/// The Opus-only fields (inbandFec, cbr, dtx, maxAverageBitrate) are ignored for G.711.
struct CodecParams
{
    AudioCodec codec = AudioCodec::Opus;
    int payloadType = 111;       ///< opus/48000/2: dynamic (96..127); PCMU 0, PCMA 8
    int clockRate = 48000;       ///< RTP clock; must match the codec (48000 Opus, 8000 G.711)
    int ptimeMs = 20;            ///< 10 or 20
    bool inbandFec = true;       ///< useinbandfec=1
    bool cbr = false;            ///< cbr=1
    bool dtx = false;            ///< usedtx=1 (off by default: keeps the jitter estimate fed)
    int maxAverageBitrate = 64000; ///< maxaveragebitrate, clamped to 24000..64000 by the engine

    /// G.711 defaults: static payload type, 8 kHz clock, 20 ms.
    static CodecParams g711(AudioCodec codec)
    {
        CodecParams p;
        p.codec = codec;
        p.payloadType = defaultPayloadType(codec);
        p.clockRate = codecClockRate(codec);
        p.inbandFec = false;
        return p;
    }
};

/// One transport address of a stream (an ICE host candidate or a raw-UDP address).
/// Only IPv4 literals are supported; RTP and RTCP share the port (rtcp-mux, RFC 5761).
struct TransportCandidate
{
    std::string address = "127.0.0.1";
    std::uint16_t port = 0; ///< 0 on the local side: the engine picks a free port
    int priority = 0;       ///< higher wins when several remote candidates are given
};

/// SDES-style SRTP keying (RFC 4568): the local key encrypts what we send, the remote key
/// authenticates and decrypts what we receive. Only AES_CM_128_HMAC_SHA1_80 is supported.
struct SrtpKeys
{
    static constexpr std::size_t kMasterLength = 30; ///< 16-byte key + 14-byte salt
    std::string suite = "AES_CM_128_HMAC_SHA1_80";
    std::array<std::uint8_t, kMasterLength> master{};
};

struct MediaDescription
{
    CodecParams codec;
    std::vector<TransportCandidate> candidates;
    std::optional<SrtpKeys> srtp;
    /// The SSRC this side sends with (a=ssrc); 0 = unknown. Locally 0 means "pick at random";
    /// remotely, when known, packets with any other SSRC are rejected from the first packet on.
    std::uint32_t ssrc = 0;
};

/// Decodes standard base64 (as in a=crypto inline:...) into `out`; false on bad input or length.
bool decodeBase64(const std::string &text, std::vector<std::uint8_t> &out);
std::string encodeBase64(const std::uint8_t *data, std::size_t size);

/// Fills `out` from the OS entropy source (getrandom); used for keys, SSRCs and RTP start values.
void fillRandom(std::uint8_t *out, std::size_t size);
std::uint32_t randomU32();
/// Fresh random SRTP keys.
SrtpKeys makeRandomSrtpKeys();

} // namespace crosstalk::voice
