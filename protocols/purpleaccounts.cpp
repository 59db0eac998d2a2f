// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/purpleaccounts.h"

#include "protocols/purpleaccountsettings.h"
#include "protocols/purpleconvert.h"
#include "protocols/purpleprompts.h"
#include "protocols/purpleruntime.h"

#include <purple.h>

namespace crosstalk::protocols {

namespace {

PurpleAccounts *g_accounts = nullptr;

// ---- connection ui ops ------------------------------------------------------------------

void connectProgress(PurpleConnection *gc, const char *, size_t, size_t)
{
    if (g_accounts)
        g_accounts->onConnecting(purple_connection_get_account(gc));
}

void connected(PurpleConnection *gc)
{
    if (g_accounts)
        g_accounts->onConnected(gc);
}

void disconnected(PurpleConnection *gc)
{
    if (g_accounts)
        g_accounts->onDisconnected(gc);
}

void reportDisconnectReason(PurpleConnection *gc, PurpleConnectionError reason, const char *text)
{
    if (g_accounts)
        g_accounts->onConnectionError(gc, int(reason), text);
}

PurpleConnectionUiOps g_connectionOps = {
    connectProgress, connected, disconnected, nullptr, nullptr, nullptr, nullptr,
    reportDisconnectReason, nullptr, nullptr, nullptr,
};

// ---- account ui ops ---------------------------------------------------------------------

void *requestAuthorize(PurpleAccount *account, const char *remoteUser, const char *, const char *,
                       const char *message, gboolean, PurpleAccountRequestAuthorizationCb authorize,
                       PurpleAccountRequestAuthorizationCb deny, void *userData)
{
    void *handle = nullptr;
    if (g_accounts)
        g_accounts->onAuthorizationRequest(account, remoteUser, message, authorize, deny, userData, &handle);
    return handle;
}

void requestAdd(PurpleAccount *account, const char *remoteUser, const char *, const char *alias, const char *)
{
    if (g_accounts)
        g_accounts->onAddRequest(account, remoteUser, alias);
}

void closeAccountRequest(void *handle)
{
    if (auto *prompts = PurplePrompts::instance())
        prompts->close(handle);
}

PurpleAccountUiOps g_accountOps = {
    nullptr, nullptr, requestAdd, requestAuthorize, closeAccountRequest,
    nullptr, nullptr, nullptr, nullptr,
};

void accountConnecting(PurpleAccount *account, gpointer)
{
    if (g_accounts)
        g_accounts->onConnecting(account);
}

void accountStatusChanging(PurpleAccount *account, PurpleStatus *, PurpleStatus *newStatus, gpointer)
{
    if (g_accounts && newStatus)
        g_accounts->onStatusChanging(account, purple_status_is_online(newStatus));
}

PurplePluginProtocolInfo *prplInfoOf(PurpleAccount *account)
{
    PurplePlugin *prpl = purple_find_prpl(purple_account_get_protocol_id(account));
    return prpl ? PURPLE_PLUGIN_PROTOCOL_INFO(prpl) : nullptr;
}

} // namespace

PurpleAccounts::PurpleAccounts(PurplePrompts &prompts, ReconnectSettings reconnect, bool holdOptional,
                               QObject *parent)
    : AccountService(parent)
    , m_prompts(prompts)
    , m_reconnect(reconnect)
    , m_holdOptional(holdOptional)
{
    g_accounts = this;
}

PurpleAccounts::~PurpleAccounts()
{
    if (g_accounts == this)
        g_accounts = nullptr;
}

PurpleAccounts *PurpleAccounts::instance()
{
    return g_accounts;
}

void PurpleAccounts::installUiOps()
{
    purple_connections_set_ui_ops(&g_connectionOps);
    purple_accounts_set_ui_ops(&g_accountOps);
}

void PurpleAccounts::start(const QList<ProtocolInfo> &protocols)
{
    m_protocols = protocols;
    purple_signal_connect(purple_accounts_get_handle(), "account-connecting", this,
                          PURPLE_CALLBACK(accountConnecting), nullptr);
    purple_signal_connect(purple_accounts_get_handle(), "account-status-changing", this,
                          PURPLE_CALLBACK(accountStatusChanging), nullptr);
    for (GList *it = purple_accounts_get_all(); it; it = it->next) {
        auto *account = static_cast<PurpleAccount *>(it->data);
        if (!accountIdOf(account).isValid())
            setAccountIdOf(account, nextId());
        // Crosstalk never lets libpurple keep a password (it may have been imported or
        // edited by hand): forget it on disk and keep it in memory for this session.
        if (purple_account_get_remember_password(account)) {
            runtimeOf(accountIdOf(account)).password = fromUtf8(purple_account_get_password(account));
            purple_account_set_remember_password(account, FALSE);
        }
    }
    for (GList *it = purple_accounts_get_all(); it; it = it->next) {
        auto *account = static_cast<PurpleAccount *>(it->data);
        if (purple_account_get_enabled(account, kUiId))
            goOnline(account);
    }
}

AccountId PurpleAccounts::nextId() const
{
    qint64 max = 0;
    for (GList *it = purple_accounts_get_all(); it; it = it->next)
        max = std::max(max, accountIdOf(static_cast<PurpleAccount *>(it->data)).value());
    return AccountId(max + 1);
}

PurpleAccounts::Runtime &PurpleAccounts::runtimeOf(AccountId id)
{
    Runtime &rt = m_runtime[id];
    if (!rt.backoff) {
        rt.backoff = std::make_unique<ReconnectPolicy>(m_reconnect);
        rt.retry = std::make_unique<QTimer>();
        rt.retry->setSingleShot(true);
        QObject::connect(rt.retry.get(), &QTimer::timeout, this, [this, id] {
            PurpleAccount *account = findAccount(id);
            if (account && m_runtime[id].wantOnline && purple_account_is_disconnected(account)) {
                qCInfo(lcPurple) << "reconnecting account" << id.value();
                goOnline(account);
            }
        });
    }
    return rt;
}

AccountInfo PurpleAccounts::infoOf(PurpleAccount *account) const
{
    AccountInfo info;
    info.id = accountIdOf(account);
    info.spec.protocolId = fromUtf8(purple_account_get_protocol_id(account));
    info.spec.username = fromUtf8(purple_account_get_username(account));
    info.spec.alias = fromUtf8(purple_account_get_alias(account));
    info.spec.enabled = purple_account_get_enabled(account, kUiId);
    info.spec.settings = accountSettings(account);
    const auto it = m_runtime.find(info.id);
    if (it != m_runtime.end()) {
        info.state = it->second.state;
        info.lastError = it->second.lastError;
    }
    return info;
}

QList<AccountInfo> PurpleAccounts::accounts() const
{
    QList<AccountInfo> result;
    for (GList *it = purple_accounts_get_all(); it; it = it->next)
        result << infoOf(static_cast<PurpleAccount *>(it->data));
    return result;
}

std::optional<AccountInfo> PurpleAccounts::account(AccountId id) const
{
    PurpleAccount *account = findAccount(id);
    if (!account)
        return std::nullopt;
    return infoOf(account);
}

AccountId PurpleAccounts::addAccount(const AccountSpec &spec)
{
    return addAccountWithId(spec, nextId());
}

AccountId PurpleAccounts::addAccountWithId(const AccountSpec &spec, AccountId wanted)
{
    if (!wanted.isValid() || findAccount(wanted)) {
        qCWarning(lcPurple) << "cannot add account: id" << wanted.value() << "is taken or invalid";
        return {};
    }
    const QByteArray protocol = spec.protocolId.toUtf8();
    if (!purple_find_prpl(protocol.constData())) {
        qCWarning(lcPurple) << "cannot add account: protocol not loaded:" << spec.protocolId;
        return {};
    }
    PurpleAccount *account = purple_account_new(spec.username.toUtf8().constData(), protocol.constData());
    if (!spec.alias.isEmpty())
        purple_account_set_alias(account, spec.alias.toUtf8().constData());
    purple_account_set_remember_password(account, FALSE);
    applyAccountSettings(account, spec.settings);
    const AccountId id = wanted;
    setAccountIdOf(account, id);
    purple_accounts_add(account);
    purple_account_set_enabled(account, kUiId, FALSE);
    runtimeOf(id);
    Q_EMIT accountAdded(id);
    if (spec.enabled)
        setEnabled(id, true);
    return id;
}

void PurpleAccounts::removeAccount(AccountId id)
{
    PurpleAccount *account = findAccount(id);
    if (!account)
        return;
    m_runtime.erase(id);
    purple_accounts_delete(account);
    Q_EMIT accountRemoved(id);
}

void PurpleAccounts::updateSettings(AccountId id, const QVariantMap &settings)
{
    if (PurpleAccount *account = findAccount(id))
        applyAccountSettings(account, settings);
}

void PurpleAccounts::provideSecret(AccountId id, const QString &password)
{
    Runtime &rt = runtimeOf(id);
    rt.password = password;
    PurpleAccount *account = findAccount(id);
    // An empty password means "forget it": libpurple gets NULL, not "" (which it would send).
    if (account)
        purple_account_set_password(account, password.isEmpty() ? nullptr : password.toUtf8().constData());
    if (!password.isEmpty()) {
        rt.heldForPassword = false;
        rt.withoutPassword = false;
    }
}

void PurpleAccounts::setEnabled(AccountId id, bool enabled)
{
    PurpleAccount *account = findAccount(id);
    if (!account)
        return;
    if (!enabled) {
        Runtime &rt = runtimeOf(id);
        rt.wantOnline = false;
        rt.retry->stop();
        purple_account_set_enabled(account, kUiId, FALSE);
        return;
    }
    // Enabling connects at once inside libpurple, so the password and an online status
    // must be in place before. Without a password the account is enabled quietly (the same
    // flag libpurple sets, without its connect) and waits for one.
    prepareToConnect(account);
    if (holdForPassword(account)) {
        purple_account_set_ui_bool(account, kUiId, "auto-login", TRUE);
        return;
    }
    purple_account_set_enabled(account, kUiId, TRUE);
    goOnline(account);
}

bool PurpleAccounts::requiresPassword(AccountId id) const
{
    PurpleAccount *account = findAccount(id);
    PurplePluginProtocolInfo *info = account ? prplInfoOf(account) : nullptr;
    return info && !(info->options & OPT_PROTO_NO_PASSWORD) && !(info->options & OPT_PROTO_PASSWORD_OPTIONAL);
}

bool PurpleAccounts::acceptsPassword(AccountId id) const
{
    PurpleAccount *account = findAccount(id);
    PurplePluginProtocolInfo *info = account ? prplInfoOf(account) : nullptr;
    return info && !(info->options & OPT_PROTO_NO_PASSWORD);
}

void PurpleAccounts::signOnWithoutPassword(AccountId id)
{
    PurpleAccount *account = findAccount(id);
    if (!account)
        return;
    runtimeOf(id).withoutPassword = true;
    connectAccount(id);
}

bool PurpleAccounts::hasPassword(AccountId id) const
{
    const auto it = m_runtime.find(id);
    return it != m_runtime.end() && !it->second.password.isEmpty();
}

bool PurpleAccounts::holdForPassword(PurpleAccount *account)
{
    const AccountId id = accountIdOf(account);
    Runtime &rt = runtimeOf(id);
    if (!acceptsPassword(id) || hasPassword(id) || rt.withoutPassword)
        return false;
    // An optional password nobody can supply: sign on without, as libpurple would.
    if (!requiresPassword(id) && !m_holdOptional && !m_passwordRequester)
        return false;
    rt.heldForPassword = true;
    qCInfo(lcPurple) << "account" << id.value() << "waits for its password";
    if (m_passwordRequester)
        m_passwordRequester(id);
    return true;
}

void PurpleAccounts::setPasswordRequester(std::function<void(AccountId)> requester)
{
    m_passwordRequester = std::move(requester);
    QList<AccountId> held;
    for (const auto &[id, rt] : m_runtime) {
        if (rt.heldForPassword && rt.wantOnline)
            held << id;
    }
    for (AccountId id : held) {
        if (m_passwordRequester)
            m_passwordRequester(id);
    }
}

void PurpleAccounts::onStatusChanging(PurpleAccount *account, bool online)
{
    const AccountId id = accountIdOf(account);
    if (!online || !purple_account_is_disconnected(account) || !id.isValid())
        return;
    Runtime &rt = runtimeOf(id);
    rt.wantOnline = true;
    if (!rt.password.isEmpty())
        purple_account_set_password(account, rt.password.toUtf8().constData());
}

void PurpleAccounts::moveAccount(AccountId id, int index)
{
    if (PurpleAccount *account = findAccount(id))
        purple_accounts_reorder(account, std::max(0, index));
}

void PurpleAccounts::reconnectNow(AccountId id)
{
    PurpleAccount *account = findAccount(id);
    if (!account || !purple_account_get_enabled(account, kUiId))
        return;
    Runtime &rt = runtimeOf(id);
    rt.retry->stop();
    if (!purple_account_is_disconnected(account))
        purple_account_disconnect(account);
    goOnline(account);
}

void PurpleAccounts::reconnectAllWaiting()
{
    QList<AccountId> waiting;
    for (const auto &[id, rt] : m_runtime) {
        if (rt.wantOnline && rt.retry && rt.retry->isActive())
            waiting << id;
    }
    for (AccountId id : waiting) {
        qCInfo(lcPurple) << "network changed: retrying account" << id.value() << "now";
        reconnectNow(id);
    }
}

void PurpleAccounts::prepareToConnect(PurpleAccount *account)
{
    Runtime &rt = runtimeOf(accountIdOf(account));
    rt.wantOnline = true;
    // libpurple forgets a password it may not remember whenever the status goes offline.
    if (!rt.password.isEmpty())
        purple_account_set_password(account, rt.password.toUtf8().constData());
    // An account whose saved status is offline would stay offline when enabled.
    PurpleStatus *status = purple_account_get_active_status(account);
    if (!status || !purple_status_is_online(status)) {
        PurpleStatusType *type = purple_account_get_status_type_with_primitive(account, PURPLE_STATUS_AVAILABLE);
        if (type)
            purple_account_set_status(account, purple_status_type_get_id(type), TRUE, nullptr);
    }
}

void PurpleAccounts::goOnline(PurpleAccount *account)
{
    prepareToConnect(account);
    if (holdForPassword(account))
        return;
    if (purple_account_is_disconnected(account))
        purple_account_connect(account);
}

void PurpleAccounts::connectAccount(AccountId id)
{
    if (PurpleAccount *account = findAccount(id)) {
        runtimeOf(id).retry->stop();
        goOnline(account);
    }
}

void PurpleAccounts::disconnectAccount(AccountId id)
{
    PurpleAccount *account = findAccount(id);
    if (!account)
        return;
    Runtime &rt = runtimeOf(id);
    rt.wantOnline = false;
    rt.retry->stop();
    if (!purple_account_is_disconnected(account))
        purple_account_disconnect(account);
    setState(id, ConnectionState::Disconnected);
}

void PurpleAccounts::setState(AccountId id, ConnectionState state, const QString &reason)
{
    Runtime &rt = runtimeOf(id);
    if (rt.state == state && rt.lastError == reason)
        return;
    rt.state = state;
    if (state == ConnectionState::Error)
        rt.lastError = reason;
    Q_EMIT connectionStateChanged(id, state, reason);
}

void PurpleAccounts::onConnecting(PurpleAccount *account)
{
    setState(accountIdOf(account), ConnectionState::Connecting);
}

void PurpleAccounts::onConnected(PurpleConnection *gc)
{
    const AccountId id = accountIdOf(purple_connection_get_account(gc));
    Runtime &rt = runtimeOf(id);
    rt.backoff->reset();
    rt.retry->stop();
    rt.lastError.clear();
    // A password the protocol asked for itself during sign-on (an optional one) is kept in
    // memory like any other, so a reconnect does not ask again.
    if (rt.password.isEmpty() && !rt.withoutPassword) {
        if (const char *password = purple_account_get_password(purple_connection_get_account(gc)))
            rt.password = fromUtf8(password);
    }
    setState(id, ConnectionState::Connected);
}

void PurpleAccounts::onDisconnected(PurpleConnection *gc)
{
    const AccountId id = accountIdOf(purple_connection_get_account(gc));
    // An error already explained the disconnect; keep showing it.
    if (runtimeOf(id).state != ConnectionState::Error)
        setState(id, ConnectionState::Disconnected);
}

namespace {

// "host:port" the account dials, for network errors whose text names no place.
QString endpointOf(PurpleAccount *account)
{
    QString host = fromUtf8(purple_account_get_string(account, "connect_server", nullptr));
    if (host.isEmpty()) {
        const QString user = fromUtf8(purple_account_get_username(account));
        host = user.section(QLatin1Char('@'), 1).section(QLatin1Char('/'), 0, 0);
    }
    const int port = purple_account_get_int(account, "port", 0);
    return port > 0 ? QStringLiteral("%1:%2").arg(host).arg(port) : host;
}

} // namespace

void PurpleAccounts::onConnectionError(PurpleConnection *gc, int reason, const char *text)
{
    PurpleAccount *account = purple_connection_get_account(gc);
    const AccountId id = accountIdOf(account);
    QString message = fromUtf8(text);
    if (reason == PURPLE_CONNECTION_ERROR_NETWORK_ERROR) {
        const QString endpoint = endpointOf(account);
        if (!endpoint.isEmpty() && !message.contains(endpoint))
            message += QStringLiteral(" (%1)").arg(endpoint);
    }
    qCInfo(lcPurple) << "account" << id.value() << "connection error" << reason << message;
    setState(id, ConnectionState::Error, message);
    if (!purple_connection_error_is_fatal(static_cast<PurpleConnectionError>(reason)))
        scheduleReconnect(id);
}

void PurpleAccounts::scheduleReconnect(AccountId id)
{
    Runtime &rt = runtimeOf(id);
    if (!rt.wantOnline)
        return;
    const int delay = rt.backoff->nextDelayMs();
    rt.retry->start(delay);
    Q_EMIT reconnectScheduled(id, delay);
}

void PurpleAccounts::onAuthorizationRequest(PurpleAccount *account, const char *remoteUser,
                                            const char *message, void (*authorize)(void *),
                                            void (*deny)(void *), void *userData, void **handle)
{
    const QString who = fromUtf8(remoteUser);
    auto *prompt = new Prompt(Prompt::Kind::Authorization, QStringLiteral("Authorization request"),
                              QStringLiteral("%1 wants to add %2 to their buddy list")
                                  .arg(who, fromUtf8(purple_account_get_username(account))),
                              fromUtf8(message), {QStringLiteral("Authorize"), QStringLiteral("Deny")},
                              0, 1);
    *handle = m_prompts.raise(prompt, [authorize, deny, userData](Prompt &, int action) {
        (action == 0 ? authorize : deny)(userData);
    });
}

void PurpleAccounts::onAddRequest(PurpleAccount *account, const char *remoteUser, const char *alias)
{
    const QByteArray who(remoteUser ? remoteUser : "");
    const QByteArray nick(alias ? alias : "");
    const AccountId id = accountIdOf(account);
    auto *prompt = new Prompt(Prompt::Kind::Question, QStringLiteral("Add to buddy list?"),
                              QStringLiteral("%1 added you. Add them to your buddy list?").arg(fromUtf8(remoteUser)),
                              {}, {QStringLiteral("Add"), QStringLiteral("Not now")}, 0, 1);
    m_prompts.raise(prompt, [id, who, nick](Prompt &, int action) {
        PurpleAccount *acct = findAccount(id);
        if (action != 0 || !acct || purple_find_buddy(acct, who.constData()))
            return;
        PurpleBuddy *buddy = purple_buddy_new(acct, who.constData(), nick.isEmpty() ? nullptr : nick.constData());
        purple_blist_add_buddy(buddy, nullptr, nullptr, nullptr);
        purple_account_add_buddy(acct, buddy);
    });
}

} // namespace crosstalk::protocols
