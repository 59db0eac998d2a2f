// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/purplemessaging.h"

#include "protocols/purpleconvert.h"
#include "protocols/purpleruntime.h"

#include <QDateTime>

#include <purple.h>

namespace crosstalk::protocols {

namespace {

PurpleMessaging *g_messaging = nullptr;

// The prpl reports typing through these signals whether or not a conversation exists yet
// (the first "composing" usually comes before the first message), so the state comes from
// which signal fired, not from a conversation.
template <TypingState state>
void onBuddyTyping(PurpleAccount *account, const char *name, gpointer)
{
    if (g_messaging)
        g_messaging->onTyping({accountIdOf(account), normalizedHandle(account, name)}, state);
}

QDateTime timestampOf(long mtime)
{
    return mtime > 0 ? QDateTime::fromSecsSinceEpoch(mtime, Qt::UTC) : QDateTime::currentDateTimeUtc();
}

} // namespace

PurpleMessaging::PurpleMessaging(QObject *parent)
    : MessagingService(parent)
    , m_receipts([this](const BuddyAddress &from, const QString &id) { Q_EMIT imDelivered(from, id); })
{
    g_messaging = this;
}

PurpleMessaging::~PurpleMessaging()
{
    if (g_messaging == this)
        g_messaging = nullptr;
}

void PurpleMessaging::start()
{
    void *handle = purple_conversations_get_handle();
    purple_signal_connect(handle, "buddy-typing", this, PURPLE_CALLBACK(onBuddyTyping<TypingState::Typing>), nullptr);
    purple_signal_connect(handle, "buddy-typed", this, PURPLE_CALLBACK(onBuddyTyping<TypingState::Paused>), nullptr);
    purple_signal_connect(handle, "buddy-typing-stopped", this,
                          PURPLE_CALLBACK(onBuddyTyping<TypingState::NotTyping>), nullptr);
    m_receipts.start();
}

SendResult PurpleMessaging::sendIm(const BuddyAddress &to, const QString &html)
{
    m_lastReceiptId.clear();
    PurpleAccount *account = findAccount(to.account);
    if (!account || !purple_account_is_connected(account))
        return SendResult::NotConnected;
    const QByteArray who = to.handle.toUtf8();
    PurpleConversation *conv = purple_find_conversation_with_account(PURPLE_CONV_TYPE_IM, who.constData(), account);
    if (!conv)
        conv = purple_conversation_new(PURPLE_CONV_TYPE_IM, account, who.constData());
    if (!conv)
        return SendResult::Failed;
    // Goes through libpurple's sending pipeline, so plugins (e.g. encryption) see it; the
    // echo comes back through write_conv as a SEND line, a failure as an ERROR line.
    m_lastError.clear();
    m_sending = true;
    m_receipts.armForSend();
    purple_conv_im_send(PURPLE_CONV_IM(conv), html.toUtf8().constData());
    const QString requested = m_receipts.takeRequestedId();
    m_sending = false;
    if (!m_lastError.isEmpty())
        return SendResult::Failed;
    m_lastReceiptId = requested;
    return SendResult::Sent;
}

void PurpleMessaging::sendTyping(const BuddyAddress &to, TypingState state)
{
    PurpleAccount *account = findAccount(to.account);
    PurpleConnection *gc = account ? purple_account_get_connection(account) : nullptr;
    if (!gc)
        return;
    const PurpleTypingState purpleState = state == TypingState::Typing  ? PURPLE_TYPING
                                          : state == TypingState::Paused ? PURPLE_TYPED
                                                                         : PURPLE_NOT_TYPING;
    serv_send_typing(gc, to.handle.toUtf8().constData(), purpleState);
}

void PurpleMessaging::onWrite(PurpleConversation *conv, const char *, const char *message, int flags, long mtime)
{
    const BuddyAddress peer = crosstalk::protocols::addressOf(conv);
    if (flags & PURPLE_MESSAGE_ERROR) {
        if (m_sending) { // serv_send_im refused it synchronously: the caller gets Failed
            m_lastError = fromUtf8(message);
            if (m_lastError.isEmpty())
                m_lastError = QStringLiteral("Unable to send message");
            return;
        }
        Q_EMIT sendFailed(peer, fromUtf8(message));
        return;
    }
    if (!(flags & (PURPLE_MESSAGE_RECV | PURPLE_MESSAGE_SEND)) || (flags & PURPLE_MESSAGE_SYSTEM))
        return;
    ImMessage msg;
    msg.peer = peer;
    msg.direction = (flags & PURPLE_MESSAGE_SEND) ? MessageDirection::Outgoing : MessageDirection::Incoming;
    msg.body = fromUtf8(message);
    msg.timestamp = timestampOf(mtime);
    msg.delayed = flags & PURPLE_MESSAGE_DELAYED;
    msg.autoReply = flags & PURPLE_MESSAGE_AUTO_RESP;
    if (msg.direction == MessageDirection::Outgoing)
        Q_EMIT imSent(msg);
    else
        Q_EMIT imReceived(msg);
}

void PurpleMessaging::onTyping(const BuddyAddress &from, TypingState state)
{
    Q_EMIT typingChanged(from, state);
}

} // namespace crosstalk::protocols
