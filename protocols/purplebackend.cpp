// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/purplebackend.h"

#include "protocols/purpleaccounts.h"
#include "protocols/purplecalls.h"
#include "protocols/purpleconversationops.h"
#include "protocols/purpleeventloop.h"
#include "protocols/purplefiletransfers.h"
#include "protocols/purplegroupchats.h"
#include "protocols/purplemessaging.h"
#include "protocols/purpleprompts.h"
#include "protocols/purpleprotocoloptions.h"
#include "protocols/purpleroster.h"
#include "protocols/purpleruntime.h"

namespace crosstalk::protocols {

PurpleBackend::PurpleBackend(Options options)
    : m_options(std::move(options))
    , m_prompts(std::make_unique<PurplePrompts>())
    , m_accounts(std::make_unique<PurpleAccounts>(*m_prompts, m_options.reconnect, m_options.waitForKeeper))
    , m_roster(std::make_unique<PurpleRoster>())
    , m_messaging(std::make_unique<PurpleMessaging>())
    , m_groupChats(std::make_unique<PurpleGroupChats>())
    , m_protocolOptions(std::make_unique<PurpleProtocolOptions>())
    , m_calls(std::make_unique<PurpleCalls>())
    , m_fileTransfers(std::make_unique<PurpleFileTransfers>(*m_prompts))
{
}

PurpleBackend::~PurpleBackend()
{
    // Calls end while the accounts are still up (so the peers hear a session-terminate);
    // then libpurple quits (it still calls ui ops on the way out), then the adapters go.
    m_calls->shutdown();
    m_runtime.reset();
    clearConversationUiOps();
}

bool PurpleBackend::start(QString *error)
{
    if (m_runtime)
        return true;
    m_runtime = std::make_unique<PurpleRuntime>(PurpleRuntime::Options{
        m_options.userDir,
        [this] {
            // Inside purple_core_init, as Finch does: every ui-ops family before the
            // subsystems load accounts and the buddy list.
            m_prompts->installUiOps();
            m_accounts->installUiOps();
            m_roster->installUiOps();
            installConversationUiOps(m_messaging.get(), m_groupChats.get());
            m_fileTransfers->installUiOps();
        }});
    if (!m_runtime->init(error)) {
        m_runtime.reset();
        return false;
    }
    // Before any account signs on: the XMPP prpl advertises Jingle audio only when the UI caps
    // say audio at sign-on.
    installMediaBackend(m_options.media);
    m_calls->setTimeouts({m_options.ringTimeoutMs, m_options.connectTimeoutMs});
    m_calls->start();
    m_roster->start();
    m_messaging->start();
    m_groupChats->start();
    m_accounts->start(m_runtime->protocols());
    return true;
}

AccountService &PurpleBackend::accounts() { return *m_accounts; }
RosterService &PurpleBackend::roster() { return *m_roster; }
MessagingService &PurpleBackend::messaging() { return *m_messaging; }
GroupChatService &PurpleBackend::groupChats() { return *m_groupChats; }
PromptService &PurpleBackend::prompts() { return *m_prompts; }
CallService &PurpleBackend::calls() { return *m_calls; }
FileTransferService &PurpleBackend::fileTransfers() { return *m_fileTransfers; }
SecretGate &PurpleBackend::secretGate() { return *m_accounts; }
AccountAdministration &PurpleBackend::accountAdministration() { return *m_accounts; }
ProtocolCatalog &PurpleBackend::protocolCatalog() { return *m_protocolOptions; }

PurpleLoopLoad PurpleBackend::loopLoad()
{
    return purpleLoopLoad();
}

} // namespace crosstalk::protocols
