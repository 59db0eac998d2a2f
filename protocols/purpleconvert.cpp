// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/purpleconvert.h"

#include <purple.h>

namespace crosstalk::protocols {

AccountId accountIdOf(PurpleAccount *account)
{
    return account ? AccountId(purple_account_get_ui_int(account, kUiId, "id", 0)) : AccountId();
}

void setAccountIdOf(PurpleAccount *account, AccountId id)
{
    purple_account_set_ui_int(account, kUiId, "id", int(id.value()));
}

PurpleAccount *findAccount(AccountId id)
{
    if (!id.isValid())
        return nullptr;
    for (GList *it = purple_accounts_get_all(); it; it = it->next) {
        auto *account = static_cast<PurpleAccount *>(it->data);
        if (accountIdOf(account) == id)
            return account;
    }
    return nullptr;
}

QString normalizedHandle(PurpleAccount *account, const char *name)
{
    if (!name)
        return {};
    const char *normalized = purple_normalize(account, name);
    return fromUtf8(normalized ? normalized : name);
}

BuddyAddress addressOf(PurpleBuddy *buddy)
{
    PurpleAccount *account = purple_buddy_get_account(buddy);
    return {accountIdOf(account), normalizedHandle(account, purple_buddy_get_name(buddy))};
}

BuddyAddress addressOf(PurpleConversation *conversation)
{
    PurpleAccount *account = purple_conversation_get_account(conversation);
    return {accountIdOf(account), normalizedHandle(account, purple_conversation_get_name(conversation))};
}

Presence presenceOf(PurplePresence *presence)
{
    Presence result;
    if (!presence)
        return result;
    PurpleStatus *status = purple_presence_get_active_status(presence);
    switch (purple_status_type_get_primitive(purple_status_get_type(status))) {
    case PURPLE_STATUS_OFFLINE: result.kind = PresenceKind::Offline; break;
    case PURPLE_STATUS_INVISIBLE: result.kind = PresenceKind::Invisible; break;
    case PURPLE_STATUS_UNAVAILABLE: result.kind = PresenceKind::Busy; break;
    case PURPLE_STATUS_EXTENDED_AWAY: result.kind = PresenceKind::ExtendedAway; break;
    case PURPLE_STATUS_AWAY: result.kind = PresenceKind::Away; break;
    case PURPLE_STATUS_AVAILABLE:
        // XMPP's "chat" (free for chat) is an available status with its own id.
        result.kind = qstrcmp(purple_status_get_id(status), "freeforchat") == 0 ? PresenceKind::Chatty
                                                                                 : PresenceKind::Available;
        break;
    case PURPLE_STATUS_MOBILE:
    case PURPLE_STATUS_TUNE:
    case PURPLE_STATUS_MOOD:
        result.kind = PresenceKind::Available;
        break;
    default:
        result.kind = PresenceKind::Unknown;
        break;
    }
    // Status text arrives as markup on some protocols; the UI wants plain text.
    const char *message = purple_status_get_attr_string(status, "message");
    if (message && *message) {
        gchar *plain = purple_markup_strip_html(message);
        result.message = fromUtf8(plain);
        g_free(plain);
    }
    result.idle = purple_presence_is_idle(presence);
    return result;
}

int primitiveFor(PresenceKind kind)
{
    switch (kind) {
    case PresenceKind::Offline: return PURPLE_STATUS_OFFLINE;
    case PresenceKind::Invisible: return PURPLE_STATUS_INVISIBLE;
    case PresenceKind::Busy: return PURPLE_STATUS_UNAVAILABLE;
    case PresenceKind::ExtendedAway: return PURPLE_STATUS_EXTENDED_AWAY;
    case PresenceKind::Away: return PURPLE_STATUS_AWAY;
    case PresenceKind::Chatty:
    case PresenceKind::Available:
    case PresenceKind::Unknown: return PURPLE_STATUS_AVAILABLE;
    }
    return PURPLE_STATUS_AVAILABLE;
}

} // namespace crosstalk::protocols
