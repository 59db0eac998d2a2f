// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/secrets/passwordkeeper.h"

namespace crosstalk {

PasswordKeeper::PasswordKeeper(AccountService &accounts, SecretGate &gate, SecretVault &vault, QObject *parent)
    : PromptService(parent)
    , m_accounts(accounts)
    , m_gate(gate)
    , m_vault(vault)
{
    for (const AccountInfo &info : accounts.accounts())
        m_keys.insert(info.id, {info.spec.protocolId, info.spec.username});
    connect(&accounts, &AccountService::accountAdded, this, [this](AccountId id) {
        if (const auto info = m_accounts.account(id))
            m_keys.insert(id, {info->spec.protocolId, info->spec.username});
    });
    connect(&accounts, &AccountService::accountRemoved, this, [this](AccountId id) {
        if (Prompt *prompt = m_asking.take(id))
            prompt->withdraw();
        const auto key = m_keys.take(id);
        if (!key.protocolId.isEmpty())
            m_vault.remove(key, [this](const SecretResult &r) { noteResult(r); });
    });
    connect(&accounts, &AccountService::connectionStateChanged, this,
            [this](AccountId id, ConnectionState state, const QString &) {
                // A password typed only for this sign-on leaves memory once it has been used.
                if ((state == ConnectionState::Connected || state == ConnectionState::Error)
                    && m_forgetAfterSignOn.remove(id))
                    m_accounts.provideSecret(id, QString());
            });
    gate.setPasswordRequester([this](AccountId id) { onPasswordWanted(id); });
}

std::optional<SecretKey> PasswordKeeper::keyOf(AccountId id) const
{
    if (const auto info = m_accounts.account(id))
        return SecretKey{info->spec.protocolId, info->spec.username};
    return std::nullopt;
}

void PasswordKeeper::noteResult(const SecretResult &result)
{
    const bool available = result.status != SecretResult::Status::Unavailable;
    const QString problem = available ? QString() : result.error;
    if (available == m_keyringAvailable && problem == m_keyringProblem)
        return;
    m_keyringAvailable = available;
    m_keyringProblem = problem;
    Q_EMIT keyringAvailabilityChanged(available, problem);
}

void PasswordKeeper::onPasswordWanted(AccountId id)
{
    const auto key = keyOf(id);
    if (!key || m_reading.contains(id) || m_asking.value(id))
        return;
    m_reading.insert(id);
    QPointer<PasswordKeeper> self(this);
    m_vault.read(*key, [self, id](const SecretResult &result) {
        if (!self)
            return;
        self->m_reading.remove(id);
        self->noteResult(result);
        if (!self->m_accounts.account(id))
            return;
        switch (result.status) {
        case SecretResult::Status::Ok:
            // An empty entry is the user's "this account has no password" (IRC without
            // NickServ), saved so that the question is not asked at every start.
            if (result.password.isEmpty() && !self->m_gate.requiresPassword(id)) {
                self->m_gate.signOnWithoutPassword(id);
                return;
            }
            self->m_accounts.provideSecret(id, result.password);
            self->m_accounts.connectAccount(id);
            return;
        case SecretResult::Status::NotFound:
            // A locked keyring says the same through qtkeychain (it does not unlock).
            self->ask(id, tr("No password is saved for this account (or the keyring is locked)."));
            return;
        case SecretResult::Status::Unavailable:
            self->ask(id, tr("No keyring is available (%1), so the password cannot be saved.").arg(result.error));
            return;
        case SecretResult::Status::Refused:
            self->ask(id, tr("The keyring refused to give the password (%1).").arg(result.error));
            return;
        }
    });
}

void PasswordKeeper::ask(AccountId id, const QString &why)
{
    const auto info = m_accounts.account(id);
    if (!info)
        return;
    const bool keyring = m_keyringAvailable;
    auto *prompt = new Prompt(Prompt::Kind::Password, tr("Password needed"),
                              tr("Enter the password for %1").arg(info->spec.username), why,
                              {tr("Sign on"), tr("Cancel")}, 0, 1, this);
    prompt->setAccountId(id.value());
    prompt->setFields({
        {passwordField(), m_gate.requiresPassword(id) ? tr("Password") : tr("Password (may be empty)"),
         PromptField::Type::Password, QString(), {}, m_gate.requiresPassword(id)},
        {keepField(), keyring ? tr("Save in the keyring") : tr("Keep for this session"),
         PromptField::Type::Boolean, true, {}, false},
    });
    m_asking.insert(id, prompt);
    connect(prompt, &Prompt::withdrawn, prompt, &QObject::deleteLater);
    connect(prompt, &Prompt::answered, this, [this, prompt, id, keyring](int action) {
        prompt->deleteLater();
        m_asking.remove(id);
        const QString password = prompt->fieldValue(passwordField()).toString();
        if (action == 0 && password.isEmpty() && !m_gate.requiresPassword(id)) {
            if (keyring && prompt->fieldValue(keepField()).toBool()) {
                if (const auto key = keyOf(id))
                    m_vault.write(*key, QString(), [this](const SecretResult &r) { noteResult(r); });
            }
            m_gate.signOnWithoutPassword(id);
            return;
        }
        if (action != 0 || password.isEmpty()) {
            // The user would rather not sign on now; the account stays enabled for next time.
            m_accounts.disconnectAccount(id);
            return;
        }
        const bool keep = prompt->fieldValue(keepField()).toBool();
        m_accounts.provideSecret(id, password);
        if (keep && keyring) {
            if (const auto key = keyOf(id))
                m_vault.write(*key, password, [this](const SecretResult &r) { noteResult(r); });
        } else if (!keep) {
            m_forgetAfterSignOn.insert(id);
        }
        m_accounts.connectAccount(id);
    });
    Q_EMIT promptRaised(prompt);
}

void PasswordKeeper::setPassword(AccountId id, const QString &password, SecretVault::Callback done)
{
    m_accounts.provideSecret(id, password);
    const auto key = keyOf(id);
    if (!key) {
        if (done)
            done({SecretResult::Status::NotFound, {}, tr("no such account")});
        return;
    }
    m_keys.insert(id, *key);
    QPointer<PasswordKeeper> self(this);
    m_vault.write(*key, password, [self, done](const SecretResult &result) {
        if (self)
            self->noteResult(result);
        if (done)
            done(result);
    });
}

} // namespace crosstalk
