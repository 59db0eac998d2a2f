// SPDX-License-Identifier: GPL-3.0-or-later
// A store filled with known conversations for history tests.
#pragma once

#include "core/store/accountrepository.h"
#include "core/store/buddyrepository.h"
#include "core/store/messagerepository.h"
#include "core/store/personrepository.h"
#include "core/store/store.h"
#include "core/store/transaction.h"
#include "tests/support/tempdir.h"

#include <memory>

namespace crosstalk::test {

struct HistoryFixture
{
    TempDir dir;
    std::unique_ptr<store::Store> store;
    AccountId xmpp;
    AccountId irc;
    ConversationId bobXmpp;
    ConversationId bobIrc;
    ConversationId carol;
    PersonId bob;

    static QDateTime at(int minute)
    {
        return QDateTime(QDate(2024, 5, 1), QTime(8, 0), Qt::UTC).addSecs(minute * 60LL);
    }

    HistoryFixture()
    {
        store = std::make_unique<store::Store>(dir.filePath(QStringLiteral("crosstalk.sqlite")));
        store->open().waitForFinished();
        store
            ->write([this](store::Connection &db) {
                store::Transaction t(db);
                store::AccountRepository accounts(db);
                xmpp = accounts.upsert({QStringLiteral("prpl-jabber"), QStringLiteral("me@x"), {}, {}, true});
                irc = accounts.upsert({QStringLiteral("prpl-irc"), QStringLiteral("me@irc"), {}, {}, true});
                store::MessageRepository messages(db);
                bobXmpp = messages.ensureConversation({xmpp, QStringLiteral("bob@x")});
                bobIrc = messages.ensureConversation({irc, QStringLiteral("bob")});
                carol = messages.ensureConversation({xmpp, QStringLiteral("carol@x")});
                store::PersonRepository people(db);
                store::BuddyRepository buddies(db);
                bob = people.personOf(*buddies.find({xmpp, QStringLiteral("bob@x")}));
                people.merge(bob, people.personOf(*buddies.find({irc, QStringLiteral("bob")})));
                // 250 messages with Bob on XMPP at even minutes, 50 on IRC at odd minutes,
                // 20 with Carol; every tenth is ours.
                for (int i = 0; i < 250; ++i)
                    add(messages, bobXmpp, at(2 * i), i,
                        QStringLiteral("xmpp line %1 about the garden").arg(i));
                for (int i = 0; i < 50; ++i)
                    add(messages, bobIrc, at(2 * i + 1), i,
                        QStringLiteral("irc line %1 about the gardener").arg(i));
                for (int i = 0; i < 20; ++i)
                    add(messages, carol, at(3 * i), i,
                        QStringLiteral("carol says the quick brown fox %1").arg(i));
                t.commit();
            })
            .waitForFinished();
        store->indexNow().waitForFinished();
    }

    static void add(store::MessageRepository &messages, ConversationId c, const QDateTime &when, int i,
                    const QString &text)
    {
        store::NewMessage m;
        m.conversation = c;
        m.sentAt = when;
        m.body = text;
        m.direction = i % 10 == 0 ? MessageDirection::Outgoing : MessageDirection::Incoming;
        m.state = i % 10 == 0 ? store::MessageState::Sent : store::MessageState::Received;
        messages.insert(m);
    }
};

} // namespace crosstalk::test
