// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/application.h"

#include "app/callsetup.h"
#include "app/conversationsetup.h"
#include "app/demo.h"
#include "app/desktopsetup.h"
#include "app/profile.h"
#include "core/calls/audiodevicechoice.h"
#include "core/contacts/contactcache.h"
#include "core/contacts/contactdirectory.h"
#include "core/contacts/contactsync.h"
#include "core/conversations/accountrows.h"
#include "core/store/accountrepository.h"
#include "core/store/connection.h"
#include "core/store/store.h"
#include "protocols/purplebackend.h"
#include "ui/avatarcache.h"
#include "ui/contactlistmodel.h"
#include "ui/contactlistview.h"
#include "ui/mainwindow.h"
#include "ui/promptdialog.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>

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
    m_calls.reset(); // an open call window hangs up through the backend, still alive here
    m_desktop.reset();
    m_conversations.reset();
    m_prompts.reset();
    m_window.reset();
    m_contactSync.reset();
    m_directory.reset();
    m_contactCache.reset();
    m_backend.reset();
    m_audioDevices.reset(); // after the backend, whose calls open devices through it
    m_store.reset(); // finishes queued writes before closing
    m_profile.reset(); // releases the profile lock while the demo's directory still exists
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

    openStore();
    // Calls open the devices the user chose (kept in desktop.ini), through the media backend.
    m_audioDevices = std::make_unique<calls::AudioDeviceChoice>(m_profile->path() + QStringLiteral("/desktop.ini"));
    protocols::PurpleBackend::Options backendOptions{m_profile->purpleDir(), {}, true};
    backendOptions.media.audioDevice = m_audioDevices->factory();
    m_backend = std::make_unique<protocols::PurpleBackend>(std::move(backendOptions));
    if (!m_backend->start(&error))
        return fail(error), 1;
    startContacts();

    m_window = std::make_unique<ui::MainWindow>(m_backend->accounts(), m_backend->roster(), *m_directory,
                                                *m_contactSync);
    // libpurple keeps every buddy icon in <purple dir>/icons, named by content hash.
    auto *avatars = new ui::AvatarCache(QDir(m_profile->purpleDir()).filePath(QStringLiteral("icons")), m_window.get());
    m_window->contactView()->setAvatarCache(avatars);
    // "Recent conversation" order: from the store at start, then from live traffic.
    m_contactCache->loadLastConversations().then(this, [this](QHash<PersonId, qint64> latest) {
        m_window->contactModel()->setLastActivities(std::move(latest));
    });
    for (auto signal : {&MessagingService::imReceived, &MessagingService::imSent}) {
        connect(&m_backend->messaging(), signal, this, [this](const ImMessage &message) {
            const PersonId person = m_directory->personOf(message.peer);
            if (person.isValid())
                m_window->contactModel()->setLastActivity(person, QDateTime::currentMSecsSinceEpoch());
        });
    }
    {
        const QString uiState = m_profile->path() + QStringLiteral("/ui.ini");
        m_window->restoreViewState(QSettings(uiState, QSettings::IniFormat).value(QStringLiteral("contactList")).toMap());
        connect(m_window.get(), &ui::MainWindow::viewStateChanged, this, [this, uiState] {
            QSettings(uiState, QSettings::IniFormat).setValue(QStringLiteral("contactList"), m_window->viewState());
        });
    }
    m_prompts = std::make_unique<ui::PromptPresenter>(m_backend->prompts(), m_window.get());
    m_conversations = std::make_unique<ConversationSetup>(
        *m_store,
        ConversationSetup::Services{m_backend->accounts(), m_backend->roster(), m_backend->messaging(),
                                    m_backend->groupChats(), m_backend->fileTransfers(), m_directory.get()},
        *m_window);
    m_desktop = std::make_unique<DesktopSetup>(m_profile->path(), *m_backend, m_window.get());
    connect(m_desktop.get(), &DesktopSetup::conversationRequested, m_window.get(), &ui::MainWindow::conversationRequested);
    connect(m_desktop.get(), &DesktopSetup::callRequested, m_window.get(), &ui::MainWindow::callRequested);
    connect(m_window.get(), &ui::MainWindow::addAccountRequested, m_desktop.get(), &DesktopSetup::addAccount);
    connect(m_window.get(), &ui::MainWindow::accountsRequested, m_desktop.get(), &DesktopSetup::showAccounts);
    connect(m_conversations.get(), &ConversationSetup::ready, m_desktop.get(), [this] {
        if (m_conversations->windows())
            m_desktop->followChatWindows(*m_conversations->windows());
    });
    // Calls: routes for the list, the call log, call window and toast, ring and missed calls.
    m_calls = std::make_unique<CallSetup>(*m_store, m_backend->calls(), m_backend->accounts(), *m_directory,
                                          *m_window);
    m_calls->followDesktop(m_desktop->notifier());
    m_calls->useAudio(*m_audioDevices, *m_window);
    m_calls->useAvatars(*avatars);
    connect(m_conversations.get(), &ConversationSetup::ready, m_calls.get(), [this] {
        if (m_conversations->windows())
            m_calls->followConversations(*m_conversations->windows());
    });

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

void Application::warn(const QString &message)
{
    std::fprintf(stderr, "crosstalk: %s\n", qPrintable(message));
    auto *box = new QMessageBox(QMessageBox::Warning, QStringLiteral("Crosstalk"), message, QMessageBox::Ok,
                                m_window.get());
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // never a nested event loop
}

void Application::openStore()
{
    m_store = std::make_unique<store::Store>(m_profile->databasePath());
    // Opening runs on the store's own thread; the window is up meanwhile.
    m_store->open()
        .then(this, [this](const store::OpenReport &report) {
            if (m_conversations)
                m_conversations->start();
            adoptStoredAccounts();
            if (!report.movedAsidePath.isEmpty()) {
                warn(QStringLiteral("Crosstalk's database was damaged (%1). It was moved aside to %2 and a "
                                    "new one was started; nothing was deleted.")
                         .arg(report.problem, report.movedAsidePath));
            }
        })
        .onFailed(this, [this](const store::StoreError &e) {
            warn(QStringLiteral("Crosstalk's database could not be opened: %1\nContacts and history will not be "
                                "kept until this is fixed.")
                     .arg(e.message()));
        });
}

void Application::adoptStoredAccounts()
{
    // Accounts the store has and libpurple does not (a Pidgin import) are created in
    // libpurple under the store's ids, so their buddies and history stay theirs.
    m_store->write([](store::Connection &db) { return store::AccountRepository(db).all(); })
        .then(this, [this](const QList<AccountInfo> &stored) {
            AccountService &accounts = m_backend->accounts();
            const QList<AccountInfo> live = accounts.accounts();
            for (const AccountInfo &a : stored) {
                const bool known = std::any_of(live.cbegin(), live.cend(), [&](const AccountInfo &l) {
                    return l.id == a.id
                           || (l.spec.protocolId == a.spec.protocolId && l.spec.username == a.spec.username);
                });
                if (!known && !accounts.addAccountWithId(a.spec, a.id).isValid())
                    warn(QStringLiteral("The account %1 could not be set up (its protocol is not installed).")
                             .arg(a.spec.username));
            }
        })
        .onFailed(this, [](const std::exception &) {}); // the open already told the user
}

void Application::startContacts()
{
    AccountService &accounts = m_backend->accounts();
    m_contactCache = std::make_unique<contacts::ContactCache>(*m_store);
    m_directory = std::make_unique<contacts::ContactDirectory>();
    m_contactSync = std::make_unique<contacts::ContactSync>(*m_directory, *m_contactCache, m_backend->roster(), accounts);
    // The store keeps the protocol layer's account ids. Queued right behind the open, so it
    // lands before any buddy or message of those accounts; rows the store has already (an
    // import's, say) are left as they are.
    conversations::mirrorAccounts(*m_store, accounts.accounts());
    connect(m_contactSync.get(), &contacts::ContactSync::storeFailed, this, [this](const QString &reason) {
        static bool told = false; // one warning, not one per write
        if (!told) {
            told = true;
            warn(QStringLiteral("Contacts could not be saved: %1").arg(reason));
        }
    });
    m_contactSync->loadFromCache();
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
