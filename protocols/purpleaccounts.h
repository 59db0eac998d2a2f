// SPDX-License-Identifier: GPL-3.0-or-later
// Private to protocols/: accounts and connections (libpurple's account and connection ui ops).
#pragma once

#include "core/network/accountservice.h"
#include "core/network/protocoldescription.h"
#include "core/network/reconnectpolicy.h"
#include "core/secrets/secretgate.h"

#include <QTimer>

#include <functional>
#include <map>
#include <memory>

typedef struct _PurpleAccount PurpleAccount;
typedef struct _PurpleConnection PurpleConnection;

namespace crosstalk::protocols {

class PurplePrompts;

class PurpleAccounts : public AccountService, public SecretGate, public AccountAdministration
{
    Q_OBJECT
public:
    /// holdOptional: accounts whose password is optional wait for the requester too, even
    /// before one is set (see PurpleBackend::Options::waitForKeeper).
    PurpleAccounts(PurplePrompts &prompts, ReconnectSettings reconnect, bool holdOptional = false,
                   QObject *parent = nullptr);
    ~PurpleAccounts() override;

    void installUiOps();
    /// After libpurple is up: gives every loaded account an id, connects enabled ones.
    void start(const QList<ProtocolInfo> &protocols);

    QList<ProtocolInfo> protocols() const override { return m_protocols; }
    QList<AccountInfo> accounts() const override;
    std::optional<AccountInfo> account(AccountId id) const override;
    AccountId addAccount(const AccountSpec &spec) override;
    AccountId addAccountWithId(const AccountSpec &spec, AccountId id) override;
    void removeAccount(AccountId id) override;
    void updateSettings(AccountId id, const QVariantMap &settings) override;
    void provideSecret(AccountId id, const QString &password) override;
    void setEnabled(AccountId id, bool enabled) override;
    void connectAccount(AccountId id) override;
    void disconnectAccount(AccountId id) override;

    // SecretGate
    bool requiresPassword(AccountId id) const override;
    bool acceptsPassword(AccountId id) const override;
    bool hasPassword(AccountId id) const override;
    void signOnWithoutPassword(AccountId id) override;
    void setPasswordRequester(std::function<void(AccountId)> requester) override;

    // AccountAdministration
    void moveAccount(AccountId id, int index) override;
    void reconnectNow(AccountId id) override;
    void reconnectAllWaiting() override;

    /// libpurple is about to change the account's status (it connects when the new one is
    /// online): the in-memory password must be in place first.
    void onStatusChanging(PurpleAccount *account, bool online);

    // Called from the C ui ops.
    void onConnecting(PurpleAccount *account);
    void onConnected(PurpleConnection *gc);
    void onDisconnected(PurpleConnection *gc);
    void onConnectionError(PurpleConnection *gc, int reason, const char *text);
    void onAuthorizationRequest(PurpleAccount *account, const char *remoteUser, const char *message,
                                void (*authorize)(void *), void (*deny)(void *), void *userData,
                                void **handle);
    void onAddRequest(PurpleAccount *account, const char *remoteUser, const char *alias);

    static PurpleAccounts *instance();

private:
    struct Runtime
    {
        ConnectionState state = ConnectionState::Disconnected;
        QString lastError;
        QString password; ///< in memory only; re-applied before every connect
        bool wantOnline = false;
        bool heldForPassword = false; ///< waits for the requester to supply a password
        bool withoutPassword = false; ///< an optional password nobody has: sign on anyway
        std::unique_ptr<ReconnectPolicy> backoff;
        std::unique_ptr<QTimer> retry;
    };

    AccountInfo infoOf(PurpleAccount *account) const;
    Runtime &runtimeOf(AccountId id);
    void setState(AccountId id, ConnectionState state, const QString &reason = {});
    void prepareToConnect(PurpleAccount *account);
    void goOnline(PurpleAccount *account);
    /// True (and the requester asked) when the account cannot sign on for want of a password.
    bool holdForPassword(PurpleAccount *account);
    void scheduleReconnect(AccountId id);
    AccountId nextId() const;

    PurplePrompts &m_prompts;
    ReconnectSettings m_reconnect;
    QList<ProtocolInfo> m_protocols;
    std::function<void(AccountId)> m_passwordRequester;
    bool m_holdOptional = false;
    std::map<AccountId, Runtime> m_runtime; // QHash needs copyable values
};

} // namespace crosstalk::protocols
