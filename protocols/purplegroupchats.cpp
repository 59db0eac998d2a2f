// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/purplegroupchats.h"

#include "protocols/purpleconvert.h"
#include "protocols/purpleruntime.h"

#include <QDateTime>

#include <purple.h>

namespace crosstalk::protocols {

namespace {

PurpleGroupChats *g_chats = nullptr;

void chatJoined(PurpleConversation *conv, gpointer)
{
    if (g_chats)
        g_chats->onJoined(conv);
}

void chatLeft(PurpleConversation *conv, gpointer)
{
    if (g_chats)
        g_chats->onLeft(conv);
}

void chatJoinFailed(PurpleConnection *gc, GHashTable *components, gpointer)
{
    if (g_chats)
        g_chats->onJoinFailed(gc, components);
}

void chatTopicChanged(PurpleConversation *conv, const char *, const char *topic, gpointer)
{
    if (g_chats)
        g_chats->onTopicChanged(conv, topic);
}

void chatBuddyJoined(PurpleConversation *conv, const char *name, PurpleConvChatBuddyFlags, gboolean newArrival,
                     gpointer)
{
    if (g_chats)
        g_chats->onBuddyJoined(conv, name, newArrival);
}

void chatBuddyLeft(PurpleConversation *conv, const char *name, const char *reason, gpointer)
{
    if (g_chats)
        g_chats->onBuddyLeft(conv, name, reason);
}

ChatParticipant::Role roleOf(int flags)
{
    if (flags & PURPLE_CBFLAGS_FOUNDER)
        return ChatParticipant::Role::Founder;
    if (flags & PURPLE_CBFLAGS_OP)
        return ChatParticipant::Role::Operator;
    if (flags & PURPLE_CBFLAGS_HALFOP)
        return ChatParticipant::Role::HalfOp;
    if (flags & PURPLE_CBFLAGS_VOICE)
        return ChatParticipant::Role::Voice;
    return ChatParticipant::Role::None;
}

// The prpl's own chat commands (/topic, /nick, /kick) exist in XMPP and IRC alike and do
// the protocol-specific work (MUC presence, IRC NICK...).
bool runCommand(PurpleConversation *conv, const QString &command)
{
    if (!conv || purple_conv_chat_has_left(PURPLE_CONV_CHAT(conv)))
        return false;
    const QByteArray line = command.toUtf8();
    gchar *markup = g_markup_escape_text(line.constData(), -1);
    gchar *error = nullptr;
    const PurpleCmdStatus status = purple_cmd_do_command(conv, line.constData(), markup, &error);
    g_free(markup);
    g_free(error);
    return status == PURPLE_CMD_STATUS_OK;
}

PurplePluginProtocolInfo *prplInfo(PurpleConnection *gc)
{
    PurplePlugin *prpl = purple_connection_get_prpl(gc);
    return prpl ? PURPLE_PLUGIN_PROTOCOL_INFO(prpl) : nullptr;
}

PurpleConversation *findChat(const ChatAddress &chat)
{
    PurpleAccount *account = findAccount(chat.account);
    if (!account)
        return nullptr;
    return purple_find_conversation_with_account(PURPLE_CONV_TYPE_CHAT, chat.room.toUtf8().constData(), account);
}

} // namespace

PurpleGroupChats::PurpleGroupChats(QObject *parent)
    : GroupChatService(parent)
{
    g_chats = this;
}

PurpleGroupChats::~PurpleGroupChats()
{
    if (g_chats == this)
        g_chats = nullptr;
}

void PurpleGroupChats::start()
{
    void *handle = purple_conversations_get_handle();
    purple_signal_connect(handle, "chat-joined", this, PURPLE_CALLBACK(chatJoined), nullptr);
    purple_signal_connect(handle, "chat-left", this, PURPLE_CALLBACK(chatLeft), nullptr);
    purple_signal_connect(handle, "chat-join-failed", this, PURPLE_CALLBACK(chatJoinFailed), nullptr);
    purple_signal_connect(handle, "chat-topic-changed", this, PURPLE_CALLBACK(chatTopicChanged), nullptr);
    purple_signal_connect(handle, "chat-buddy-joined", this, PURPLE_CALLBACK(chatBuddyJoined), nullptr);
    purple_signal_connect(handle, "chat-buddy-left", this, PURPLE_CALLBACK(chatBuddyLeft), nullptr);
}

ChatAddress PurpleGroupChats::addressOf(PurpleConversation *conv)
{
    return {accountIdOf(purple_conversation_get_account(conv)), fromUtf8(purple_conversation_get_name(conv))};
}

void PurpleGroupChats::joinChat(const ChatAddress &chat, const QString &nick, const QString &password)
{
    PurpleAccount *account = findAccount(chat.account);
    PurpleConnection *gc = account ? purple_account_get_connection(account) : nullptr;
    PurplePluginProtocolInfo *info = gc ? prplInfo(gc) : nullptr;
    if (!info || !info->chat_info_defaults || !info->join_chat) {
        Q_EMIT joinFailed(chat, gc ? QStringLiteral("This network has no group chats")
                                   : QStringLiteral("The account is not connected"));
        return;
    }
    // The prpl parses the room name into its own components ("room"/"server" for XMPP,
    // "channel" for IRC); nick and password go into the keys it uses for them.
    GHashTable *components = info->chat_info_defaults(gc, chat.room.toUtf8().constData());
    if (!nick.isEmpty())
        g_hash_table_replace(components, g_strdup("handle"), g_strdup(nick.toUtf8().constData()));
    if (!password.isEmpty())
        g_hash_table_replace(components, g_strdup("password"), g_strdup(password.toUtf8().constData()));
    serv_join_chat(gc, components);
    g_hash_table_destroy(components);
}

void PurpleGroupChats::leaveChat(const ChatAddress &chat)
{
    if (PurpleConversation *conv = findChat(chat))
        purple_conversation_destroy(conv); // leaves the room, then emits chat-left
}

SendResult PurpleGroupChats::sendChat(const ChatAddress &chat, const QString &html)
{
    PurpleConversation *conv = findChat(chat);
    if (!conv)
        return SendResult::NotConnected;
    if (purple_conv_chat_has_left(PURPLE_CONV_CHAT(conv)))
        return SendResult::NotConnected;
    purple_conv_chat_send(PURPLE_CONV_CHAT(conv), html.toUtf8().constData());
    return SendResult::Sent;
}

QStringList PurpleGroupChats::participants(const ChatAddress &chat) const
{
    QStringList names;
    PurpleConversation *conv = findChat(chat);
    if (!conv)
        return names;
    for (GList *it = purple_conv_chat_get_users(PURPLE_CONV_CHAT(conv)); it; it = it->next)
        names << fromUtf8(purple_conv_chat_cb_get_name(static_cast<PurpleConvChatBuddy *>(it->data)));
    return names;
}

QList<ChatParticipant> PurpleGroupChats::participantList(const ChatAddress &chat) const
{
    QList<ChatParticipant> list;
    PurpleConversation *conv = findChat(chat);
    if (!conv)
        return list;
    for (GList *it = purple_conv_chat_get_users(PURPLE_CONV_CHAT(conv)); it; it = it->next) {
        auto *cb = static_cast<PurpleConvChatBuddy *>(it->data);
        list.append({fromUtf8(purple_conv_chat_cb_get_name(cb)), roleOf(cb->flags), false});
    }
    return list;
}

QString PurpleGroupChats::topic(const ChatAddress &chat) const
{
    PurpleConversation *conv = findChat(chat);
    return conv ? fromUtf8(purple_conv_chat_get_topic(PURPLE_CONV_CHAT(conv))) : QString();
}

QString PurpleGroupChats::ownNick(const ChatAddress &chat) const
{
    PurpleConversation *conv = findChat(chat);
    return conv ? fromUtf8(purple_conv_chat_get_nick(PURPLE_CONV_CHAT(conv))) : QString();
}

bool PurpleGroupChats::isJoined(const ChatAddress &chat) const
{
    PurpleConversation *conv = findChat(chat);
    return conv && !purple_conv_chat_has_left(PURPLE_CONV_CHAT(conv));
}

bool PurpleGroupChats::setTopic(const ChatAddress &chat, const QString &topic)
{
    return runCommand(findChat(chat), QStringLiteral("topic ") + topic);
}

bool PurpleGroupChats::changeNick(const ChatAddress &chat, const QString &nick)
{
    return runCommand(findChat(chat), QStringLiteral("nick ") + nick);
}

bool PurpleGroupChats::kick(const ChatAddress &chat, const QString &nick, const QString &reason)
{
    return runCommand(findChat(chat), QStringLiteral("kick ") + nick + (reason.isEmpty() ? QString() : u' ' + reason));
}

void PurpleGroupChats::onRenamed(PurpleConversation *conv, const char *oldNick, const char *newNick)
{
    Q_EMIT nickChanged(addressOf(conv), fromUtf8(oldNick), fromUtf8(newNick));
}

void PurpleGroupChats::onBuddyJoined(PurpleConversation *conv, const char *nick, bool newArrival)
{
    if (newArrival) // not the list of those already there when we joined
        Q_EMIT participantJoined(addressOf(conv), fromUtf8(nick));
}

void PurpleGroupChats::onBuddyLeft(PurpleConversation *conv, const char *nick, const char *reason)
{
    Q_EMIT participantLeft(addressOf(conv), fromUtf8(nick), fromUtf8(reason));
}

void PurpleGroupChats::onWrite(PurpleConversation *conv, const char *who, const char *message, int flags, long mtime)
{
    if (!(flags & (PURPLE_MESSAGE_RECV | PURPLE_MESSAGE_SEND)) || (flags & PURPLE_MESSAGE_SYSTEM))
        return;
    ChatMessage msg;
    msg.chat = addressOf(conv);
    msg.sender = fromUtf8(who);
    msg.direction = (flags & PURPLE_MESSAGE_SEND) ? MessageDirection::Outgoing : MessageDirection::Incoming;
    msg.body = fromUtf8(message);
    msg.timestamp = mtime > 0 ? QDateTime::fromSecsSinceEpoch(mtime, Qt::UTC) : QDateTime::currentDateTimeUtc();
    msg.mentionsMe = flags & PURPLE_MESSAGE_NICK;
    msg.delayed = flags & PURPLE_MESSAGE_DELAYED;
    Q_EMIT chatMessageReceived(msg);
}

void PurpleGroupChats::onJoined(PurpleConversation *conv)
{
    Q_EMIT joined(addressOf(conv));
}

void PurpleGroupChats::onLeft(PurpleConversation *conv)
{
    Q_EMIT left(addressOf(conv));
}

void PurpleGroupChats::onJoinFailed(PurpleConnection *gc, GHashTable *components)
{
    PurplePluginProtocolInfo *info = prplInfo(gc);
    QString room;
    if (info && info->get_chat_name) {
        gchar *name = info->get_chat_name(components);
        room = fromUtf8(name);
        g_free(name);
    }
    Q_EMIT joinFailed({accountIdOf(purple_connection_get_account(gc)), room},
                      QStringLiteral("The server refused to let us join"));
}

void PurpleGroupChats::onParticipantsChanged(PurpleConversation *conv)
{
    Q_EMIT participantsChanged(addressOf(conv));
}

void PurpleGroupChats::onTopicChanged(PurpleConversation *conv, const char *topic)
{
    Q_EMIT topicChanged(addressOf(conv), fromUtf8(topic));
}

} // namespace crosstalk::protocols
