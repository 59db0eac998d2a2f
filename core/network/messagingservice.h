// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/message.h"

#include <QObject>

namespace crosstalk {

enum class SendResult { Sent, NotConnected, Failed };
enum class TypingState { NotTyping, Typing, Paused };

/// One-to-one messages.
class MessagingService : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    /// Hands the message (HTML, as libpurple expects) to the protocol. Sent means the
    /// protocol accepted it; a later failure arrives through sendFailed.
    virtual SendResult sendIm(const BuddyAddress &to, const QString &html) = 0;
    virtual void sendTyping(const BuddyAddress &to, TypingState state) = 0;
    /// Why the last sendIm returned Failed, in the protocol's words (empty if it gave none).
    virtual QString lastSendError() const { return {}; }
    /// For the last sendIm that returned Sent: the id imDelivered will carry once the peer
    /// confirms receipt; empty when the protocol cannot confirm delivery.
    virtual QString lastReceiptId() const { return {}; }

Q_SIGNALS:
    void imReceived(const crosstalk::ImMessage &message);
    /// Our own message, after the protocol accepted it (with the body as actually sent).
    void imSent(const crosstalk::ImMessage &message);
    void sendFailed(const crosstalk::BuddyAddress &to, const QString &reason);
    /// The peer's client received the message sent with this receipt id (XMPP XEP-0184). It
    /// comes from the network: the id and sender are to be checked, not trusted.
    void imDelivered(const crosstalk::BuddyAddress &from, const QString &receiptId);
    void typingChanged(const crosstalk::BuddyAddress &from, crosstalk::TypingState state);
};

} // namespace crosstalk

Q_DECLARE_METATYPE(crosstalk::TypingState)
