// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/purpleroster.h"

#include "protocols/purpleconvert.h"
#include "protocols/purpleruntime.h"

#include <QFileInfo>
#include <QSet>

#include <purple.h>

namespace crosstalk::protocols {

namespace {

PurpleRoster *g_roster = nullptr;
// Buddies we have announced, so an update of a known node is "changed", not "added".
QSet<PurpleBlistNode *> g_known;

void newNode(PurpleBlistNode *) {}

void updateNode(PurpleBuddyList *, PurpleBlistNode *node)
{
    if (g_roster && node)
        g_roster->onNodeUpdated(node);
}

void removeNode(PurpleBuddyList *, PurpleBlistNode *node)
{
    if (g_roster && node)
        g_roster->onNodeRemoved(node);
}

PurpleBlistUiOps g_blistOps = {
    nullptr,    // new_list
    newNode,    // new_node
    nullptr,    // show
    updateNode, // update
    removeNode, // remove
    nullptr,    // destroy
    nullptr,    // set_visible
    nullptr,    // request_add_buddy
    nullptr,    // request_add_chat
    nullptr,    // request_add_group
    nullptr,    // save_node (libpurple's blist.xml until the store takes over)
    nullptr,    // remove_node
    nullptr,    // save_account
    nullptr,
};

void buddyStatusChanged(PurpleBuddy *buddy, PurpleStatus *, PurpleStatus *, gpointer)
{
    if (g_roster)
        g_roster->onBuddyStatus(buddy);
}

void buddySignedOnOff(PurpleBuddy *buddy, gpointer)
{
    if (g_roster)
        g_roster->onBuddyStatus(buddy);
}

void buddyIdleChanged(PurpleBuddy *buddy, gboolean, gboolean, gpointer)
{
    if (g_roster)
        g_roster->onBuddyStatus(buddy);
}

PurpleBuddy *findBuddy(const BuddyAddress &address)
{
    PurpleAccount *account = findAccount(address.account);
    return account ? purple_find_buddy(account, address.handle.toUtf8().constData()) : nullptr;
}

} // namespace

PurpleRoster::PurpleRoster(QObject *parent)
    : RosterService(parent)
{
    g_roster = this;
}

PurpleRoster::~PurpleRoster()
{
    if (g_roster == this)
        g_roster = nullptr;
    g_known.clear();
}

PurpleRoster *PurpleRoster::instance()
{
    return g_roster;
}

void PurpleRoster::installUiOps()
{
    purple_blist_set_ui_ops(&g_blistOps);
}

void PurpleRoster::start()
{
    void *handle = purple_blist_get_handle();
    purple_signal_connect(handle, "buddy-status-changed", this, PURPLE_CALLBACK(buddyStatusChanged), nullptr);
    purple_signal_connect(handle, "buddy-signed-on", this, PURPLE_CALLBACK(buddySignedOnOff), nullptr);
    purple_signal_connect(handle, "buddy-signed-off", this, PURPLE_CALLBACK(buddySignedOnOff), nullptr);
    purple_signal_connect(handle, "buddy-idle-changed", this, PURPLE_CALLBACK(buddyIdleChanged), nullptr);
}

BuddyInfo PurpleRoster::infoOf(PurpleBuddy *buddy)
{
    BuddyInfo info;
    info.address = addressOf(buddy);
    info.alias = fromUtf8(purple_buddy_get_local_buddy_alias(buddy));
    info.serverAlias = fromUtf8(purple_buddy_get_server_alias(buddy));
    if (PurpleGroup *group = purple_buddy_get_group(buddy))
        info.group = fromUtf8(purple_group_get_name(group));
    info.presence = presenceOf(purple_buddy_get_presence(buddy));
    // libpurple caches every buddy icon as <icons dir>/<sha1>.<ext>; the file name is both the
    // hash the merge engine compares and what the list loads, even before sign-on.
    if (PurpleBuddyIcon *icon = purple_buddy_get_icon(buddy)) {
        if (char *path = purple_buddy_icon_get_full_path(icon)) {
            info.avatarHash = QFileInfo(QString::fromUtf8(path)).fileName();
            g_free(path);
        }
    }
    return info;
}

QList<BuddyInfo> PurpleRoster::buddies(AccountId accountId) const
{
    QList<BuddyInfo> result;
    PurpleAccount *account = findAccount(accountId);
    if (!account)
        return result;
    GSList *list = purple_find_buddies(account, nullptr);
    for (GSList *it = list; it; it = it->next)
        result << infoOf(static_cast<PurpleBuddy *>(it->data));
    g_slist_free(list);
    return result;
}

std::optional<BuddyInfo> PurpleRoster::buddy(const BuddyAddress &address) const
{
    if (PurpleBuddy *b = findBuddy(address))
        return infoOf(b);
    return std::nullopt;
}

void PurpleRoster::addBuddy(const BuddyAddress &address, const QString &groupName, const QString &alias)
{
    PurpleAccount *account = findAccount(address.account);
    if (!account)
        return;
    const QByteArray handle = address.handle.toUtf8();
    PurpleBuddy *buddy = purple_find_buddy(account, handle.constData());
    if (!buddy) {
        const QByteArray name = (groupName.isEmpty() ? QStringLiteral("Buddies") : groupName).toUtf8();
        PurpleGroup *group = purple_find_group(name.constData());
        if (!group) {
            group = purple_group_new(name.constData());
            purple_blist_add_group(group, nullptr);
        }
        buddy = purple_buddy_new(account, handle.constData(),
                                 alias.isEmpty() ? nullptr : alias.toUtf8().constData());
        purple_blist_add_buddy(buddy, nullptr, group, nullptr);
    }
    // Sends the subscription request (XMPP) or adds to the server-side list.
    purple_account_add_buddy(account, buddy);
}

void PurpleRoster::removeBuddy(const BuddyAddress &address)
{
    PurpleBuddy *buddy = findBuddy(address);
    if (!buddy)
        return;
    purple_account_remove_buddy(purple_buddy_get_account(buddy), buddy, purple_buddy_get_group(buddy));
    purple_blist_remove_buddy(buddy);
}

void PurpleRoster::moveBuddy(const BuddyAddress &address, const QString &groupName)
{
    PurpleBuddy *buddy = findBuddy(address);
    if (!buddy || groupName.isEmpty())
        return;
    const QByteArray name = groupName.toUtf8();
    PurpleGroup *group = purple_find_group(name.constData());
    if (!group) {
        group = purple_group_new(name.constData());
        purple_blist_add_group(group, nullptr);
    }
    // Re-adding a node under another group moves it; libpurple tells the server (group_buddy).
    purple_blist_add_buddy(buddy, nullptr, group, nullptr);
}

void PurpleRoster::setBlocked(const BuddyAddress &address, bool blocked)
{
    PurpleAccount *account = findAccount(address.account);
    if (!account)
        return;
    const QByteArray who = address.handle.toUtf8();
    if (blocked)
        purple_privacy_deny(account, who.constData(), FALSE, FALSE);
    else
        purple_privacy_allow(account, who.constData(), FALSE, FALSE);
}

bool PurpleRoster::isBlocked(const BuddyAddress &address) const
{
    PurpleAccount *account = findAccount(address.account);
    return account && !purple_privacy_check(account, address.handle.toUtf8().constData());
}

void PurpleRoster::setOwnPresence(AccountId accountId, const Presence &presence)
{
    PurpleAccount *account = findAccount(accountId);
    if (!account)
        return;
    const auto primitive = static_cast<PurpleStatusPrimitive>(primitiveFor(presence.kind));
    PurpleStatusType *type = purple_account_get_status_type_with_primitive(account, primitive);
    // Not every protocol has every primitive (IRC has no extended away): fall back to the
    // nearest one it has, towards "away".
    if (!type && (primitive == PURPLE_STATUS_EXTENDED_AWAY || primitive == PURPLE_STATUS_UNAVAILABLE))
        type = purple_account_get_status_type_with_primitive(account, PURPLE_STATUS_AWAY);
    if (!type && primitive == PURPLE_STATUS_INVISIBLE)
        type = purple_account_get_status_type_with_primitive(account, PURPLE_STATUS_AWAY);
    if (!type) {
        qCWarning(lcPurple) << "account" << accountId.value() << "has no status for"
                            << presenceKindName(presence.kind);
        return;
    }
    const QByteArray id = purple_status_type_get_id(type);
    const QByteArray message = presence.message.toHtmlEscaped().toUtf8();
    if (purple_status_type_get_attr(type, "message"))
        purple_account_set_status(account, id.constData(), TRUE, "message", message.constData(), nullptr);
    else
        purple_account_set_status(account, id.constData(), TRUE, nullptr);
}

Presence PurpleRoster::ownPresence(AccountId accountId) const
{
    PurpleAccount *account = findAccount(accountId);
    return account ? presenceOf(purple_account_get_presence(account)) : Presence{};
}

void PurpleRoster::onNodeUpdated(PurpleBlistNode *node)
{
    if (!PURPLE_BLIST_NODE_IS_BUDDY(node))
        return;
    auto *buddy = reinterpret_cast<PurpleBuddy *>(node);
    if (!accountIdOf(purple_buddy_get_account(buddy)).isValid())
        return;
    const BuddyInfo info = infoOf(buddy);
    if (g_known.contains(node)) {
        Q_EMIT buddyChanged(info);
    } else {
        g_known.insert(node);
        Q_EMIT buddyAdded(info);
    }
}

void PurpleRoster::onNodeRemoved(PurpleBlistNode *node)
{
    if (!PURPLE_BLIST_NODE_IS_BUDDY(node) || !g_known.remove(node))
        return;
    Q_EMIT buddyRemoved(addressOf(reinterpret_cast<PurpleBuddy *>(node)));
}

void PurpleRoster::onBuddyStatus(PurpleBuddy *buddy)
{
    Q_EMIT buddyPresenceChanged(addressOf(buddy), presenceOf(purple_buddy_get_presence(buddy)));
}

} // namespace crosstalk::protocols
