// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/address.h"
#include "core/store/records.h"

namespace crosstalk::ui {

/// Who a conversation tab talks to: a buddy on one account, or a room.
struct ConversationTarget
{
    bool isChat = false;
    AccountId account;
    QString peer; ///< buddy handle or room name

    static ConversationTarget of(const BuddyAddress &a) { return {false, a.account, a.handle}; }
    static ConversationTarget of(const ChatAddress &c) { return {true, c.account, c.room}; }
    static ConversationTarget of(const store::StoredMessage &m)
    {
        return {m.kind == store::ConversationKind::Chat, m.account, m.peer};
    }
    BuddyAddress buddy() const { return {account, peer}; }
    ChatAddress chat() const { return {account, peer}; }

    friend bool operator==(const ConversationTarget &a, const ConversationTarget &b)
    {
        return a.isChat == b.isChat && a.account == b.account && a.peer.compare(b.peer, Qt::CaseInsensitive) == 0;
    }
};

/// Which rooms may interrupt: every message, only mentions of our nick, or nothing. It also
/// decides what counts as unread: All counts everything (tab, title, tray); Mentions shows
/// activity on the tab but only mentions reach the window title and the tray; Nothing counts
/// nothing.
enum class NotificationLevel { All, Mentions, Nothing };

/// One way to reach the person of a one-to-one conversation ("send via XMPP · bob@…").
struct ConversationRoute
{
    BuddyAddress address;
    QString label;
    bool online = false;
};

inline size_t qHash(const ConversationTarget &t, size_t seed = 0) noexcept
{
    return qHashMulti(seed, t.isChat, t.account, t.peer.toLower());
}

} // namespace crosstalk::ui
