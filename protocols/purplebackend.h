// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/network/accountservice.h"
#include "core/network/callservice.h"
#include "core/network/filetransferservice.h"
#include "core/network/groupchatservice.h"
#include "core/network/messagingservice.h"
#include "core/network/prompt.h"
#include "core/network/protocoldescription.h"
#include "core/network/reconnectpolicy.h"
#include "core/network/rosterservice.h"
#include "core/secrets/secretgate.h"
#include "protocols/purplemediabackend.h"

#include <QString>

#include <memory>

namespace crosstalk::protocols {

class PurpleAccounts;
class PurpleCalls;
class PurpleFileTransfers;
class PurpleGroupChats;
class PurpleMessaging;
class PurplePrompts;
class PurpleProtocolOptions;
class PurpleRoster;
class PurpleRuntime;

/// How long libpurple's own callbacks have held the UI thread, for diagnostics and benchmarks.
struct PurpleLoopLoad
{
    qint64 busyNs = 0; ///< in all timer and network callbacks together
};

/// Everything libpurple does for Crosstalk, behind core's interfaces. One per process.
/// The composition root creates it, calls start(), and hands the services to the UI.
class PurpleBackend
{
public:
    struct Options
    {
        QString userDir; ///< libpurple's directory inside the profile
        ReconnectSettings reconnect;
        /// Accounts with an optional password (XMPP, IRC) also wait for the PasswordKeeper at
        /// start instead of signing on without one (the app sets it; bare protocol tests don't).
        bool waitForKeeper = false;
        /// Crosstalk's engine as libpurple's media backend: audio device factory, STUN/TURN.
        MediaBackendConfig media{};
        /// An unanswered call ends as "no answer" after this; an answered one whose media
        /// transport is not up after connectTimeoutMs as "connection failed".
        int ringTimeoutMs = 45000;
        int connectTimeoutMs = 30000;
    };

    explicit PurpleBackend(Options options);
    ~PurpleBackend();
    PurpleBackend(const PurpleBackend &) = delete;
    PurpleBackend &operator=(const PurpleBackend &) = delete;

    /// Initialises libpurple, loads every prpl and the saved accounts, and connects the
    /// enabled ones. Call with the Qt event loop about to run (on the main thread).
    bool start(QString *error);

    AccountService &accounts();
    RosterService &roster();
    MessagingService &messaging();
    GroupChatService &groupChats();
    PromptService &prompts();
    /// Voice calls (XMPP Jingle through libpurple, media in Crosstalk's engine).
    CallService &calls();
    FileTransferService &fileTransfers();
    /// Where accounts without a password in memory wait for one (the PasswordKeeper).
    SecretGate &secretGate();
    /// Account order and immediate reconnects, for the accounts dialog and network changes.
    AccountAdministration &accountAdministration();
    /// What every loaded protocol asks for, to generate account forms.
    ProtocolCatalog &protocolCatalog();
    /// Time libpurple's callbacks (network input, timers) have held the UI thread so far.
    static PurpleLoopLoad loopLoad();

private:
    Options m_options;
    std::unique_ptr<PurplePrompts> m_prompts;
    std::unique_ptr<PurpleAccounts> m_accounts;
    std::unique_ptr<PurpleRoster> m_roster;
    std::unique_ptr<PurpleMessaging> m_messaging;
    std::unique_ptr<PurpleGroupChats> m_groupChats;
    std::unique_ptr<PurpleProtocolOptions> m_protocolOptions;
    std::unique_ptr<PurpleCalls> m_calls;
    std::unique_ptr<PurpleFileTransfers> m_fileTransfers;
    std::unique_ptr<PurpleRuntime> m_runtime;
};

} // namespace crosstalk::protocols
