// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/application.h"

#include "app/conversationsetup.h"
#include "app/demo.h"
#include "app/profile.h"
#include "protocols/purplebackend.h"
#include "ui/mainwindow.h"
#include "ui/promptdialog.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QScreen>

#include <cstdio>

namespace crosstalk::app {

Application::Application(CommandLine commandLine, QObject *parent)
    : QObject(parent)
    , m_commandLine(std::move(commandLine))
{
}

Application::~Application()
{
    // Windows go before the services they watch; libpurple quits before the demo server.
    m_conversations.reset();
    m_prompts.reset();
    m_window.reset();
    m_backend.reset();
    m_demo.reset();
}

bool Application::fail(const QString &message)
{
    std::fprintf(stderr, "crosstalk: %s\n", qPrintable(message));
    QMessageBox::critical(nullptr, QStringLiteral("Crosstalk"), message);
    return false;
}

int Application::exec()
{
    QString profileDir = m_commandLine.profileDir;
    if (m_commandLine.demo) {
        if (!DemoServer::isAvailable()) {
            fail(QStringLiteral("The demo runs a local Prosody XMPP server, which is not installed.\n"
                                "Install it with: sudo apt-get install prosody openssl\n"
                                "(scripts/run installs it for you)."));
            return 1;
        }
        m_demo = std::make_unique<Demo>(QCoreApplication::applicationFilePath());
        profileDir = m_demo->aliceProfile();
    }

    m_profile = std::make_unique<Profile>(profileDir);
    QString error;
    if (!m_profile->open(&error))
        return fail(error), 1;
    if (m_commandLine.demoPeer)
        pinDemoCertificate(m_commandLine.demoPeer->certificate);

    m_backend = std::make_unique<protocols::PurpleBackend>(protocols::PurpleBackend::Options{m_profile->purpleDir(), {}});
    if (!m_backend->start(&error))
        return fail(error), 1;

    m_window = std::make_unique<ui::MainWindow>(m_backend->accounts(), m_backend->roster());
    m_prompts = std::make_unique<ui::PromptPresenter>(m_backend->prompts(), m_window.get());
    m_conversations = std::make_unique<ConversationSetup>(
        m_profile->databasePath(),
        ConversationSetup::Services{m_backend->accounts(), m_backend->roster(), m_backend->messaging(),
                                    m_backend->groupChats()},
        *m_window);
    connect(m_conversations.get(), &ConversationSetup::failed, this, [this](const QString &reason) {
        fail(QStringLiteral("The history database could not be opened: ") + reason);
    });
    m_conversations->start();

    if (m_commandLine.demoPeer) {
        signOnDemoAccount(*m_commandLine.demoPeer, qEnvironmentVariable("CROSSTALK_DEMO_PASSWORD"));
    } else if (m_demo) {
        m_window->setWindowTitle(QStringLiteral("Crosstalk — starting the demo server…"));
        connect(m_demo.get(), &Demo::aliceReady, this,
                [this](const CommandLine::DemoPeer &peer, const QString &password) {
                    pinDemoCertificate(peer.certificate);
                    signOnDemoAccount(peer, password);
                });
        connect(m_demo.get(), &Demo::failed, this, [this](const QString &reason) {
            fail(QStringLiteral("The demo server could not start: ") + reason);
        });
        m_demo->start();
    }
    m_window->show();
    return QApplication::exec();
}

void Application::pinDemoCertificate(const QString &pemPath)
{
    // The demo server's certificate is self-signed and made for this run: trust exactly it.
    const QString dir = m_profile->purpleDir() + QStringLiteral("/certificates/x509/tls_peers");
    QDir().mkpath(dir);
    QFile::remove(dir + QStringLiteral("/127.0.0.1"));
    QFile::copy(pemPath, dir + QStringLiteral("/127.0.0.1"));
}

void Application::signOnDemoAccount(const CommandLine::DemoPeer &peer, const QString &password)
{
    AccountId id;
    for (const AccountInfo &info : m_backend->accounts().accounts()) {
        if (info.spec.username.startsWith(peer.jid + QLatin1Char('/')))
            id = info.id;
    }
    if (!id.isValid()) {
        AccountSpec spec;
        spec.protocolId = QStringLiteral("prpl-jabber");
        spec.username = peer.jid + QStringLiteral("/Crosstalk");
        spec.enabled = false;
        spec.settings = {{QStringLiteral("connect_server"), QStringLiteral("127.0.0.1")},
                         {QStringLiteral("port"), int(peer.port)},
                         {QStringLiteral("connection_security"), QStringLiteral("require_tls")}};
        id = m_backend->accounts().addAccount(spec);
    }
    m_backend->accounts().provideSecret(id, password);
    m_backend->accounts().setEnabled(id, true);

    m_window->setWindowTitle(QStringLiteral("Crosstalk — %1 (demo)").arg(peer.jid));
    // Side by side, so both windows of the demo are visible at once.
    if (const QScreen *screen = QGuiApplication::primaryScreen()) {
        const QRect area = screen->availableGeometry();
        const int width = std::min(420, area.width() / 2);
        m_window->setGeometry(area.x() + (peer.rightHalf ? area.width() / 2 : 0) + 20, area.y() + 40, width,
                              std::min(600, area.height() - 80));
    }
}

} // namespace crosstalk::app
