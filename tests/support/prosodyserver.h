// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tests/support/serverprocess.h"
#include "tests/support/tempdir.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace crosstalk::test {

/// A throwaway Prosody XMPP server on a free loopback port, for one test.
/// Domain "localhost", MUC at "conference.localhost".
class ProsodyServer
{
public:
    struct Options
    {
        bool tls = true;          ///< STARTTLS with a self-signed certificate made for this run
        bool offlineStorage = false;
    };

    ProsodyServer() : ProsodyServer(Options{}) {}
    explicit ProsodyServer(Options options);
    ~ProsodyServer();

    /// Writes the config, makes the certificate, starts and waits until it accepts.
    bool start(QString *error = nullptr);
    void stop();
    /// SIGKILL: the server vanishes as in a crash.
    void kill();
    /// Starts again on the same port with the same data.
    bool restart(QString *error = nullptr);
    bool isRunning() const { return m_process && m_process->isRunning(); }

    /// Creates a user (works before or after start).
    bool addUser(const QString &user, const QString &password, QString *error = nullptr);
    /// Pre-fills user's roster with mutual ("both") subscriptions to contacts (bare JIDs),
    /// spread round-robin over `groups` groups ("Friends", then "Group 2"...).
    bool setMutualRoster(const QString &user, const QStringList &contacts, int groups = 1);
    /// Makes every one of users a mutual buddy of every other.
    bool setEveryoneBuddies(const QStringList &users);

    quint16 port() const { return m_port; }
    QString domain() const { return QStringLiteral("localhost"); }
    QString mucDomain() const { return QStringLiteral("conference.localhost"); }
    QString jid(const QString &user) const { return user + QLatin1Char('@') + domain(); }
    /// PEM of the server certificate, to pin in a client's trust store.
    QByteArray certificatePem() const;
    QString logTail() const { return m_process ? m_process->logTail() : QString(); }

private:
    bool writeConfig(QString *error);
    bool makeCertificate(QString *error);
    QString configPath() const { return m_dir.filePath(QStringLiteral("prosody.cfg.lua")); }

    Options m_options;
    TempDir m_dir;
    quint16 m_port = 0;
    std::unique_ptr<ServerProcess> m_process;
};

} // namespace crosstalk::test
