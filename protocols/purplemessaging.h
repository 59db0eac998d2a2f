// SPDX-License-Identifier: GPL-3.0-or-later
// Private to protocols/: one-to-one messages through libpurple IM conversations.
#pragma once

#include "core/network/messagingservice.h"
#include "protocols/purplereceipts.h"

typedef struct _PurpleConversation PurpleConversation;

namespace crosstalk::protocols {

class PurpleMessaging : public MessagingService
{
    Q_OBJECT
public:
    explicit PurpleMessaging(QObject *parent = nullptr);
    ~PurpleMessaging() override;

    void start();

    SendResult sendIm(const BuddyAddress &to, const QString &html) override;
    void sendTyping(const BuddyAddress &to, TypingState state) override;
    QString lastSendError() const override { return m_lastError; }
    QString lastReceiptId() const override { return m_lastReceiptId; }

    /// From the conversation ui ops: a line was written to an IM conversation.
    void onWrite(PurpleConversation *conv, const char *who, const char *message, int flags, long mtime);
    void onTyping(const BuddyAddress &from, TypingState state);

private:
    bool m_sending = false; ///< inside purple_conv_im_send: an error line is that send's failure
    QString m_lastError;
    QString m_lastReceiptId;
    PurpleReceipts m_receipts;
};

} // namespace crosstalk::protocols
