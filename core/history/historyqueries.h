// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/history/historytypes.h"

#include <optional>

namespace crosstalk::store {
class Connection;
}

namespace crosstalk::history {

/// History reads on one connection (normally a read-only one on a reader thread; see
/// HistoryReader). Synchronous: never call on the UI thread.
class HistoryQueries
{
public:
    explicit HistoryQueries(store::Connection &connection)
        : m_db(connection)
    {}

    Page conversation(ConversationId conversation, const PageRequest &request);
    /// All buddies of the person, on all accounts, merged in time order.
    Page person(PersonId person, const PageRequest &request);
    /// The page starting at the first message at or after `date`.
    Page conversationAt(ConversationId conversation, const QDateTime &date, int limit = 100);
    Page personAt(PersonId person, const QDateTime &date, int limit = 100);

    SearchResults search(const SearchQuery &query);

    std::optional<ConversationId> conversationWith(const BuddyAddress &peer);
    QList<ConversationId> conversationsOf(PersonId person);

private:
    Page page(const QList<ConversationId> &conversations, const PageRequest &request);
    Page finishPage(Page &result, const QList<ConversationId> &conversations, const PageRequest &request,
                    bool older, qint64 anchor);
    bool exists(const QList<ConversationId> &conversations, const char *comparison, qint64 id);

    store::Connection &m_db;
};

} // namespace crosstalk::history
