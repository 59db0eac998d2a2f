// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/mediacodecs.h"

#include "core/voice/mediastream.h"
#include "core/voice/udptransport.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>

namespace crosstalk::protocols {

namespace {
bool sameName(const std::string &a, const char *b)
{
    const std::size_t n = std::char_traits<char>::length(b);
    if (a.size() != n)
        return false;
    for (std::size_t i = 0; i < n; ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    }
    return true;
}

// A small non-negative integer parameter ("1", "20"); -1 when absent or not a number.
int intParam(const RtpCodec &codec, const char *key)
{
    const std::string *v = codec.param(key);
    if (!v || v->empty() || v->size() > 9 || !std::all_of(v->begin(), v->end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        return -1;
    return std::atoi(v->c_str());
}

bool acceptableOpus(const RtpCodec &c)
{
    return sameName(c.name, "opus") && (c.clockRate == 48000 || c.clockRate == 0)
        && c.channels >= 0 && c.channels <= 2 && c.id >= 96 && c.id <= 127;
}

bool acceptableG711(const RtpCodec &c, voice::AudioCodec which)
{
    if (!sameName(c.name, voice::codecName(which)) || (c.clockRate != 8000 && c.clockRate != 0) || c.channels > 1)
        return false;
    // The static payload type, or a dynamic one naming it (RFC 3551 allows both).
    return c.id == voice::defaultPayloadType(which) || (c.id >= 96 && c.id <= 127);
}

// RFC 7587: what the peer wants to receive shapes what we send.
voice::CodecParams opusReceivePreferences(const RtpCodec &c)
{
    voice::CodecParams p;
    p.codec = voice::AudioCodec::Opus;
    p.payloadType = c.id;
    p.clockRate = 48000;
    p.inbandFec = intParam(c, "useinbandfec") == 1;
    p.cbr = intParam(c, "cbr") == 1;
    p.dtx = intParam(c, "usedtx") == 1;
    const int maxBitrate = intParam(c, "maxaveragebitrate");
    if (maxBitrate > 0)
        p.maxAverageBitrate = std::clamp(maxBitrate, 6000, 510000);
    // a=ptime (carried as a parameter when at all): 10 if asked for, else 20; a minptime above
    // 10 rules 10 out. Longer packets than 20 ms are not sent (latency).
    const int ptime = intParam(c, "ptime");
    const int minptime = intParam(c, "minptime");
    p.ptimeMs = (ptime == 10 && minptime <= 10) ? 10 : 20;
    return p;
}
} // namespace

const std::string *RtpCodec::param(const std::string &key) const
{
    for (const auto &kv : params) {
        if (sameName(kv.first, key.c_str()))
            return &kv.second;
    }
    return nullptr;
}

std::string RtpCodec::toString() const
{
    return name + '/' + std::to_string(clockRate) + '/' + std::to_string(channels) + " (" + std::to_string(id) + ')';
}

bool engineSpeaksG711()
{
    // Asks the engine itself (a stream set up for PCMU on an unbound socket sends nothing), so
    // the fallback switches on by itself in the build whose engine encodes G.711.
    static const bool speaks = [] {
        voice::MediaDescription local;
        local.codec = voice::CodecParams::g711(voice::AudioCodec::Pcmu);
        voice::MediaDescription remote = local;
        remote.candidates.push_back({"127.0.0.1", 9, 0});
        voice::UdpSocket unbound;
        auto probe = std::make_unique<voice::MediaStream>();
        std::string error;
        return probe->init(local, remote, voice::StreamOptions{}, unbound, error);
    }();
    return speaks;
}

std::vector<RtpCodec> localCodecOffer()
{
    std::vector<RtpCodec> offer;
    // Stereo in the name as RFC 7587 requires; we send mono (sprop-stereo absent = 0).
    offer.push_back({kOpusPayloadType, "opus", 48000, 2, {{"useinbandfec", "1"}, {"minptime", "10"}}});
    if (engineSpeaksG711()) {
        offer.push_back({0, "PCMU", 8000, 1, {}});
        offer.push_back({8, "PCMA", 8000, 1, {}});
    }
    return offer;
}

std::optional<CodecChoice> negotiateCodecs(const std::vector<RtpCodec> &remote, std::string &why)
{
    CodecChoice choice;
    // Our preference decides: Farstream lists Speex first, Opus later with channels 0.
    auto opus = std::find_if(remote.begin(), remote.end(), acceptableOpus);
    if (opus != remote.end()) {
        choice.remote = opusReceivePreferences(*opus);
        choice.local = voice::CodecParams{};
        choice.local.payloadType = opus->id;
        choice.answer = localCodecOffer().front();
        choice.answer.id = opus->id;
        choice.label = "Opus 48 kHz";
        return choice;
    }
    if (engineSpeaksG711()) {
        for (voice::AudioCodec which : {voice::AudioCodec::Pcmu, voice::AudioCodec::Pcma}) {
            auto g711 = std::find_if(remote.begin(), remote.end(), [which](const RtpCodec &c) { return acceptableG711(c, which); });
            if (g711 == remote.end())
                continue;
            choice.local = voice::CodecParams::g711(which);
            choice.local.payloadType = g711->id;
            choice.remote = choice.local;
            const int ptime = intParam(*g711, "ptime");
            choice.remote.ptimeMs = ptime == 10 ? 10 : 20;
            choice.answer = {g711->id, voice::codecName(which), 8000, 1, {}};
            choice.label = std::string(voice::codecName(which)) + " 8 kHz";
            return choice;
        }
    }
    why = "no common codec: the peer offers ";
    if (remote.empty())
        why += "nothing";
    for (std::size_t i = 0; i < remote.size() && i < 8; ++i)
        why += (i ? ", " : "") + remote[i].toString().substr(0, 64);
    why += engineSpeaksG711() ? "; Crosstalk speaks Opus, PCMU and PCMA" : "; Crosstalk speaks Opus";
    return std::nullopt;
}

} // namespace crosstalk::protocols
