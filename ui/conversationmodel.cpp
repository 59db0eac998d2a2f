// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/conversationmodel.h"

#include "core/conversations/htmlsanitizer.h"
#include "core/history/historyreader.h"

namespace crosstalk::ui {

using store::MessageState;

namespace {

// A body of a megabyte is stored whole, but laying it out would stall the view.
constexpr int kDisplayTextLimit = 20000;

} // namespace

ConversationModel::ConversationModel(history::HistoryReader &reader, int maxRows, QObject *parent)
    : QAbstractListModel(parent)
    , m_reader(reader)
    , m_maxRows(std::max(maxRows, 2 * kPageSize))
{
}

ConversationModel::Row ConversationModel::makeRow(const store::StoredMessage &message) const
{
    Row row;
    row.message = message;
    row.localDay = message.sentAt.toLocalTime().date().toJulianDay();
    if (const auto late = m_lateStates.constFind(message.id); late != m_lateStates.cend()) {
        row.message.state = late->first;
        row.reason = late->second;
    }
    conversations::HtmlSanitizer::Options options;
    options.maxTextLength = kDisplayTextLimit;
    row.html = conversations::HtmlSanitizer::sanitize(message.body, options);
    if (message.direction == MessageDirection::Incoming) {
        for (const QString &word : m_highlightWords) {
            if (!word.isEmpty() && message.plainText.contains(word, Qt::CaseInsensitive))
                row.highlight = true;
        }
    }
    return row;
}

void ConversationModel::open(ConversationId conversation)
{
    m_person = {};
    m_conversation = conversation;
    if (!conversation.isValid()) {
        ++m_generation;
        beginResetModel();
        m_rows.clear();
        m_hasOlder = m_hasNewer = false;
        endResetModel();
        Q_EMIT opened({});
        return;
    }
    load(fetch({MessageId(), history::PageDirection::Older, kPageSize}), {});
}

void ConversationModel::openPerson(PersonId person, ConversationId current)
{
    m_person = person;
    m_conversation = current;
    load(fetch({MessageId(), history::PageDirection::Older, kPageSize}), {});
}

QFuture<history::Page> ConversationModel::fetch(history::PageRequest request) const
{
    return m_person.isValid() ? m_reader.person(m_person, request) : m_reader.conversation(m_conversation, request);
}

void ConversationModel::load(QFuture<history::Page> page, MessageId select)
{
    ++m_generation;
    beginResetModel();
    m_rows.clear();
    m_hasOlder = m_hasNewer = false;
    endResetModel();
    replaceWhenReady(std::move(page), select);
}

void ConversationModel::replaceWhenReady(QFuture<history::Page> page, MessageId select)
{
    m_loading = true;
    const quint64 generation = m_generation;
    page.then(this, [this, generation, select](history::Page result) {
        if (generation != m_generation)
            return; // another open superseded this one
        m_loading = false;
        replaceAll(result);
        flushLive();
        Q_EMIT opened(select);
    });
}

void ConversationModel::openAt(const QDateTime &date, MessageId select)
{
    if (!m_conversation.isValid() && !m_person.isValid())
        return;
    ++m_generation;
    // The rows shown stay until the page around the date replaces them.
    replaceWhenReady(m_person.isValid() ? m_reader.personAt(m_person, date, kPageSize)
                                        : m_reader.conversationAt(m_conversation, date, kPageSize),
                     select);
}

void ConversationModel::replaceAll(const history::Page &page)
{
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(page.messages.size());
    for (const store::StoredMessage &m : page.messages)
        m_rows.append(makeRow(m));
    m_hasOlder = page.hasOlder;
    m_hasNewer = page.hasNewer;
    endResetModel();
}

void ConversationModel::loadOlder()
{
    if (m_loading || !m_hasOlder || m_rows.isEmpty())
        return;
    m_loading = true;
    const quint64 generation = m_generation;
    fetch({m_rows.first().message.id, history::PageDirection::Older, kScrollPageSize})
        .then(this, [this, generation](history::Page page) {
            if (generation != m_generation)
                return;
            m_loading = false;
            prepend(page);
            flushLive();
        });
}

void ConversationModel::loadNewer()
{
    if (m_loading || !m_hasNewer || m_rows.isEmpty())
        return;
    m_loading = true;
    const quint64 generation = m_generation;
    fetch({m_rows.last().message.id, history::PageDirection::Newer, kScrollPageSize})
        .then(this, [this, generation](history::Page page) {
            if (generation != m_generation)
                return;
            m_loading = false;
            append(page);
            flushLive();
        });
}

void ConversationModel::prepend(const history::Page &page)
{
    m_hasOlder = page.hasOlder;
    const int n = int(page.messages.size());
    if (n > 0) {
        beginInsertRows({}, 0, n - 1);
        QList<Row> rows;
        rows.reserve(n + m_rows.size());
        for (const store::StoredMessage &m : page.messages)
            rows.append(makeRow(m));
        rows.append(std::move(m_rows));
        m_rows = std::move(rows);
        endInsertRows();
        if (n > 0 && m_rows.size() > n) // the old first row may lose its day line or header
            Q_EMIT dataChanged(index(n), index(n));
    }
    trimBottom();
    Q_EMIT pageLoaded(true, n);
}

void ConversationModel::append(const history::Page &page)
{
    m_hasNewer = page.hasNewer;
    const int n = int(page.messages.size());
    if (n > 0) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size()) + n - 1);
        for (const store::StoredMessage &m : page.messages)
            m_rows.append(makeRow(m));
        endInsertRows();
    }
    trimTop();
    Q_EMIT pageLoaded(false, n);
}

void ConversationModel::trimBottom()
{
    const int excess = int(m_rows.size()) - m_maxRows;
    if (excess <= 0)
        return;
    beginRemoveRows({}, int(m_rows.size()) - excess, int(m_rows.size()) - 1);
    m_rows.remove(m_rows.size() - excess, excess);
    endRemoveRows();
    m_hasNewer = true;
}

void ConversationModel::trimTop()
{
    const int excess = int(m_rows.size()) - m_maxRows;
    if (excess <= 0)
        return;
    beginRemoveRows({}, 0, excess - 1);
    m_rows.remove(0, excess);
    endRemoveRows();
    m_hasOlder = true;
}

void ConversationModel::addLive(const store::StoredMessage &message)
{
    if (!m_conversation.isValid()) {
        // The first message of a new conversation gives it its id.
        m_conversation = message.conversation;
    }
    if (message.conversation != m_conversation && !m_person.isValid())
        return;
    if (m_loading) {
        // The page being read may or may not hold it: decide when the page is in.
        m_liveWhileLoading.append(message);
        return;
    }
    if (m_hasNewer)
        return; // the window is away from the end; the next page towards it brings this one
    if (rowOf(message.id) >= 0)
        return;
    // Ids are time-ordered; a delayed message may belong above the last row.
    int at = int(m_rows.size());
    while (at > 0 && m_rows[at - 1].message.id > message.id)
        --at;
    beginInsertRows({}, at, at);
    m_rows.insert(at, makeRow(message));
    endInsertRows();
    if (at + 1 < m_rows.size())
        Q_EMIT dataChanged(index(at + 1), index(at + 1));
    trimTop();
}

void ConversationModel::flushLive()
{
    const QList<store::StoredMessage> live = std::exchange(m_liveWhileLoading, {});
    for (const store::StoredMessage &message : live)
        addLive(message);
}

void ConversationModel::updateState(MessageId id, MessageState state, const QString &reason)
{
    const int row = rowOf(id);
    if (row < 0) {
        // Not shown (yet): a message waiting for its page, or one scrolled away.
        if (m_lateStates.size() > 500)
            m_lateStates.clear();
        m_lateStates.insert(id, {state, reason});
        return;
    }
    m_rows[row].message.state = state;
    m_rows[row].reason = state == MessageState::Failed ? reason : QString();
    Q_EMIT dataChanged(index(row), index(row), {StateRole, FailureReasonRole});
}

void ConversationModel::setHighlightWords(const QStringList &words)
{
    m_highlightWords = words;
    for (Row &row : m_rows) {
        row.highlight = false;
        for (const QString &word : words) {
            if (row.message.direction == MessageDirection::Incoming && !word.isEmpty() &&
                row.message.plainText.contains(word, Qt::CaseInsensitive))
                row.highlight = true;
        }
    }
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1), {HighlightRole});
}

void ConversationModel::setSearchHit(MessageId id)
{
    const int old = rowOf(m_searchHit);
    m_searchHit = id;
    if (old >= 0)
        Q_EMIT dataChanged(index(old), index(old), {SearchHitRole});
    const int now = rowOf(id);
    if (now >= 0)
        Q_EMIT dataChanged(index(now), index(now), {SearchHitRole});
}

int ConversationModel::rowOf(MessageId id) const
{
    if (!id.isValid())
        return -1;
    // Rows are in id order: binary search.
    auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), id,
                               [](const Row &r, MessageId v) { return r.message.id < v; });
    return (it != m_rows.cend() && it->message.id == id) ? int(it - m_rows.cbegin()) : -1;
}

int ConversationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

bool ConversationModel::grouped(int row) const
{
    if (row == 0 || daySeparator(row))
        return false;
    const store::StoredMessage &a = m_rows[row - 1].message;
    const store::StoredMessage &b = m_rows[row].message;
    return a.direction == b.direction && a.sender == b.sender &&
           a.sentAt.secsTo(b.sentAt) < kGroupingSeconds;
}

bool ConversationModel::daySeparator(int row) const
{
    if (row == 0)
        return true;
    return m_rows[row - 1].localDay != m_rows[row].localDay;
}

QVariant ConversationModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case PlainTextRole: return row.message.plainText;
    case MessageIdRole: return row.message.id.value();
    case SanitizedHtmlRole: return row.html;
    case SenderRole: return row.message.sender;
    case DirectionRole: return int(row.message.direction);
    case TimeRole: return row.message.sentAt;
    case StateRole: return int(row.message.state);
    case FailureReasonRole: return row.reason;
    case GroupedRole: return grouped(index.row());
    case DaySeparatorRole: return daySeparator(index.row());
    case HighlightRole: return row.highlight;
    case SearchHitRole: return m_searchHit.isValid() && row.message.id == m_searchHit;
    default: return {};
    }
}

} // namespace crosstalk::ui
