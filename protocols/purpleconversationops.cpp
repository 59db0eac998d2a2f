// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/purpleconversationops.h"

#include "protocols/purplegroupchats.h"
#include "protocols/purplemessaging.h"

#include <purple.h>

namespace crosstalk::protocols {

namespace {

PurpleMessaging *g_messaging = nullptr;
PurpleGroupChats *g_chats = nullptr;

void writeConv(PurpleConversation *conv, const char *who, const char *, const char *message,
               PurpleMessageFlags flags, time_t mtime)
{
    switch (purple_conversation_get_type(conv)) {
    case PURPLE_CONV_TYPE_IM:
        if (g_messaging)
            g_messaging->onWrite(conv, who, message, flags, long(mtime));
        break;
    case PURPLE_CONV_TYPE_CHAT:
        if (g_chats)
            g_chats->onWrite(conv, who, message, flags, long(mtime));
        break;
    default:
        break;
    }
}

void chatUsersChanged(PurpleConversation *conv)
{
    if (g_chats)
        g_chats->onParticipantsChanged(conv);
}

void chatAddUsers(PurpleConversation *conv, GList *, gboolean)
{
    chatUsersChanged(conv);
}

void chatRenameUser(PurpleConversation *conv, const char *oldName, const char *newName, const char *)
{
    if (g_chats)
        g_chats->onRenamed(conv, oldName, newName);
    chatUsersChanged(conv);
}

void chatRemoveUsers(PurpleConversation *conv, GList *)
{
    chatUsersChanged(conv);
}

void chatUpdateUser(PurpleConversation *conv, const char *)
{
    chatUsersChanged(conv);
}

gboolean hasFocus(PurpleConversation *)
{
    return FALSE;
}

PurpleConversationUiOps g_conversationOps = {
    nullptr,   // create_conversation
    nullptr,   // destroy_conversation
    nullptr,   // write_chat: falls back to write_conv
    nullptr,   // write_im: falls back to write_conv
    writeConv, // write_conv
    chatAddUsers, chatRenameUser, chatRemoveUsers, chatUpdateUser,
    nullptr,  // present
    hasFocus, // has_focus
    nullptr, nullptr, nullptr, // custom smileys
    nullptr,  // send_confirm
    nullptr, nullptr, nullptr, nullptr,
};

} // namespace

void installConversationUiOps(PurpleMessaging *messaging, PurpleGroupChats *chats)
{
    g_messaging = messaging;
    g_chats = chats;
    purple_conversations_set_ui_ops(&g_conversationOps);
}

void clearConversationUiOps()
{
    g_messaging = nullptr;
    g_chats = nullptr;
}

} // namespace crosstalk::protocols
