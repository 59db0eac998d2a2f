// SPDX-License-Identifier: GPL-3.0-or-later
// In-process stand-ins for the network services, for fast conversation tests (core and ui).
// Never linked into the product.
#pragma once

#include "core/conversations/accountrows.h"
#include "core/conversations/conversationhub.h"
#include "core/history/historyreader.h"
#include "core/history/historyrecorder.h"
#include "core/network/accountservice.h"
#include "core/network/filetransferservice.h"
#include "core/network/groupchatservice.h"
#include "core/network/messagingservice.h"
#include "core/store/store.h"
#include "tests/support/tempdir.h"

#include <QHash>

#include <memory>

namespace crosstalk::test {

class FakeAccounts : public AccountService
{
public:
    QList<AccountInfo> list;

    AccountId add(const QString &protocol, const QString &username, ConnectionState state)
    {
        AccountInfo info;
        info.id = AccountId(list.size() + 1);
        info.spec.protocolId = protocol;
        info.spec.username = username;
        info.state = state;
        list.append(info);
        return info.id;
    }
    void setState(AccountId id, ConnectionState state)
    {
        for (AccountInfo &info : list) {
            if (info.id == id)
                info.state = state;
        }
        Q_EMIT connectionStateChanged(id, state, {});
    }

    QList<ProtocolInfo> protocols() const override { return {}; }
    QList<AccountInfo> accounts() const override { return list; }
    std::optional<AccountInfo> account(AccountId id) const override
    {
        for (const AccountInfo &info : list) {
            if (info.id == id)
                return info;
        }
        return std::nullopt;
    }
    AccountId addAccount(const AccountSpec &) override { return {}; }
    AccountId addAccountWithId(const AccountSpec &, AccountId) override { return {}; }
    void removeAccount(AccountId) override {}
    void updateSettings(AccountId, const QVariantMap &) override {}
    void provideSecret(AccountId, const QString &) override {}
    void setEnabled(AccountId, bool) override {}
    void connectAccount(AccountId) override {}
    void disconnectAccount(AccountId) override {}
};

class FakeMessaging : public MessagingService
{
public:
    explicit FakeMessaging(FakeAccounts &accounts) : m_accounts(accounts) {}

    struct Sent
    {
        BuddyAddress to;
        QString html;
    };
    QList<Sent> sent;
    QList<std::pair<BuddyAddress, TypingState>> typing;
    QString refuseWith; ///< non-empty: the next sendIm fails with this
    bool confirmsDelivery = false; ///< like XMPP with receipts: each send gets "receipt-<n>"

    SendResult sendIm(const BuddyAddress &to, const QString &html) override
    {
        const auto info = m_accounts.account(to.account);
        if (!info || info->state != ConnectionState::Connected)
            return SendResult::NotConnected;
        if (!refuseWith.isEmpty()) {
            m_lastError = std::exchange(refuseWith, QString());
            return SendResult::Failed;
        }
        sent.append({to, html});
        m_lastReceiptId = confirmsDelivery ? QStringLiteral("receipt-%1").arg(sent.size()) : QString();
        return SendResult::Sent;
    }
    void sendTyping(const BuddyAddress &to, TypingState state) override { typing.append({to, state}); }
    QString lastSendError() const override { return m_lastError; }
    QString lastReceiptId() const override { return m_lastReceiptId; }
    void confirm(const BuddyAddress &from, const QString &receiptId) { Q_EMIT imDelivered(from, receiptId); }

    void receive(const BuddyAddress &from, const QString &html, QDateTime at = QDateTime::currentDateTimeUtc())
    {
        ImMessage m;
        m.peer = from;
        m.body = html;
        m.timestamp = at;
        Q_EMIT imReceived(m);
    }

private:
    FakeAccounts &m_accounts;
    QString m_lastError;
    QString m_lastReceiptId;
};

class FakeChats : public GroupChatService
{
public:
    QHash<ChatAddress, QList<ChatParticipant>> rooms;
    QHash<ChatAddress, QString> topics;
    QString nick = QStringLiteral("me");

    void joinChat(const ChatAddress &chat, const QString &, const QString &) override
    {
        rooms[chat].append({nick, ChatParticipant::Role::None, false});
        Q_EMIT joined(chat);
    }
    void leaveChat(const ChatAddress &chat) override
    {
        rooms.remove(chat);
        Q_EMIT left(chat);
    }
    SendResult sendChat(const ChatAddress &chat, const QString &html) override
    {
        if (!rooms.contains(chat))
            return SendResult::NotConnected;
        ChatMessage m;
        m.chat = chat;
        m.sender = nick;
        m.direction = MessageDirection::Outgoing;
        m.body = html;
        m.timestamp = QDateTime::currentDateTimeUtc();
        Q_EMIT chatMessageReceived(m);
        return SendResult::Sent;
    }
    QStringList participants(const ChatAddress &chat) const override
    {
        QStringList names;
        for (const ChatParticipant &p : rooms.value(chat))
            names << p.nick;
        return names;
    }
    QList<ChatParticipant> participantList(const ChatAddress &chat) const override { return rooms.value(chat); }
    QString topic(const ChatAddress &chat) const override { return topics.value(chat); }
    QString ownNick(const ChatAddress &chat) const override { return rooms.contains(chat) ? nick : QString(); }
    bool isJoined(const ChatAddress &chat) const override { return rooms.contains(chat); }

    void receive(const ChatAddress &chat, const QString &from, const QString &html,
                 QDateTime at = QDateTime::currentDateTimeUtc())
    {
        ChatMessage m;
        m.chat = chat;
        m.sender = from;
        m.body = html;
        m.timestamp = at;
        Q_EMIT chatMessageReceived(m);
    }
};

/// File transfers without a network: the test drives offers and progress; accept, decline,
/// cancel and send behave as the real service's state machine does.
class FakeFileTransfers : public FileTransferService
{
public:
    QHash<qint64, FileTransfer> list;
    QStringList refused; ///< paths sendFile refuses
    qint64 next = 1;

    TransferId offer(const BuddyAddress &from, const QString &name, qint64 size)
    {
        FileTransfer t;
        t.id = TransferId(next++);
        t.peer = from;
        t.fileName = name;
        t.size = size;
        list.insert(t.id.value(), t);
        Q_EMIT transferAdded(t);
        return t.id;
    }
    void progress(TransferId id, qint64 bytes)
    {
        FileTransfer &t = list[id.value()];
        t.state = FileTransfer::State::Transferring;
        t.transferred = bytes;
        if (bytes >= t.size) {
            t.state = FileTransfer::State::Done;
            if (t.isIncoming())
                t.localPath = QStringLiteral("/downloads/") + t.fileName;
        }
        Q_EMIT transferChanged(t);
    }
    void set(TransferId id, FileTransfer::State state, const QString &error = {})
    {
        FileTransfer &t = list[id.value()];
        t.state = state;
        t.error = error;
        Q_EMIT transferChanged(t);
    }

    TransferId sendFile(const BuddyAddress &to, const QString &path, QString *error) override
    {
        if (refused.contains(path)) {
            if (error)
                *error = QStringLiteral("%1 cannot be read").arg(path);
            return {};
        }
        FileTransfer t;
        t.id = TransferId(next++);
        t.peer = to;
        t.direction = FileTransfer::Direction::Outgoing;
        t.state = FileTransfer::State::Waiting;
        t.fileName = path.section(QLatin1Char('/'), -1);
        t.localPath = path;
        t.size = 1000;
        list.insert(t.id.value(), t);
        Q_EMIT transferAdded(t);
        return t.id;
    }
    bool canSendTo(const BuddyAddress &) const override { return true; }
    bool accept(TransferId id) override
    {
        if (list.value(id.value()).state != FileTransfer::State::Offered)
            return false;
        set(id, FileTransfer::State::Waiting);
        return true;
    }
    void decline(TransferId id) override { set(id, FileTransfer::State::Declined, QStringLiteral("You declined the file")); }
    void cancel(TransferId id) override { set(id, FileTransfer::State::Cancelled); }
    std::optional<FileTransfer> transfer(TransferId id) const override
    {
        auto it = list.constFind(id.value());
        return it == list.cend() ? std::nullopt : std::optional<FileTransfer>(*it);
    }
    QList<FileTransfer> transfers() const override { return list.values(); }
    QString downloadDirectory() const override { return QStringLiteral("/downloads"); }
    void setDownloadDirectory(const QString &) override {}
};

/// A store in a temporary directory with the fake services and a hub over them.
struct ConversationRig
{
    TempDir dir;
    std::unique_ptr<store::Store> store;
    FakeAccounts accounts;
    FakeMessaging messaging{accounts};
    FakeChats chats;
    std::unique_ptr<history::HistoryRecorder> recorder;
    std::unique_ptr<history::HistoryReader> reader;
    std::unique_ptr<conversations::ConversationHub> hub;
    AccountId xmpp;
    AccountId irc;

    explicit ConversationRig(conversations::Outbox::Options options = {},
                             ConnectionState state = ConnectionState::Connected)
    {
        store = std::make_unique<store::Store>(dir.filePath(QStringLiteral("crosstalk.sqlite")));
        store->open().waitForFinished();
        xmpp = accounts.add(QStringLiteral("prpl-jabber"), QStringLiteral("alice@localhost/ct"), state);
        irc = accounts.add(QStringLiteral("prpl-irc"), QStringLiteral("alice@127.0.0.1"), state);
        conversations::mirrorAccounts(*store, accounts.list).waitForFinished();
        recorder = std::make_unique<history::HistoryRecorder>(*store);
        reader = std::make_unique<history::HistoryReader>(*store);
        hub = std::make_unique<conversations::ConversationHub>(*store, *recorder, messaging, chats, accounts,
                                                               options);
    }
    ~ConversationRig()
    {
        hub.reset();
        reader.reset();
        recorder.reset();
        store.reset();
    }
};

} // namespace crosstalk::test
