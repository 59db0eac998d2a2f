// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/conversationsetup.h"

#include "core/conversations/accountrows.h"
#include "core/conversations/conversationhub.h"
#include "core/history/historyreader.h"
#include "core/history/historyrecorder.h"
#include "core/network/accountservice.h"
#include "core/network/filetransferservice.h"
#include "core/network/groupchatservice.h"
#include "core/network/rosterservice.h"
#include "core/store/connection.h"
#include "core/store/store.h"
#include "ui/chatwindowmanager.h"
#include "ui/contactlistmodel.h"
#include "ui/emojipicker.h"
#include "ui/joinchatdialog.h"
#include "ui/mainwindow.h"

#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>

namespace crosstalk::app {

ConversationSetup::ConversationSetup(store::Store &store, Services services, ui::MainWindow &window,
                                     QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_services(services)
    , m_window(window)
{
}

ConversationSetup::~ConversationSetup()
{
    if (m_windows) // the emoji picker's "recently used", for next time
        QSettings(settingsPath(), QSettings::IniFormat).setValue(QStringLiteral("emojiRecents"), ui::EmojiPicker::recents());
    // Windows before the hub they watch; the hub before the store it writes to.
    m_windows.reset();
    m_hub.reset();
    m_reader.reset();
    m_recorder.reset();
}

void ConversationSetup::start()
{
    onStoreOpen();
}

void ConversationSetup::onStoreOpen()
{
    // Messages reference accounts by the id libpurple keeps; the rows must exist first.
    conversations::mirrorAccounts(m_store, m_services.accounts.accounts());
    connect(&m_services.accounts, &AccountService::accountAdded, this, [this](AccountId id) {
        if (auto info = m_services.accounts.account(id))
            conversations::mirrorAccounts(m_store, {*info});
    });

    m_recorder = std::make_unique<history::HistoryRecorder>(m_store);
    m_reader = std::make_unique<history::HistoryReader>(m_store);
    m_hub = std::make_unique<conversations::ConversationHub>(m_store, *m_recorder, m_services.messaging,
                                                             m_services.chats, m_services.accounts,
                                                             conversations::Outbox::Options{});
    m_windows = std::make_unique<ui::ChatWindowManager>(*m_hub, *m_reader);
    m_windows->setNameResolver([this](const BuddyAddress &buddy) {
        const std::optional<BuddyInfo> info = m_services.roster.buddy(buddy);
        if (info && !info->alias.isEmpty())
            return info->alias;
        if (info && !info->serverAlias.isEmpty())
            return info->serverAlias;
        return buddy.handle;
    });
    m_windows->setContactDirectory(m_services.directory);
    m_windows->setFileTransfers(&m_services.fileTransfers);
    loadSettings();
    // Unread per person on the contact list rows.
    connect(m_windows.get(), &ui::ChatWindowManager::personUnreadChanged, this, [this](PersonId person, int unread) {
        if (ui::ContactListModel *model = m_window.contactModel())
            model->setUnread(person, unread);
    });
    connect(m_windows.get(), &ui::ChatWindowManager::notificationLevelChanged, this,
            [this](const ChatAddress &chat, ui::NotificationLevel level) {
                QSettings settings(settingsPath(), QSettings::IniFormat);
                settings.beginGroup(QStringLiteral("roomNotifications"));
                settings.setValue(QString::number(chat.account.value()) + QLatin1Char(':') + chat.room, int(level));
            });
    connect(&m_window, &ui::MainWindow::conversationRequested, m_windows.get(),
            [this](const BuddyAddress &buddy) { m_windows->openConversation(buddy); });
    connect(m_hub.get(), &conversations::ConversationHub::storeFailed, this, [this](const QString &error) {
        QMessageBox::warning(&m_window, tr("History"), tr("A message could not be saved: %1").arg(error));
    });

    // Contacts ▸ Join group chat… (Ctrl+J) on the main window.
    connect(&m_window, &ui::MainWindow::joinChatRequested, this, &ConversationSetup::joinChatDialog);

    m_hub->outbox().restorePending();
    Q_EMIT ready();
}

QString ConversationSetup::settingsPath() const
{
    return QFileInfo(m_store.path()).absolutePath() + QStringLiteral("/conversations.ini");
}

void ConversationSetup::loadSettings()
{
    // A small INI read at start-up (the store has no settings table for this).
    QSettings settings(settingsPath(), QSettings::IniFormat);
    const QString downloads = settings.value(QStringLiteral("downloadDirectory")).toString();
    if (!downloads.isEmpty())
        m_services.fileTransfers.setDownloadDirectory(downloads);
    ui::EmojiPicker::setRecents(settings.value(QStringLiteral("emojiRecents")).toStringList());
    settings.beginGroup(QStringLiteral("roomNotifications"));
    for (const QString &key : settings.childKeys()) {
        const qsizetype colon = key.indexOf(QLatin1Char(':'));
        const int level = settings.value(key).toInt();
        if (colon <= 0 || level < 0 || level > int(ui::NotificationLevel::Nothing))
            continue;
        m_windows->setNotificationLevel({AccountId(key.left(colon).toLongLong()), key.mid(colon + 1)},
                                        ui::NotificationLevel(level));
    }
}

void ConversationSetup::joinChatDialog()
{
    // Rooms joined before are the bookmarks: they are the store's group-chat conversations.
    m_store.write([](store::Connection &db) {
               QList<ChatAddress> rooms;
               store::Statement stmt = db.prepare(QStringLiteral(
                   "SELECT account_id, peer FROM conversations WHERE kind = 1 ORDER BY last_message_at DESC, id DESC LIMIT 50"));
               while (stmt.step())
                   rooms.append({AccountId(stmt.int64(0)), stmt.text(1)});
               return rooms;
           })
        .then(this, [this](QList<ChatAddress> rooms) {
            ui::JoinChatDialog dialog(m_services.accounts, rooms, &m_window);
            if (dialog.exec() != QDialog::Accepted)
                return;
            const ChatAddress chat = dialog.chat();
            m_windows->openChat(chat);
            m_services.chats.joinChat(chat, dialog.nick(), dialog.password());
        });
}

} // namespace crosstalk::app
