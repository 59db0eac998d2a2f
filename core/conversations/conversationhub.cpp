// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/conversations/conversationhub.h"

#include "core/history/historyrecorder.h"
#include "core/network/groupchatservice.h"
#include "core/store/connection.h"
#include "core/store/messagerepository.h"
#include "core/store/store.h"

namespace crosstalk::conversations {

ConversationHub::ConversationHub(store::Store &store, history::HistoryRecorder &recorder,
                                 MessagingService &messaging, GroupChatService &chats,
                                 AccountService &accounts, Outbox::Options options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_recorder(recorder)
    , m_messaging(messaging)
    , m_chats(chats)
    , m_outbox(std::make_unique<Outbox>(store, recorder, messaging, accounts, options))
{
    connect(&m_messaging, &MessagingService::imReceived, this,
            [this](const ImMessage &message) { m_recorder.recordIncoming(message); });
    // Our own IM echo (imSent) is not stored again: the Outbox stored it as Pending.
    connect(&m_chats, &GroupChatService::chatMessageReceived, this,
            [this](const ChatMessage &message) { m_recorder.recordChat(message); });
    connect(&m_recorder, &history::HistoryRecorder::messageCommitted, this, [this](const store::StoredMessage &m) {
        // Our own IMs come from the Outbox, so that "stored" always precedes "sent/failed".
        if (!(m.direction == MessageDirection::Outgoing && m.kind == store::ConversationKind::Im))
            Q_EMIT messageStored(m);
    });
    connect(m_outbox.get(), &Outbox::queuedMessage, this, &ConversationHub::messageStored);
    connect(&m_recorder, &history::HistoryRecorder::writeFailed, this, &ConversationHub::storeFailed);
    connect(m_outbox.get(), &Outbox::stateChanged, this, &ConversationHub::messageStateChanged);
    connect(&m_messaging, &MessagingService::typingChanged, this, &ConversationHub::typingChanged);
}

ConversationHub::~ConversationHub() = default;

QString ConversationHub::htmlForText(const QString &text)
{
    QString html = text.toHtmlEscaped();
    html.replace(QLatin1String("\r\n"), QLatin1String("<br>"));
    html.replace(u'\n', QLatin1String("<br>"));
    return html;
}

QFuture<ConversationId> ConversationHub::conversationFor(const BuddyAddress &peer)
{
    return m_store.write([peer](store::Connection &db) { return store::MessageRepository(db).ensureConversation(peer); });
}

QFuture<ConversationId> ConversationHub::conversationFor(const ChatAddress &chat)
{
    return m_store.write([chat](store::Connection &db) { return store::MessageRepository(db).ensureChat(chat); });
}

void ConversationHub::sendText(const BuddyAddress &to, const QString &text)
{
    if (!text.trimmed().isEmpty())
        m_outbox->send(to, htmlForText(text));
}

bool ConversationHub::sendChatText(const ChatAddress &chat, const QString &text)
{
    if (text.trimmed().isEmpty())
        return false;
    return m_chats.sendChat(chat, htmlForText(text)) == SendResult::Sent;
}

} // namespace crosstalk::conversations
