// SPDX-License-Identifier: GPL-3.0-or-later
// Two PurpleMedia objects in one process, both on Crosstalk's media backend, with a test playing
// the signalling channel between them (what the XMPP prpl's Jingle does over the wire): codecs
// and candidates are copied across in code. Each side has a real-time FileDevice whose played
// audio the test can analyse after the call.
#pragma once

#include "core/voice/filedevice.h"
#include "protocols/purplemediabackend.h"
#include "protocols/purpleruntime.h"
#include "tests/support/tempdir.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <purple.h>

namespace crosstalk::test {

/// libpurple in a throwaway profile, nothing else: the media API needs no account online.
class MediaTestRuntime
{
public:
    MediaTestRuntime();
    ~MediaTestRuntime();

private:
    TempDir m_dir;
    std::unique_ptr<protocols::PurpleRuntime> m_runtime;
};

struct MediaSide
{
    std::string name;          ///< our participant name as the peer sees it
    PurpleMedia *media = nullptr; // we hold a reference
    bool candidatesPrepared = false;
    bool connected = false;    ///< state-changed CONNECTED for the stream
    bool pairEstablished = false;
    bool ended = false;        ///< state-changed END for the whole media
    int codecsChanged = 0;
    std::vector<std::string> errors;
    std::vector<std::string> newCandidates; ///< "ip:port" of every new-candidate
    std::vector<PurpleMediaCandidateType> newCandidateTypes;
    std::shared_ptr<voice::FileDevice> device;
};

class MediaRig
{
public:
    struct Options
    {
        std::string transmitter = "nice";
        std::vector<voice::Sample> inputA; ///< A's microphone (looped)
        std::vector<voice::Sample> inputB;
        int iceTimeoutMs = 20000;
        int mediaTimeoutMs = 15000;
        bool audioProcessing = false; ///< AEC/NS/AGC (off: tests measure the codec path)
        /// Adjusts each side's backend configuration (STUN/TURN...).
        std::function<void(protocols::MediaBackendConfig &)> configure;
        /// Which local candidates the "signalling" passes to the peer (all when unset).
        std::function<bool(PurpleMediaCandidate *)> deliverIf;
    };

    explicit MediaRig(Options options);
    ~MediaRig();

    MediaSide a; ///< the caller (initiator)
    MediaSide b; ///< the callee
    static constexpr const char *kSession = "audio-session";

    /// A adds its stream and gathers; true once its candidates are prepared.
    bool startCaller();
    /// B receives the "session-initiate": its stream, A's codecs (or `offerOverride`), A's
    /// candidates. Does not accept.
    bool deliverOffer(PurpleMediaCodec *const *offerOverride = nullptr, int overrideCount = 0);
    /// B accepts; once its candidates are prepared A gets B's answer codecs and candidates and
    /// the stream-level ACCEPT, as the prpl does on session-accept.
    bool acceptAndAnswer();
    /// The whole set-up; true once both sides are CONNECTED.
    bool connect(int timeoutMs = 30000);

    std::vector<PurpleMediaCodec *> codecsOf(MediaSide &side);
    void hangUp(MediaSide &side);

private:
    void attach(MediaSide &side);
    GList *deliverable(GList *candidates) const;
    Options m_options;
    PurpleAccount *m_accountA = nullptr;
    PurpleAccount *m_accountB = nullptr;
};

/// Frees a GList of PurpleMediaCandidate (or codecs) in one go.
void freeObjectList(GList *list);

} // namespace crosstalk::test
