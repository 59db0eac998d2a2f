// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/history/historytypes.h"

#include <QFuture>

#include <atomic>
#include <memory>
#include <optional>

namespace crosstalk::store {
class Store;
class Worker;
class Connection;
} // namespace crosstalk::store

namespace crosstalk::history {

/// Asynchronous history reads for the UI: paging on one reader thread, search on another,
/// each with its own read-only connection, so a long search never delays opening a
/// conversation and neither waits for the writer. Chain results with
/// QFuture::then(context, ...). Destroy it before the Store.
class HistoryReader
{
public:
    explicit HistoryReader(store::Store &store);
    ~HistoryReader();
    HistoryReader(const HistoryReader &) = delete;
    HistoryReader &operator=(const HistoryReader &) = delete;

    QFuture<Page> conversation(ConversationId conversation, PageRequest request);
    QFuture<Page> person(PersonId person, PageRequest request);
    QFuture<Page> conversationAt(ConversationId conversation, QDateTime date, int limit = 100);
    QFuture<Page> personAt(PersonId person, QDateTime date, int limit = 100);
    QFuture<std::optional<ConversationId>> conversationWith(BuddyAddress peer);

    /// Starting a search marks every earlier one still queued as superseded (search as you
    /// type): those come back empty with `superseded` set, without touching the disk.
    QFuture<SearchResults> search(SearchQuery query);

private:
    struct Lane;
    store::Store &m_store;
    std::unique_ptr<Lane> m_paging;
    std::unique_ptr<Lane> m_search;
    std::atomic<quint64> m_searchGeneration{0};
};

} // namespace crosstalk::history
