// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/conversations/outbox.h"
#include "core/network/messagingservice.h"

#include <QFuture>
#include <QObject>

#include <memory>

namespace crosstalk {
class GroupChatService;
}

namespace crosstalk::conversations {

/// Live traffic in and out of the store. Every incoming line (IM or group chat) is committed
/// before anything may show it: views listen to messageStored, never to the network. Outgoing
/// IMs go through the Outbox (Pending → Sent/Failed); our own group-chat lines are stored
/// when the room echoes them.
class ConversationHub : public QObject
{
    Q_OBJECT
public:
    ConversationHub(store::Store &store, history::HistoryRecorder &recorder, MessagingService &messaging,
                    GroupChatService &chats, AccountService &accounts, Outbox::Options options,
                    QObject *parent = nullptr);
    ~ConversationHub() override;

    /// Our message to a buddy: plain text from the input box.
    void sendText(const BuddyAddress &to, const QString &text);
    /// Our message to a room; false (and nothing stored) if we are not in it.
    bool sendChatText(const ChatAddress &chat, const QString &text);
    void retry(MessageId id) { m_outbox->retry(id); }
    QString failureReason(MessageId id) const { return m_outbox->failureReason(id); }
    void sendTyping(const BuddyAddress &to, TypingState state) { m_messaging.sendTyping(to, state); }

    /// The store's id for the conversation (created if it has none yet: opening counts).
    QFuture<ConversationId> conversationFor(const BuddyAddress &peer);
    QFuture<ConversationId> conversationFor(const ChatAddress &chat);

    Outbox &outbox() { return *m_outbox; }
    MessagingService &messaging() { return m_messaging; }
    GroupChatService &chats() { return m_chats; }

    /// Turns what the user typed into the HTML libpurple sends (escaped, newlines as <br>).
    static QString htmlForText(const QString &text);

Q_SIGNALS:
    /// A message is durable: incoming, our pending one, or a room line.
    void messageStored(const crosstalk::store::StoredMessage &message);
    void messageStateChanged(crosstalk::MessageId id, crosstalk::store::MessageState state, const QString &reason);
    void typingChanged(const crosstalk::BuddyAddress &from, crosstalk::TypingState state);
    /// The store could not take a message (disk full...): the user must know.
    void storeFailed(const QString &error);

private:
    store::Store &m_store;
    history::HistoryRecorder &m_recorder;
    MessagingService &m_messaging;
    GroupChatService &m_chats;
    std::unique_ptr<Outbox> m_outbox;
};

} // namespace crosstalk::conversations
