// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/network/accountservice.h"
#include "core/network/prompt.h"
#include "core/secrets/secretgate.h"
#include "core/secrets/secretvault.h"

#include <QHash>
#include <QPointer>
#include <QSet>

namespace crosstalk {

/// Where account passwords come from and go to. Passwords live in the keyring (SecretVault)
/// and in the protocol layer's memory (AccountService::provideSecret) — never in a file.
///
/// When an account wants to sign on without a password in memory (the SecretGate reports
/// it), the keeper reads the keyring; when the keyring has no entry or does not answer at
/// all, it asks the user with a Password prompt (raised on itself, as a PromptService).
/// Without a keyring the user may keep the typed password for the session; otherwise it is
/// dropped from memory once the sign-on is over.
class PasswordKeeper : public PromptService
{
    Q_OBJECT
public:
    PasswordKeeper(AccountService &accounts, SecretGate &gate, SecretVault &vault, QObject *parent = nullptr);

    /// A password the user typed (accounts dialog, remote add-account): in memory at once,
    /// into the keyring when one answers. done (optional) reports the keyring's result.
    void setPassword(AccountId id, const QString &password, SecretVault::Callback done = {});

    /// Whether the last keyring operation found a keyring answering (true until one fails).
    bool keyringAvailable() const { return m_keyringAvailable; }
    QString keyringProblem() const { return m_keyringProblem; }

    /// Field ids of the Password prompt, for tests and the UI.
    static QString passwordField() { return QStringLiteral("password"); }
    static QString keepField() { return QStringLiteral("keep"); }

Q_SIGNALS:
    void keyringAvailabilityChanged(bool available, const QString &problem);

private:
    void onPasswordWanted(AccountId id);
    void ask(AccountId id, const QString &why);
    void noteResult(const SecretResult &result);
    std::optional<SecretKey> keyOf(AccountId id) const;

    AccountService &m_accounts;
    SecretGate &m_gate;
    SecretVault &m_vault;
    QHash<AccountId, SecretKey> m_keys;          // kept so a removed account's entry can go too
    QHash<AccountId, QPointer<Prompt>> m_asking; // one password prompt per account at a time
    QSet<AccountId> m_reading;
    QSet<AccountId> m_forgetAfterSignOn;
    bool m_keyringAvailable = true;
    QString m_keyringProblem;
};

} // namespace crosstalk
