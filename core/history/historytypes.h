// SPDX-License-Identifier: GPL-3.0-or-later
// What history reads return: pages of a conversation or person, and search hits.
#pragma once

#include "core/store/records.h"

#include <QList>
#include <QMetaType>

#include <optional>
#include <utility>

namespace crosstalk::history {

enum class PageDirection { Older, Newer };

/// A keyset page request. The anchor itself is excluded. Without an anchor, Older gives the
/// newest page and Newer the oldest.
struct PageRequest
{
    MessageId anchor;
    PageDirection direction = PageDirection::Older;
    int limit = 100;
};

struct Page
{
    QList<store::StoredMessage> messages; ///< oldest first
    bool hasOlder = false;
    bool hasNewer = false;
};

struct SearchQuery
{
    /// Words (all must match), "quoted phrases", and prefix* words.
    QString text;
    PersonId person;
    AccountId account;
    std::optional<MessageDirection> direction;
    QDateTime from; ///< inclusive; invalid = no bound
    QDateTime to;   ///< exclusive; invalid = no bound
    int limit = 50;
    MessageId before; ///< continue below this hit (for "more results")
};

struct SearchHit
{
    store::StoredMessage message;
    /// A plain-text excerpt; highlights are (start, length) ranges in it.
    QString snippet;
    QList<std::pair<int, int>> highlights;
};

struct SearchResults
{
    QList<SearchHit> hits; ///< newest first
    bool more = false;
    bool superseded = false; ///< a newer search was started before this one ran
};

} // namespace crosstalk::history

Q_DECLARE_METATYPE(crosstalk::history::Page)
Q_DECLARE_METATYPE(crosstalk::history::SearchResults)
