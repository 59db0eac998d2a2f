// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/desktopsetup.h"

#include "app/keychainvault.h"
#include "app/remotecontrol.h"
#include "core/presence/autoaway.h"
#include "core/presence/globalstatus.h"
#include "core/secrets/passwordkeeper.h"
#include "protocols/purplebackend.h"
#include "core/store/records.h"
#include "ui/accountsdialog.h"
#include "ui/chatwindowmanager.h"
#include "ui/idlesources.h"
#include "ui/notifier.h"
#include "ui/promptdialog.h"
#include "ui/statusmenu.h"
#include "ui/trayicon.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QSettings>
#include <QNetworkInformation>
#include <QTextDocumentFragment>
#include <QWidget>

namespace crosstalk::app {

namespace {

QString keyOf(const BuddyAddress &a)
{
    return QStringLiteral("im:%1:%2").arg(a.account.value()).arg(a.handle);
}

std::optional<BuddyAddress> buddyOf(const QString &key)
{
    if (!key.startsWith(QLatin1String("im:")))
        return std::nullopt;
    bool ok = false;
    const qint64 account = key.section(QLatin1Char(':'), 1, 1).toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return BuddyAddress{AccountId(account), key.section(QLatin1Char(':'), 2)};
}

} // namespace

DesktopSetup::DesktopSetup(const QString &profileDir, protocols::PurpleBackend &backend, QWidget *window,
                           QObject *parent)
    : QObject(parent)
    , m_backend(backend)
    , m_window(window)
    , m_vault(std::make_unique<KeychainVault>())
{
    // Passwords: keyring first, the user when there is none; prompts are non-modal.
    m_keeper = std::make_unique<PasswordKeeper>(backend.accounts(), backend.secretGate(), *m_vault);
    m_passwordPrompts = std::make_unique<ui::PromptPresenter>(*m_keeper, window);

    // One status for every account, back as it was; away while idle for ten minutes.
    m_status = std::make_unique<GlobalStatus>(backend.accounts(), backend.roster(),
                                              profileDir + QStringLiteral("/desktop.ini"));
    m_status->restore();
    m_idle = ui::makeDesktopIdleSource();
    m_autoAway = std::make_unique<AutoAway>(*m_status, *m_idle);
    QSettings settings(profileDir + QStringLiteral("/desktop.ini"), QSettings::IniFormat);
    m_autoAway->setThresholdMs(qint64(settings.value(QStringLiteral("autoaway/minutes"), 10).toInt()) * 60 * 1000);
    qInfo("crosstalk: idle time from %s", qPrintable(m_idle->description()));

    m_tray = std::make_unique<ui::TrayIcon>(*m_status, backend.accounts(), window);
    // "Away when idle" in the tray menu: chosen there, kept in desktop.ini, applied at once.
    const int idleMinutes = settings.value(QStringLiteral("autoaway/minutes"), 10).toInt();
    m_tray->menu()->setIdleAway(idleMinutes, m_autoAway->isAvailable(), m_idle->description());
    connect(m_tray->menu(), &ui::StatusMenu::idleAwayChosen, this, [this, profileDir](int minutes) {
        QSettings(profileDir + QStringLiteral("/desktop.ini"), QSettings::IniFormat)
            .setValue(QStringLiteral("autoaway/minutes"), minutes);
        m_autoAway->setThresholdMs(qint64(minutes) * 60 * 1000);
        m_tray->menu()->setIdleAway(minutes, m_autoAway->isAvailable(), m_idle->description());
    });
    connect(m_autoAway.get(), &AutoAway::availabilityChanged, this, [this, profileDir](bool available) {
        const int minutes = QSettings(profileDir + QStringLiteral("/desktop.ini"), QSettings::IniFormat)
                                .value(QStringLiteral("autoaway/minutes"), 10)
                                .toInt();
        m_tray->menu()->setIdleAway(minutes, available, m_idle->description());
    });
    connect(m_tray.get(), &ui::TrayIcon::quitRequested, qApp, &QCoreApplication::quit, Qt::QueuedConnection);
    connect(m_tray.get(), &ui::TrayIcon::accountsRequested, this, &DesktopSetup::showAccounts);
    // Hidden to the tray, the last dialog closing must not end the app; without a tray,
    // closing the window does.
    QApplication::setQuitOnLastWindowClosed(!m_tray->isInTray());

    m_notifier = std::make_unique<ui::Notifier>(*m_status);
    m_notifier->setFallbackTray(m_tray->tray());
    connect(m_notifier.get(), &ui::Notifier::unreadChanged, m_tray.get(), &ui::TrayIcon::setUnread);
    connect(m_notifier.get(), &ui::Notifier::missedCallsChanged, m_tray.get(), &ui::TrayIcon::setMissedCalls);
    connect(m_notifier.get(), &ui::Notifier::activated, this, [this](const QString &key) {
        if (m_window) {
            m_window->showNormal();
            m_window->raise();
            m_window->activateWindow();
        }
        if (const auto buddy = buddyOf(key))
            Q_EMIT conversationRequested(*buddy);
        m_notifier->conversationSeen(key);
    });
    connect(m_notifier.get(), &ui::Notifier::replied, this, [this](const QString &key, const QString &text) {
        if (const auto buddy = buddyOf(key)) {
            m_backend.messaging().sendIm(*buddy, text.toHtmlEscaped());
            m_notifier->conversationSeen(key);
        }
    });
    // Until the conversation layer reports unfocused conversations, every incoming message
    // counts while the main window is not active.
    connect(&backend.messaging(), &MessagingService::imReceived, this, [this](const ImMessage &m) {
        if (!m_usingImFallback || (m_window && m_window->isActiveWindow()))
            return;
        const auto buddy = m_backend.roster().buddy(m.peer);
        const QString name = buddy && !buddy->alias.isEmpty() ? buddy->alias
                             : buddy && !buddy->serverAlias.isEmpty() ? buddy->serverAlias
                                                                     : m.peer.handle;
        m_notifier->message(keyOf(m.peer), name, QTextDocumentFragment::fromHtml(m.body).toPlainText());
    });
    addSoundSwitches(profileDir + QStringLiteral("/desktop.ini"));
    // A conversation's notification carries the buddy's picture: libpurple's icon cache file.
    const QString iconDir = profileDir + QStringLiteral("/purple/icons/");
    m_notifier->setAvatarLookup([this, iconDir](const QString &key) {
        const QStringList parts = key.split(QLatin1Char(':'));
        if (parts.size() < 3 || parts[0] != QLatin1String("im"))
            return QString();
        const BuddyAddress peer{AccountId(parts[1].toLongLong()), key.section(QLatin1Char(':'), 2)};
        const auto buddy = m_backend.roster().buddy(peer);
        return buddy && !buddy->avatarHash.isEmpty() ? iconDir + buddy->avatarHash : QString();
    });
    connect(&backend.prompts(), &PromptService::promptRaised, this, [this](Prompt *prompt) {
        if (prompt->kind() == Prompt::Kind::Authorization)
            m_notifier->authorizationRequest(QStringLiteral("auth:%1").arg(quintptr(prompt)), prompt->primary(),
                                             prompt->title());
    });

    watchNetwork();
    m_remote = std::make_unique<RemoteControl>(
        RemoteControl::Services{backend.accounts(), backend.roster(), backend.messaging(), *m_status, *m_keeper,
                                &backend.calls()});
    connect(m_remote.get(), &RemoteControl::conversationRequested, this, &DesktopSetup::conversationRequested);
    connect(m_remote.get(), &RemoteControl::callRequested, this, &DesktopSetup::callRequested);
    if (!m_remote->registerOnSessionBus())
        qInfo("crosstalk: remote control not available: %s", qPrintable(m_remote->problem()));
}

DesktopSetup::~DesktopSetup()
{
    m_remote.reset();
    delete m_accountsDialog;
    m_notifier.reset();
    m_tray.reset();
    m_autoAway.reset();
    m_status.reset();
    m_passwordPrompts.reset();
    m_keeper.reset();
}

void DesktopSetup::notifyMessage(const QString &conversationKey, const QString &title, const QString &plainText)
{
    m_usingImFallback = false; // the conversation layer knows better what is focused
    m_notifier->message(conversationKey, title, plainText);
}

void DesktopSetup::conversationSeen(const QString &conversationKey)
{
    m_notifier->conversationSeen(conversationKey);
}

void DesktopSetup::followChatWindows(ui::ChatWindowManager &windows)
{
    m_usingImFallback = false;
    connect(&windows, &ui::ChatWindowManager::attentionNeeded, this,
            [this](const store::StoredMessage &m, const QString &title, bool) {
                const bool chat = m.kind != store::ConversationKind::Im;
                const QString key = QStringLiteral("%1:%2:%3").arg(chat ? QStringLiteral("chat") : QStringLiteral("im"))
                                        .arg(m.account.value())
                                        .arg(m.peer);
                const QString text = !m.plainText.isEmpty() ? m.plainText
                                                            : QTextDocumentFragment::fromHtml(m.body).toPlainText();
                m_notifier->message(key, chat ? QStringLiteral("%1 — %2").arg(m.sender, title) : title, text);
            });
    // The chat windows know what has been read; their count drives the badge.
    disconnect(m_notifier.get(), &ui::Notifier::unreadChanged, m_tray.get(), &ui::TrayIcon::setUnread);
    connect(&windows, &ui::ChatWindowManager::unreadChanged, m_tray.get(), &ui::TrayIcon::setUnread);
    // Reading a conversation closes its notification (same key as above).
    connect(&windows, &ui::ChatWindowManager::conversationRead, this, [this](const ui::ConversationTarget &t) {
        m_notifier->conversationSeen(QStringLiteral("%1:%2:%3")
                                         .arg(t.isChat ? QStringLiteral("chat") : QStringLiteral("im"))
                                         .arg(t.account.value())
                                         .arg(t.peer));
    });
}

void DesktopSetup::showAccounts()
{
    if (!m_accountsDialog) {
        m_accountsDialog = new ui::AccountsDialog(m_backend.accounts(), m_backend.accountAdministration(),
                                                  m_backend.protocolCatalog(), *m_keeper, m_window);
        m_accountsDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_accountsDialog->show();
    m_accountsDialog->raise();
}

void DesktopSetup::addSoundSwitches(const QString &settingsFile)
{
    // One switch per event, kept with the status in the profile.
    auto *sounds = new QMenu(tr("Sounds"), m_tray->menu());
    m_tray->menu()->insertMenu(m_tray->menu()->showHideAction(), sounds);
    const QList<QPair<ui::Notifier::Event, QString>> events = {
        {ui::Notifier::Event::Message, QStringLiteral("message")},
        {ui::Notifier::Event::Authorization, QStringLiteral("authorization")},
        {ui::Notifier::Event::IncomingCall, QStringLiteral("incoming-call")},
        {ui::Notifier::Event::MissedCall, QStringLiteral("missed-call")},
    };
    const QStringList labels = {tr("New message"), tr("Authorisation request"), tr("Incoming call"), tr("Missed call")};
    for (int i = 0; i < events.size(); ++i) {
        const auto [event, key] = events[i];
        const QString settingKey = QStringLiteral("sounds/") + key;
        const bool on = QSettings(settingsFile, QSettings::IniFormat).value(settingKey, true).toBool();
        m_notifier->setSoundEnabled(event, on);
        QAction *action = sounds->addAction(labels[i]);
        action->setCheckable(true);
        action->setChecked(on);
        connect(action, &QAction::toggled, this, [this, event, settingKey, settingsFile](bool enabled) {
            m_notifier->setSoundEnabled(event, enabled);
            QSettings(settingsFile, QSettings::IniFormat).setValue(settingKey, enabled);
        });
    }
}

void DesktopSetup::addAccount()
{
    showAccounts();
    m_accountsDialog->addAccount();
}

void DesktopSetup::watchNetwork()
{
    // A network that comes back (Wi-Fi, VPN, resume) retries every waiting account at once
    // instead of after the remaining backoff.
    if (!QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability))
        return;
    connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability r) {
                if (r == QNetworkInformation::Reachability::Online || r == QNetworkInformation::Reachability::Site)
                    m_backend.accountAdministration().reconnectAllWaiting();
            });
}

} // namespace crosstalk::app
