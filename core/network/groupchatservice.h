// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/message.h"
#include "core/network/messagingservice.h"

#include <QObject>
#include <QStringList>

namespace crosstalk {

/// Someone in a room, with the highest role the protocol reports for them.
struct ChatParticipant
{
    enum class Role { None, Voice, HalfOp, Operator, Founder };
    QString nick;
    Role role = Role::None;
    bool away = false;
};

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
    /// participants() with roles (moderator/operator, voice...) and away state.
    virtual QList<ChatParticipant> participantList(const ChatAddress &chat) const
    {
        QList<ChatParticipant> list;
        for (const QString &nick : participants(chat))
            list.append({nick, ChatParticipant::Role::None, false});
        return list;
    }
    virtual QString topic(const ChatAddress &) const { return {}; }
    /// Our own nick in the room (what mentions are matched against).
    virtual QString ownNick(const ChatAddress &) const { return {}; }
    virtual bool isJoined(const ChatAddress &) const { return false; }
    /// Room administration, where the protocol and our role allow it; false when refused.
    virtual bool setTopic(const ChatAddress &, const QString &) { return false; }
    virtual bool changeNick(const ChatAddress &, const QString &) { return false; }
    virtual bool kick(const ChatAddress &, const QString &, const QString &) { return false; }

Q_SIGNALS:
    void joined(const crosstalk::ChatAddress &chat);
    void joinFailed(const crosstalk::ChatAddress &chat, const QString &reason);
    void left(const crosstalk::ChatAddress &chat);
    void chatMessageReceived(const crosstalk::ChatMessage &message);
    void participantsChanged(const crosstalk::ChatAddress &chat);
    void topicChanged(const crosstalk::ChatAddress &chat, const QString &topic);
    void participantJoined(const crosstalk::ChatAddress &chat, const QString &nick);
    /// reason: the kick/part message, if any.
    void participantLeft(const crosstalk::ChatAddress &chat, const QString &nick, const QString &reason);
    void nickChanged(const crosstalk::ChatAddress &chat, const QString &oldNick, const QString &newNick);
};

} // namespace crosstalk

Q_DECLARE_METATYPE(crosstalk::ChatParticipant)
