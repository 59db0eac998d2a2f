// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/mediaconvert.h"

#include <string>

namespace crosstalk::protocols {

namespace {
std::string take(gchar *s)
{
    std::string out = s ? std::string(s) : std::string();
    g_free(s);
    return out;
}
} // namespace

PurpleMediaCandidate *toPurple(const IceCandidate &c)
{
    PurpleMediaCandidateType type = PURPLE_MEDIA_CANDIDATE_TYPE_HOST;
    switch (c.type) {
    case IceCandidate::Type::ServerReflexive:
        type = PURPLE_MEDIA_CANDIDATE_TYPE_SRFLX;
        break;
    case IceCandidate::Type::PeerReflexive:
        type = PURPLE_MEDIA_CANDIDATE_TYPE_PRFLX;
        break;
    case IceCandidate::Type::Relayed:
        type = PURPLE_MEDIA_CANDIDATE_TYPE_RELAY;
        break;
    case IceCandidate::Type::Host:
        break;
    }
    PurpleMediaCandidate *pc = purple_media_candidate_new(c.foundation.c_str(), c.component, type,
                                                          PURPLE_MEDIA_NETWORK_PROTOCOL_UDP, c.ip.c_str(), c.port);
    g_object_set(pc, "priority", guint(c.priority), nullptr);
    if (!c.baseIp.empty())
        g_object_set(pc, "base-ip", c.baseIp.c_str(), "base-port", guint(c.basePort), nullptr);
    if (!c.username.empty())
        g_object_set(pc, "username", c.username.c_str(), "password", c.password.c_str(), nullptr);
    return pc;
}

IceCandidate fromPurple(PurpleMediaCandidate *pc)
{
    IceCandidate c;
    c.foundation = take(purple_media_candidate_get_foundation(pc));
    c.component = purple_media_candidate_get_component_id(pc);
    c.ip = take(purple_media_candidate_get_ip(pc));
    c.port = purple_media_candidate_get_port(pc);
    c.baseIp = take(purple_media_candidate_get_base_ip(pc));
    c.basePort = purple_media_candidate_get_base_port(pc);
    c.priority = purple_media_candidate_get_priority(pc);
    c.username = take(purple_media_candidate_get_username(pc));
    c.password = take(purple_media_candidate_get_password(pc));
    switch (purple_media_candidate_get_candidate_type(pc)) {
    case PURPLE_MEDIA_CANDIDATE_TYPE_SRFLX:
        c.type = IceCandidate::Type::ServerReflexive;
        break;
    case PURPLE_MEDIA_CANDIDATE_TYPE_PRFLX:
        c.type = IceCandidate::Type::PeerReflexive;
        break;
    case PURPLE_MEDIA_CANDIDATE_TYPE_RELAY:
        c.type = IceCandidate::Type::Relayed;
        break;
    default:
        c.type = IceCandidate::Type::Host;
        break;
    }
    if (purple_media_candidate_get_protocol(pc) != PURPLE_MEDIA_NETWORK_PROTOCOL_UDP)
        c.port = 0; // only UDP: rejected as unusable
    return c;
}

PurpleMediaCodec *toPurple(const RtpCodec &c)
{
    PurpleMediaCodec *pc = purple_media_codec_new(c.id, c.name.c_str(), PURPLE_MEDIA_AUDIO, guint(c.clockRate));
    g_object_set(pc, "channels", guint(c.channels), nullptr);
    for (const auto &[key, value] : c.params)
        purple_media_codec_add_optional_parameter(pc, key.c_str(), value.c_str());
    return pc;
}

RtpCodec fromPurple(PurpleMediaCodec *pc)
{
    RtpCodec c;
    c.id = int(purple_media_codec_get_id(pc));
    c.name = take(purple_media_codec_get_encoding_name(pc));
    c.clockRate = int(purple_media_codec_get_clock_rate(pc));
    c.channels = int(purple_media_codec_get_channels(pc));
    for (GList *l = purple_media_codec_get_optional_parameters(pc); l; l = l->next) {
        auto *kv = static_cast<PurpleKeyValuePair *>(l->data);
        if (kv && kv->key && kv->value)
            c.params.emplace_back(kv->key, static_cast<const char *>(kv->value));
    }
    return c;
}

} // namespace crosstalk::protocols
