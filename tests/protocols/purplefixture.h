// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/message.h"
#include "core/network/prompt.h"
#include "protocols/purplebackend.h"
#include "tests/support/tempdir.h"

#include <QList>
#include <QPointer>

#include <functional>
#include <memory>

namespace crosstalk::test {

/// A libpurple backend in a throwaway profile, with every signal it emits recorded, and
/// prompts answered by rules a test sets (certificate, authorisation, "create room"...).
/// One per test process (libpurple is process-global; ctest runs each case on its own).
class PurpleFixture
{
public:
    using Configure = std::function<void(protocols::PurpleBackend::Options &)>;
    /// `configure` may set more backend options (media backend, call timeouts).
    explicit PurpleFixture(ReconnectSettings reconnect = {500, 2000, 2.0, 0.1}, const Configure &configure = {});
    ~PurpleFixture();

    protocols::PurpleBackend &backend() { return *m_backend; }
    AccountService &accounts() { return m_backend->accounts(); }
    RosterService &roster() { return m_backend->roster(); }
    MessagingService &messaging() { return m_backend->messaging(); }
    GroupChatService &chats() { return m_backend->groupChats(); }
    QString userDir() const { return m_dir.filePath(QStringLiteral("purple")); }

    /// Trusts this PEM for the TLS peer "127.0.0.1" (libpurple's pinned-peer store).
    void pinCertificate(const QByteArray &pem);
    void start();

    /// Adds an XMPP account on a local Prosody and enables it.
    AccountId addXmppAccount(const QString &jid, const QString &password, quint16 port, bool requireTls);
    AccountId addIrcAccount(const QString &nick, quint16 port);

    bool waitForState(AccountId id, ConnectionState state, int timeoutMs = 10000);
    ConnectionState state(AccountId id) const;
    QString lastError(AccountId id) const;

    /// Answers prompts whose kind matches with the first action whose label matches one of
    /// labels; prompts no rule matches are recorded and left open.
    void answerPrompts(Prompt::Kind kind, QStringList labels);
    QList<QPointer<Prompt>> openPrompts() const;

    QList<ImMessage> received;
    QList<ImMessage> sent;
    QList<ChatMessage> chatMessages;
    QList<QPair<AccountId, ConnectionState>> stateLog;

private:
    TempDir m_dir;
    std::unique_ptr<protocols::PurpleBackend> m_backend;
    QList<QPair<Prompt::Kind, QStringList>> m_rules;
    QList<QPointer<Prompt>> m_prompts;
};

} // namespace crosstalk::test
