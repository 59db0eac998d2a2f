// SPDX-License-Identifier: GPL-3.0-or-later
// Private to protocols/: accounts and connections (libpurple's account and connection ui ops).
#pragma once

#include "core/network/accountservice.h"
#include "core/network/reconnectpolicy.h"

#include <QTimer>

#include <map>
#include <memory>

typedef struct _PurpleAccount PurpleAccount;
typedef struct _PurpleConnection PurpleConnection;

namespace crosstalk::protocols {

class PurplePrompts;

class PurpleAccounts : public AccountService
{
    Q_OBJECT
public:
    PurpleAccounts(PurplePrompts &prompts, ReconnectSettings reconnect, QObject *parent = nullptr);
    ~PurpleAccounts() override;

    void installUiOps();
    /// After libpurple is up: gives every loaded account an id, connects enabled ones.
    void start(const QList<ProtocolInfo> &protocols);

    QList<ProtocolInfo> protocols() const override { return m_protocols; }
    QList<AccountInfo> accounts() const override;
    std::optional<AccountInfo> account(AccountId id) const override;
    AccountId addAccount(const AccountSpec &spec) override;
    void removeAccount(AccountId id) override;
    void updateSettings(AccountId id, const QVariantMap &settings) override;
    void provideSecret(AccountId id, const QString &password) override;
    void setEnabled(AccountId id, bool enabled) override;
    void connectAccount(AccountId id) override;
    void disconnectAccount(AccountId id) override;

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
        std::unique_ptr<ReconnectPolicy> backoff;
        std::unique_ptr<QTimer> retry;
    };

    AccountInfo infoOf(PurpleAccount *account) const;
    Runtime &runtimeOf(AccountId id);
    void setState(AccountId id, ConnectionState state, const QString &reason = {});
    void applySettings(PurpleAccount *account, const QVariantMap &settings);
    void prepareToConnect(PurpleAccount *account);
    void goOnline(PurpleAccount *account);
    void scheduleReconnect(AccountId id);
    AccountId nextId() const;

    PurplePrompts &m_prompts;
    ReconnectSettings m_reconnect;
    QList<ProtocolInfo> m_protocols;
    std::map<AccountId, Runtime> m_runtime; // QHash needs copyable values
};

} // namespace crosstalk::protocols
