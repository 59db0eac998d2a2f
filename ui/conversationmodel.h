// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/history/historytypes.h"
#include "core/store/records.h"

#include <QAbstractListModel>
#include <QFuture>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QStringList>

namespace crosstalk::history {
class HistoryReader;
}

namespace crosstalk::ui {

/// A sliding window over one conversation's history: pages come from the store as the view
/// scrolls (keyset paging on the reader thread), and the window never holds more than
/// maxRows messages — the far end is dropped and fetched again when needed. Live messages are
/// appended only when the window reaches the newest end.
class ConversationModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        MessageIdRole = Qt::UserRole + 1,
        SanitizedHtmlRole,  ///< body through the sanitizer, cut for display when huge
        SenderRole,
        DirectionRole,      ///< MessageDirection as int
        TimeRole,           ///< sentAt (UTC)
        StateRole,          ///< store::MessageState as int
        FailureReasonRole,
        GroupedRole,        ///< same sender as the row above, a few minutes apart: no header
        DaySeparatorRole,   ///< first message of a local day: a date line above it
        HighlightRole,      ///< mentions our nick
        SearchHitRole,      ///< the current search match
        PlainTextRole,
    };

    /// The first page fills a screen and more; pages fetched while scrolling are smaller, so
    /// laying out the new rows fits in a frame.
    static constexpr int kPageSize = 100;
    static constexpr int kScrollPageSize = 30;
    static constexpr int kGroupingSeconds = 5 * 60;

    explicit ConversationModel(history::HistoryReader &reader, int maxRows = 500, QObject *parent = nullptr);

    ConversationId conversation() const { return m_conversation; }
    /// Shows the newest page of the conversation (an invalid id: empty, waiting for the first).
    void open(ConversationId conversation);
    /// Shows every conversation of a person (all their buddies, on any account) as one
    /// timeline; live messages are then all taken (the caller routes them by person).
    /// `current` is the conversation of the route in use, or invalid.
    void openPerson(PersonId person, ConversationId current = {});
    PersonId person() const { return m_person; }
    /// Shows the page starting at `date` (to jump to a search hit).
    void openAt(const QDateTime &date, MessageId select = {});
    void loadOlder();
    void loadNewer();
    bool hasOlder() const { return m_hasOlder; }
    bool hasNewer() const { return m_hasNewer; }
    bool isLoading() const { return m_loading; }

    /// A message just committed; appended only if the window is at the newest end.
    void addLive(const store::StoredMessage &message);
    void updateState(MessageId id, store::MessageState state, const QString &reason);
    /// Words (our nick) whose mention highlights a message.
    void setHighlightWords(const QStringList &words);
    void setSearchHit(MessageId id);

    int rowOf(MessageId id) const;
    const store::StoredMessage &messageAt(int row) const { return m_rows[row].message; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

Q_SIGNALS:
    /// Rows were added at the top (older) or bottom; the view keeps its place.
    void pageLoaded(bool older, int rows);
    /// The first page of open()/openAt() is in (for "time to first paint").
    void opened(MessageId select);

private:
    struct Row
    {
        store::StoredMessage message;
        QString html;
        QString reason;
        /// The local calendar day it was sent on, worked out once: converting to local time
        /// asks the C library, which may stat the zone file, and sizing rows asks per row.
        qint64 localDay = 0;
        bool highlight = false;
    };

    Row makeRow(const store::StoredMessage &message) const;
    QFuture<history::Page> fetch(history::PageRequest request) const;
    void load(QFuture<history::Page> page, MessageId select);
    /// Marks the model loading and replaces every row with `page` when it arrives, unless
    /// another open came first.
    void replaceWhenReady(QFuture<history::Page> page, MessageId select);
    void replaceAll(const history::Page &page);
    void prepend(const history::Page &page);
    void append(const history::Page &page);
    void flushLive();
    void trimBottom();
    void trimTop();
    bool grouped(int row) const;
    bool daySeparator(int row) const;

    history::HistoryReader &m_reader;
    const int m_maxRows;
    ConversationId m_conversation;
    PersonId m_person;
    QList<Row> m_rows;
    QStringList m_highlightWords;
    QList<store::StoredMessage> m_liveWhileLoading;
    QHash<MessageId, std::pair<store::MessageState, QString>> m_lateStates;
    MessageId m_searchHit;
    bool m_hasOlder = false;
    bool m_hasNewer = false;
    bool m_loading = false;
    quint64 m_generation = 0; ///< a page from before open() is ignored
};

} // namespace crosstalk::ui
