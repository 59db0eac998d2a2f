// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/protocols/purplefixture.h"

#include "tests/support/waitfor.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>

namespace crosstalk::test {

namespace {

protocols::PurpleBackend::Options backendOptions(const QString &userDir, ReconnectSettings reconnect,
                                                 const PurpleFixture::Configure &configure)
{
    protocols::PurpleBackend::Options options{userDir, reconnect};
    if (configure)
        configure(options);
    return options;
}

} // namespace

PurpleFixture::PurpleFixture(ReconnectSettings reconnect, const Configure &configure)
    : m_backend(std::make_unique<protocols::PurpleBackend>(
          backendOptions(m_dir.filePath(QStringLiteral("purple")), reconnect, configure)))
{
    QObject::connect(&messaging(), &MessagingService::imReceived, [this](const ImMessage &m) { received << m; });
    QObject::connect(&messaging(), &MessagingService::imSent, [this](const ImMessage &m) { sent << m; });
    QObject::connect(&chats(), &GroupChatService::chatMessageReceived,
                     [this](const ChatMessage &m) { chatMessages << m; });
    QObject::connect(&accounts(), &AccountService::connectionStateChanged,
                     [this](AccountId id, ConnectionState s, const QString &) { stateLog << qMakePair(id, s); });
    QObject::connect(&m_backend->prompts(), &PromptService::promptRaised, [this](Prompt *prompt) {
        for (const auto &[kind, labels] : std::as_const(m_rules)) {
            if (prompt->kind() != kind)
                continue;
            for (const QString &label : labels) {
                const int index = prompt->actionIndex(label);
                if (index >= 0) {
                    prompt->answer(index);
                    return;
                }
            }
        }
        m_prompts << QPointer<Prompt>(prompt);
    });
}

PurpleFixture::~PurpleFixture() = default;

void PurpleFixture::pinCertificate(const QByteArray &pem)
{
    const QString dir = userDir() + QStringLiteral("/certificates/x509/tls_peers");
    QDir().mkpath(dir);
    QFile file(dir + QStringLiteral("/127.0.0.1"));
    file.open(QIODevice::WriteOnly);
    file.write(pem);
}

void PurpleFixture::start()
{
    QString error;
    if (!m_backend->start(&error))
        FAIL("libpurple did not start: " << error.toStdString());
}

AccountId PurpleFixture::addXmppAccount(const QString &jid, const QString &password, quint16 port, bool requireTls)
{
    AccountSpec spec;
    spec.protocolId = QStringLiteral("prpl-jabber");
    spec.username = jid + QStringLiteral("/crosstalk");
    spec.enabled = false;
    spec.settings = {{QStringLiteral("connect_server"), QStringLiteral("127.0.0.1")},
                     {QStringLiteral("port"), int(port)},
                     {QStringLiteral("connection_security"),
                      requireTls ? QStringLiteral("require_tls") : QStringLiteral("opportunistic_tls")},
                     {QStringLiteral("auth_plain_in_clear"), true}};
    const AccountId id = accounts().addAccount(spec);
    accounts().provideSecret(id, password);
    accounts().setEnabled(id, true);
    return id;
}

AccountId PurpleFixture::addIrcAccount(const QString &nick, quint16 port)
{
    AccountSpec spec;
    spec.protocolId = QStringLiteral("prpl-irc");
    spec.username = nick + QStringLiteral("@127.0.0.1");
    spec.enabled = false;
    spec.settings = {{QStringLiteral("port"), int(port)}, {QStringLiteral("ssl"), false}};
    const AccountId id = accounts().addAccount(spec);
    accounts().setEnabled(id, true);
    return id;
}

ConnectionState PurpleFixture::state(AccountId id) const
{
    const auto info = m_backend->accounts().account(id);
    return info ? info->state : ConnectionState::Disconnected;
}

QString PurpleFixture::lastError(AccountId id) const
{
    const auto info = m_backend->accounts().account(id);
    return info ? info->lastError : QString();
}

bool PurpleFixture::waitForState(AccountId id, ConnectionState wanted, int timeoutMs)
{
    return waitFor([&] { return state(id) == wanted; }, timeoutMs);
}

void PurpleFixture::answerPrompts(Prompt::Kind kind, QStringList labels)
{
    m_rules.append({kind, std::move(labels)});
    for (const auto &prompt : std::as_const(m_prompts)) {
        if (!prompt || !prompt->isOpen() || prompt->kind() != kind)
            continue;
        for (const QString &label : m_rules.last().second) {
            if (prompt->actionIndex(label) >= 0) {
                prompt->answer(prompt->actionIndex(label));
                break;
            }
        }
    }
}

QList<QPointer<Prompt>> PurpleFixture::openPrompts() const
{
    QList<QPointer<Prompt>> open;
    for (const auto &p : m_prompts) {
        if (p && p->isOpen())
            open << p;
    }
    return open;
}

} // namespace crosstalk::test
