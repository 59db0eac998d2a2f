// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/address.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace crosstalk {

enum class MessageDirection { Incoming, Outgoing };

/// A one-to-one message as it crossed the network. The body is kept exactly as
/// received (libpurple hands over HTML); rendering goes through the sanitizer.
struct ImMessage
{
    BuddyAddress peer;
    MessageDirection direction = MessageDirection::Incoming;
    QString body;
    QDateTime timestamp; ///< when the protocol says it was sent (UTC)
    bool delayed = false; ///< offline/history delivery
    bool autoReply = false;
};

/// A message in a group chat.
struct ChatMessage
{
    ChatAddress chat;
    QString sender; ///< nick or occupant name as shown in the room
    MessageDirection direction = MessageDirection::Incoming;
    QString body;
    QDateTime timestamp;
    bool mentionsMe = false;
    bool delayed = false;
};

} // namespace crosstalk

Q_DECLARE_METATYPE(crosstalk::ImMessage)
Q_DECLARE_METATYPE(crosstalk::ChatMessage)
