// SPDX-License-Identifier: GPL-3.0-or-later
// Private to protocols/: XEP-0184 message delivery receipts over XMPP. libpurple 2.14's XMPP
// prpl neither asks for nor answers them, so they are added through its stanza signals, as
// Pidgin's receipt plugins do.
#pragma once

#include "core/model/address.h"
#include "protocols/purplestanzahooks.h"

#include <QString>

#include <functional>

namespace crosstalk::protocols {

class PurpleReceipts
{
public:
    /// A peer confirmed it received the message whose request carried this id.
    using Delivered = std::function<void(const BuddyAddress &from, const QString &id)>;

    explicit PurpleReceipts(Delivered onDelivered);

    /// False when the XMPP prpl is not loaded (then nothing here ever happens).
    bool start() { return m_hooks.start(); }

    /// Around handing one message to libpurple: the chat message stanza that leaves meanwhile
    /// asks for a receipt, and takeRequestedId() gives its id (empty if none left, e.g. the
    /// account is not XMPP or the send failed before a stanza was built).
    void armForSend();
    QString takeRequestedId();

private:
    void onSending(void *node);
    void onReceiving(PurpleConnection *gc, void *node);
    void sendReceipt(PurpleConnection *gc, const QString &to, const QString &id);

    Delivered m_onDelivered;
    PurpleStanzaHooks m_hooks;
    bool m_armed = false;
    QString m_requested;
};

} // namespace crosstalk::protocols
