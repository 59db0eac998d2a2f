// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/history/historyreader.h"

#include "core/history/historyqueries.h"
#include "core/store/connection.h"
#include "core/store/store.h"
#include "core/store/worker.h"

namespace crosstalk::history {

/// A reader thread and the connection that lives on it (opened on first use).
struct HistoryReader::Lane
{
    explicit Lane(const QString &name)
        : worker(std::make_unique<store::Worker>(name))
    {}
    ~Lane()
    {
        worker->post([this] { connection.reset(); });
        worker.reset();
    }

    /// Runs a read; damage SQLite finds on the way is reported so the next start checks the file.
    template <typename F> auto read(store::Store &store, F f)
    {
        return worker->submit([this, &store, f]() {
            try {
                return f(open(store));
            } catch (const store::StoreError &error) {
                if (error.kind() == store::StoreError::Kind::Corrupt)
                    store.reportCorruption();
                throw;
            }
        });
    }

    store::Connection &open(store::Store &store)
    {
        if (!connection)
            connection = store.openReader();
        return *connection;
    }

    std::unique_ptr<store::Connection> connection; // used only on the worker thread
    std::unique_ptr<store::Worker> worker;
};

HistoryReader::HistoryReader(store::Store &store)
    : m_store(store)
    , m_paging(std::make_unique<Lane>(QStringLiteral("history-page")))
    , m_search(std::make_unique<Lane>(QStringLiteral("history-search")))
{}

HistoryReader::~HistoryReader() = default;

QFuture<Page> HistoryReader::conversation(ConversationId conversation, PageRequest request)
{
    return m_paging->read(m_store, [conversation, request](store::Connection &db) {
        return HistoryQueries(db).conversation(conversation, request);
    });
}

QFuture<Page> HistoryReader::person(PersonId person, PageRequest request)
{
    return m_paging->read(m_store, [person, request](store::Connection &db) {
        return HistoryQueries(db).person(person, request);
    });
}

QFuture<Page> HistoryReader::conversationAt(ConversationId conversation, QDateTime date, int limit)
{
    return m_paging->read(m_store, [conversation, date, limit](store::Connection &db) {
        return HistoryQueries(db).conversationAt(conversation, date, limit);
    });
}

QFuture<Page> HistoryReader::personAt(PersonId person, QDateTime date, int limit)
{
    return m_paging->read(m_store, [person, date, limit](store::Connection &db) {
        return HistoryQueries(db).personAt(person, date, limit);
    });
}

QFuture<std::optional<ConversationId>> HistoryReader::conversationWith(BuddyAddress peer)
{
    return m_paging->read(
        m_store, [peer](store::Connection &db) { return HistoryQueries(db).conversationWith(peer); });
}

QFuture<SearchResults> HistoryReader::search(SearchQuery query)
{
    const quint64 generation = ++m_searchGeneration;
    return m_search->read(m_store, [this, query, generation](store::Connection &db) {
        if (generation != m_searchGeneration.load()) {
            SearchResults superseded;
            superseded.superseded = true;
            return superseded;
        }
        return HistoryQueries(db).search(query);
    });
}

} // namespace crosstalk::history
