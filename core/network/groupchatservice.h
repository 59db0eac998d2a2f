// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/message.h"
#include "core/network/messagingservice.h"

#include <QObject>
#include <QStringList>

namespace crosstalk {

/// Multi-user chats: XMPP MUC rooms, IRC channels, and whatever else a prpl calls a chat.
class GroupChatService : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    /// Joins the room; joined or joinFailed follows.
    virtual void joinChat(const ChatAddress &chat, const QString &nick, const QString &password) = 0;
    virtual void leaveChat(const ChatAddress &chat) = 0;
    virtual SendResult sendChat(const ChatAddress &chat, const QString &html) = 0;
    virtual QStringList participants(const ChatAddress &chat) const = 0;

Q_SIGNALS:
    void joined(const crosstalk::ChatAddress &chat);
    void joinFailed(const crosstalk::ChatAddress &chat, const QString &reason);
    void left(const crosstalk::ChatAddress &chat);
    void chatMessageReceived(const crosstalk::ChatMessage &message);
    void participantsChanged(const crosstalk::ChatAddress &chat);
    void topicChanged(const crosstalk::ChatAddress &chat, const QString &topic);
};

} // namespace crosstalk
