// SPDX-License-Identifier: GPL-3.0-or-later
// Which codecs the media backend offers and how it answers a peer's list (private to
// protocols/). Plain C++: the PurpleMediaCodec conversion is in the backend.
#pragma once

#include "core/voice/mediadescription.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace crosstalk::protocols {

/// One RTP payload type as Jingle (XEP-0167) and SDP carry it.
struct RtpCodec
{
    int id = 0;
    std::string name;  ///< encoding name, e.g. "opus", "PCMU", "SPEEX"
    int clockRate = 0;
    int channels = 1;  ///< 0 = unspecified (Farstream offers Opus with channels 0)
    std::vector<std::pair<std::string, std::string>> params; ///< fmtp-style name=value

    const std::string *param(const std::string &key) const;
    std::string toString() const; ///< "opus/48000/2 (111)"
};

/// The payload type we offer Opus with (a usual dynamic choice).
inline constexpr int kOpusPayloadType = 111;

/// Our offer, best first: Opus 48000/2 with useinbandfec=1 and minptime=10 (RFC 7587), then
/// PCMU and PCMA when the engine speaks G.711.
std::vector<RtpCodec> localCodecOffer();

/// The outcome of negotiation: what goes into the engine's two descriptions and what we answer.
struct CodecChoice
{
    voice::CodecParams local;  ///< what we want to receive
    voice::CodecParams remote; ///< the peer's receive preferences: shapes what we send
    RtpCodec answer;           ///< the single payload type we signal back
    std::string label;         ///< "Opus 48 kHz"
};

/// Chooses by OUR preference (Opus first, whatever the peer lists first), using the peer's
/// payload type so one id names the codec both ways. Opus is accepted with channels 0, 1 or 2
/// and a clock rate of 48000 (or none given). nullopt with `why` when nothing is common.
std::optional<CodecChoice> negotiateCodecs(const std::vector<RtpCodec> &remote, std::string &why);

/// Whether this engine build encodes G.711 (else only Opus is offered and accepted).
bool engineSpeaksG711();

} // namespace crosstalk::protocols
