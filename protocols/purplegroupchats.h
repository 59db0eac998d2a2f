// SPDX-License-Identifier: GPL-3.0-or-later
// Private to protocols/: multi-user chats (XMPP MUC, IRC channels) through libpurple chats.
#pragma once

#include "core/network/groupchatservice.h"

typedef struct _PurpleConversation PurpleConversation;
typedef struct _PurpleConnection PurpleConnection;
typedef struct _GHashTable GHashTable;

namespace crosstalk::protocols {

class PurpleGroupChats : public GroupChatService
{
    Q_OBJECT
public:
    explicit PurpleGroupChats(QObject *parent = nullptr);
    ~PurpleGroupChats() override;

    void start();

    void joinChat(const ChatAddress &chat, const QString &nick, const QString &password) override;
    void leaveChat(const ChatAddress &chat) override;
    SendResult sendChat(const ChatAddress &chat, const QString &html) override;
    QStringList participants(const ChatAddress &chat) const override;
    QList<ChatParticipant> participantList(const ChatAddress &chat) const override;
    QString topic(const ChatAddress &chat) const override;
    QString ownNick(const ChatAddress &chat) const override;
    bool isJoined(const ChatAddress &chat) const override;
    bool setTopic(const ChatAddress &chat, const QString &topic) override;
    bool changeNick(const ChatAddress &chat, const QString &nick) override;
    bool kick(const ChatAddress &chat, const QString &nick, const QString &reason) override;

    // From the conversation ui ops and chat signals.
    void onWrite(PurpleConversation *conv, const char *who, const char *message, int flags, long mtime);
    void onJoined(PurpleConversation *conv);
    void onLeft(PurpleConversation *conv);
    void onJoinFailed(PurpleConnection *gc, GHashTable *components);
    void onParticipantsChanged(PurpleConversation *conv);
    void onTopicChanged(PurpleConversation *conv, const char *topic);
    void onRenamed(PurpleConversation *conv, const char *oldNick, const char *newNick);
    void onBuddyJoined(PurpleConversation *conv, const char *nick, bool newArrival);
    void onBuddyLeft(PurpleConversation *conv, const char *nick, const char *reason);

    static ChatAddress addressOf(PurpleConversation *conv);
};

} // namespace crosstalk::protocols
