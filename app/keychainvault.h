// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/network/secretstore.h"
#include "core/secrets/secretvault.h"

namespace crosstalk::app {

/// The Secret Service (gnome-keyring, KWallet…) through qtkeychain. It lives in app/ because
/// qtkeychain pulls in QtDBus and core links Qt6::Core only; one class does not earn a layer.
///
/// Asynchronous for the UI (SecretVault); also the blocking SecretStore the Pidgin importer
/// calls from its worker thread. qtkeychain's insecure fallback (a plain-text QSettings file)
/// stays off: with no keyring, nothing is stored and the caller is told so.
class KeychainVault : public SecretVault, public SecretStore
{
    Q_OBJECT
public:
    /// service names the entries in the keyring ("Crosstalk"; tests use their own).
    explicit KeychainVault(QString service = QStringLiteral("Crosstalk"), QObject *parent = nullptr);

    void read(const SecretKey &key, Callback done) override;
    void write(const SecretKey &key, const QString &password, Callback done) override;
    void remove(const SecretKey &key, Callback done) override;

    /// Blocks the calling thread (never the main one: from there it fails fast) until the
    /// keyring has the password or has said no; gives up after 30 s.
    bool storePassword(AccountId account, const QString &protocolId, const QString &username,
                       const QString &password) override;

private:
    QString m_service;
};

} // namespace crosstalk::app
