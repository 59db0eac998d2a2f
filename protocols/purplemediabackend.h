// SPDX-License-Identifier: GPL-3.0-or-later
// Crosstalk's voice engine as libpurple's media backend (private to protocols/).
//
// CONTRACT for the CallService (protocols/purplecalls.*):
// - Call installMediaBackend() once after purple_core_init() and BEFORE accounts sign on: it makes
//   every purple_media_manager_create_media() (the XMPP prpl's Jingle, tests) use our GObject
//   backend and sets the UI caps to audio, so the prpl advertises Jingle RTP audio.
// - Everything else is driven by libpurple's own API on the main thread: the prpl adds streams,
//   passes codecs and candidates; the UI side accepts / mutes / holds / hangs up with
//   purple_media_stream_info(media, PURPLE_MEDIA_INFO_ACCEPT / MUTE / UNMUTE / HOLD / UNHOLD /
//   HANGUP / REJECT, ...). The backend listens to the media's "stream-info" for those.
// - Progress comes from the PurpleMedia's own signals: "state-changed" (CONNECTED per stream once
//   the transport pair works, codecs are agreed and the stream is accepted: media flows),
//   "candidate-pair-established", "codecs-changed", "error" (a human sentence; then query
//   mediaFailure() for the kind to show, e.g. NoCommonCodec).
// - Fatal failures (no common codec, ICE found no working pair within iceTimeoutMs, the media
//   path lost for mediaTimeoutMs, transport error): the backend emits "error" and then, from an idle callback, ends the call itself with
//   purple_media_stream_info(REJECT if never accepted, else HANGUP, local=TRUE), so the prpl tells
//   the peer (libpurple's Jingle only knows the reasons "decline" and "success"). Do NOT end the
//   media again from the "error" handler; just record mediaFailure() and wait for END.
// - A device that fails (or none configured) is not fatal: the call goes on silent.
// - "error" with mediaFailure() == None is a warning (e.g. garbage remote candidates ignored).
// - Poll mediaCallQuality() a few times a second for the call window; mediaAudioFlowing() turns
//   true when the first packet from the peer has been decoded and played ("Active").
// All functions: main (libpurple) thread only; `media` may be any PurpleMedia (false/None when it
// is not one of ours or has no audio session yet).
#pragma once

#include "core/network/callservice.h"

#include <QString>

#include <functional>
#include <memory>
#include <string>

namespace crosstalk::voice {
class AudioDevice;
}

extern "C" {
struct _PurpleMedia;
typedef struct _PurpleMedia PurpleMedia;
}

namespace crosstalk::protocols {

struct MediaBackendConfig
{
    /// Creates the audio device for a new audio stream (PortAudio with the user's choice, a
    /// FileDevice in tests). Called on the main thread when the stream starts. Returning null
    /// (with `error` set) is not fatal: the call goes on silent and CallQuality::deviceFailed
    /// says so. Unset: every call is silent.
    std::function<std::unique_ptr<voice::AudioDevice>(std::string &error)> audioDevice;
    /// STUN for server-reflexive ICE candidates (an IPv4 literal). Empty: the prpl's `stun-ip`
    /// stream parameter, else libpurple's own STUN preference, else none.
    QString stunServer;
    quint16 stunPort = 3478;
    /// TURN (UDP) for relayed candidates (an IPv4 literal). Empty: libpurple's TURN
    /// preferences (server, turn_port, username, password), else none.
    QString turnServer;
    quint16 turnPort = 3478;
    QString turnUser;
    QString turnPassword; ///< kept in memory only
    /// A stream whose ICE checks find no working pair within this time (from the answer on)
    /// fails with ConnectionFailed.
    int iceTimeoutMs = 20000;
    /// A running stream that receives nothing at all (not even the RTCP a held peer still
    /// sends) for this long fails with ConnectionFailed ("media connection lost").
    int mediaTimeoutMs = 15000;
    /// Echo cancellation, noise suppression and AGC on the capture path (off for file-device
    /// tests, which measure the codec path).
    bool audioProcessing = true;
};

/// Registers the backend GType with libpurple's media manager and sets audio UI caps. May be
/// called again to replace the configuration (applies to streams created afterwards).
void installMediaBackend(MediaBackendConfig config);

/// Why a media failed, for CallInfo::endReason. None while all is well. ConnectionFailed covers
/// "never connected" and, with a detail starting "media connection lost", a path that died
/// mid-call (CallEndReason::NetworkLost); mediaConnectionLost() tells them apart.
enum class MediaFailure { None, NoCommonCodec, ConnectionFailed, AudioDevice, Other };
MediaFailure mediaFailure(PurpleMedia *media, QString *detail = nullptr);
/// True when the failure is a media path lost after it had worked.
bool mediaConnectionLost(PurpleMedia *media);

/// Live statistics of the media's audio stream (codec, transport pair, engine stats).
bool mediaCallQuality(PurpleMedia *media, CallQuality &out);

/// True once the first packet from the peer was decoded and queued for playback.
bool mediaAudioFlowing(PurpleMedia *media);

} // namespace crosstalk::protocols
