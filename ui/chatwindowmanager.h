// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/network/filetransferservice.h"
#include "core/network/groupchatservice.h"
#include "ui/conversationtarget.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

namespace crosstalk::conversations {
class ConversationHub;
}
namespace crosstalk::contacts {
class ContactDirectory;
}
namespace crosstalk::history {
class HistoryReader;
}

namespace crosstalk::ui {

class ChatWindow;
class ConversationView;

/// Owns the chat windows and routes live traffic to the right tab: opens a tab for an
/// incoming message of a conversation not yet shown (without stealing focus), counts unread
/// messages, and raises attentionNeeded when a message arrives for a conversation the user is
/// not looking at — the hook the tray/notifications build on.
class ChatWindowManager : public QObject
{
    Q_OBJECT
public:
    ChatWindowManager(conversations::ConversationHub &hub, history::HistoryReader &reader,
                      QObject *parent = nullptr);
    ~ChatWindowManager() override;

    /// Opens (or raises) the conversation with a buddy / a room and focuses it.
    ConversationView *openConversation(const BuddyAddress &buddy);
    ConversationView *openChat(const ChatAddress &chat);
    ConversationView *find(const ConversationTarget &target) const;
    /// Moves a tab to a window of its own.
    ChatWindow *detach(ConversationView *view);
    QList<ChatWindow *> windows() const;
    ChatWindow *windowOf(ConversationView *view) const;

    void setNotificationLevel(const ChatAddress &chat, NotificationLevel level);
    NotificationLevel notificationLevel(const ChatAddress &chat) const;
    /// How a buddy is shown in titles (the roster alias); defaults to the handle.
    void setNameResolver(std::function<QString(const BuddyAddress &)> resolver) { m_names = std::move(resolver); }
    /// People: one conversation per person, with a "send via" selector over the person's
    /// buddies. It defaults to the route last used with the person while that is online, else
    /// the best presence, and switches by itself when the buddy in use goes offline.
    void setContactDirectory(contacts::ContactDirectory *directory);
    QList<ConversationRoute> routesFor(const BuddyAddress &buddy) const;

    /// File transfers: rows in the buddy's conversation; an incoming offer opens the
    /// conversation in the background, like a message.
    void setFileTransfers(FileTransferService *service);
    /// Tests route link clicks here instead of the desktop.
    void setLinkOpener(std::function<void(const QUrl &)> opener) { m_linkOpener = std::move(opener); }

Q_SIGNALS:
    /// A message arrived for a conversation that is not in front of the user.
    void attentionNeeded(const crosstalk::store::StoredMessage &message, const QString &conversationTitle,
                         bool mentionsMe);
    void unreadChanged(int total);
    /// A person's conversation has this many unread messages now (for the contact list).
    void personUnreadChanged(crosstalk::PersonId person, int unread);
    /// The user has read a conversation (its notifications can go). For a person's
    /// conversation it comes once per route, as notifications are keyed by buddy.
    void conversationRead(const crosstalk::ui::ConversationTarget &target);
    void notificationLevelChanged(const crosstalk::ChatAddress &chat, crosstalk::ui::NotificationLevel level);

private:
    ConversationView *open(const ConversationTarget &target, bool focus);
    ChatWindow *primaryWindow();
    ChatWindow *newWindow();
    void onMessage(const store::StoredMessage &message);
    void refreshRoom(const ChatAddress &chat);
    void onTransfer(const FileTransfer &transfer, bool added);
    PersonId personOf(const ConversationTarget &target) const;
    /// The route a person's conversation should use now, starting from `current`.
    BuddyAddress bestRoute(PersonId person, const BuddyAddress &current) const;
    void onPeopleChanged(const QList<PersonId> &people);
    void track(ConversationView *view);
    int totalUnread() const;

    conversations::ConversationHub &m_hub;
    history::HistoryReader &m_reader;
    QList<QPointer<ChatWindow>> m_windows;
    QHash<ConversationTarget, QPointer<ConversationView>> m_views;
    QHash<ChatAddress, NotificationLevel> m_levels;
    std::function<QString(const BuddyAddress &)> m_names;
    std::function<void(const QUrl &)> m_linkOpener;
    FileTransferService *m_fileTransfers = nullptr;
    contacts::ContactDirectory *m_directory = nullptr;
    QHash<PersonId, QPointer<ConversationView>> m_personViews;
    QHash<PersonId, BuddyAddress> m_lastUsed;
};

} // namespace crosstalk::ui
