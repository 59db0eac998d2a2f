// SPDX-License-Identifier: GPL-3.0-or-later
// Fills a store with a realistic conversation, for UI tests and benchmarks.
#pragma once

#include "core/store/connection.h"
#include "core/store/messagerepository.h"
#include "core/store/store.h"
#include "core/store/transaction.h"

#include <QRandomGenerator>
#include <QStringList>

namespace crosstalk::test {

/// `count` messages with `peer`, oldest first, `spacingSec` apart ending now: mostly short
/// lines, some long, some with links and formatting; a tenth are ours.
inline ConversationId fillConversation(store::Store &store, const BuddyAddress &peer, int count,
                                       int spacingSec = 47, quint32 seed = 1)
{
    return store
        .write([=](store::Connection &db) {
            static const QStringList lines = {
                QStringLiteral("ok"),
                QStringLiteral("see you at the station at <b>eight</b>"),
                QStringLiteral("did you read https://example.org/news/2026/11/release-notes ?"),
                QStringLiteral("The garden needs water again, it has not rained for a week and the tomatoes are "
                               "starting to look sad. Could you take care of it tomorrow morning before work?"),
                QStringLiteral("<i>lol</i>"),
                QStringLiteral("here is the command: <code>git rebase -i HEAD~3</code>"),
                QStringLiteral("thanks! 🎉"),
                QStringLiteral("meeting moved to 14:30, same room"),
                QStringLiteral("can you send me the photo?"),
                QStringLiteral("sure"),
            };
            QRandomGenerator rng(seed);
            store::MessageRepository messages(db);
            store::Transaction t(db);
            const ConversationId id = messages.ensureConversation(peer);
            const QDateTime end = QDateTime::currentDateTimeUtc();
            for (int i = 0; i < count; ++i) {
                store::NewMessage m;
                m.conversation = id;
                const bool ours = rng.bounded(10) == 0;
                m.direction = ours ? MessageDirection::Outgoing : MessageDirection::Incoming;
                m.sender = ours ? QString() : peer.handle;
                m.sentAt = end.addSecs(-qint64(count - i) * spacingSec);
                m.body = QStringLiteral("#%1 ").arg(i) + lines[rng.bounded(lines.size())];
                m.state = ours ? store::MessageState::Sent : store::MessageState::Received;
                messages.insert(m);
            }
            t.commit();
            return id;
        })
        .result();
}

} // namespace crosstalk::test
