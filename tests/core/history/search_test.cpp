// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/history/ftsquery.h"
#include "core/history/historyqueries.h"
#include "core/history/historyreader.h"
#include "core/history/historyrecorder.h"
#include "core/store/connection.h"
#include "core/store/plaintext.h"
#include "tests/core/history/historyfixture.h"
#include "tests/support/waitfor.h"

#include <catch2/catch.hpp>

using namespace crosstalk;

namespace {

history::SearchResults find(test::HistoryFixture &f, history::SearchQuery query)
{
    auto db = f.store->openReader();
    return history::HistoryQueries(*db).search(query);
}

history::SearchQuery text(const QString &t, int limit = 50)
{
    history::SearchQuery q;
    q.text = t;
    q.limit = limit;
    return q;
}

bool newestFirst(const history::SearchResults &r)
{
    for (qsizetype i = 1; i < r.hits.size(); ++i) {
        if (!(r.hits[i - 1].message.id > r.hits[i].message.id))
            return false;
    }
    return true;
}

} // namespace

TEST_CASE("search: user text becomes a safe FTS5 expression")
{
    CHECK(history::ftsMatchExpression(QStringLiteral("garden")) == QStringLiteral("\"garden\""));
    CHECK(history::ftsMatchExpression(QStringLiteral("gard* \"quick brown\"")) ==
          QStringLiteral("\"gard\"* \"quick brown\""));
    CHECK(history::ftsMatchExpression(QStringLiteral("AND OR ( say\"s")) ==
          QStringLiteral("\"AND\" \"OR\" \"say\" \"s\""));
    CHECK(history::ftsMatchExpression(QStringLiteral("  ** ( ) ")).isEmpty());
}

TEST_CASE("search: one word finds every match, newest first, with a highlighted snippet")
{
    test::HistoryFixture f;
    const auto r = find(f, text(QStringLiteral("garden"), 500));
    CHECK(r.hits.size() == 250); // "gardener" is another word
    CHECK_FALSE(r.more);
    CHECK(newestFirst(r));
    const auto &top = r.hits.first();
    CHECK(top.message.plainText == QStringLiteral("xmpp line 249 about the garden"));
    REQUIRE(top.highlights.size() == 1);
    CHECK(top.snippet.mid(top.highlights[0].first, top.highlights[0].second) == QStringLiteral("garden"));
}

TEST_CASE("search: phrases, prefixes and paging through results")
{
    test::HistoryFixture f;
    CHECK(find(f, text(QStringLiteral("\"quick brown fox\""))).hits.size() == 20);
    CHECK(find(f, text(QStringLiteral("\"brown quick\""))).hits.isEmpty());
    CHECK(find(f, text(QStringLiteral("garden*"), 1000)).hits.size() == 300);
    const auto first = find(f, text(QStringLiteral("garden*"), 120));
    CHECK(first.more);
    auto next = text(QStringLiteral("garden*"), 1000);
    next.before = first.hits.last().message.id;
    const auto rest = find(f, next);
    CHECK(rest.hits.size() == 180);
    CHECK(rest.hits.first().message.id < first.hits.last().message.id);
    CHECK(find(f, text(QStringLiteral("\"unbalanced"))).hits.isEmpty());
}

TEST_CASE("search: filters by person, account, direction and date range")
{
    test::HistoryFixture f;
    auto byPerson = text(QStringLiteral("line"), 1000);
    byPerson.person = f.bob;
    CHECK(find(f, byPerson).hits.size() == 300);

    auto byAccount = text(QStringLiteral("line"), 1000);
    byAccount.account = f.irc;
    const auto irc = find(f, byAccount);
    CHECK(irc.hits.size() == 50);
    for (const auto &h : irc.hits)
        CHECK(h.message.account == f.irc);

    auto outgoing = text(QStringLiteral("line"), 1000);
    outgoing.direction = MessageDirection::Outgoing;
    CHECK(find(f, outgoing).hits.size() == 30); // 25 on XMPP, 5 on IRC

    auto range = text(QStringLiteral("garden"), 1000);
    range.from = test::HistoryFixture::at(10);
    range.to = test::HistoryFixture::at(20);
    const auto window = find(f, range);
    CHECK(window.hits.size() == 5); // minutes 10, 12, 14, 16, 18
    CHECK(window.hits.first().message.sentAt == test::HistoryFixture::at(18));

    auto carolOnly = text(QStringLiteral("fox"));
    carolOnly.person = f.bob;
    CHECK(find(f, carolOnly).hits.isEmpty());
}

TEST_CASE("search: a newer search supersedes one still queued")
{
    test::HistoryFixture f;
    history::HistoryReader reader(*f.store);
    auto first = reader.search(text(QStringLiteral("gar")));
    auto second = reader.search(text(QStringLiteral("garden")));
    const auto last = second.result();
    CHECK_FALSE(last.superseded);
    CHECK(last.hits.size() == 50);
    const auto earlier = first.result();
    // The first may have run before the second was queued; if not, it was skipped.
    CHECK((earlier.superseded || earlier.hits.isEmpty()));
}

TEST_CASE("search: message bodies are indexed as plain text")
{
    CHECK(store::htmlToPlainText(u"<font color=\"red\">Hi</font> &amp; <b>bye</b><br/>x&#233;") ==
          QStringLiteral("Hi & bye\nx\u00e9"));
    CHECK(store::htmlToPlainText(u"1 &lt; 2") == QStringLiteral("1 < 2"));
}

TEST_CASE("search: a live message becomes searchable moments after it is committed")
{
    test::HistoryFixture f;
    history::HistoryRecorder recorder(*f.store);
    ImMessage m;
    m.peer = {f.xmpp, QStringLiteral("bob@x")};
    m.body = QStringLiteral("the zeppelin lands at noon");
    m.timestamp = QDateTime::currentDateTimeUtc();
    const auto recorded = recorder.recordIncoming(m).result();
    history::HistoryReader reader(*f.store);
    history::SearchResults found;
    CHECK(test::waitFor(
        [&] {
            found = reader.search(text(QStringLiteral("zeppelin"))).result();
            return !found.hits.isEmpty();
        },
        2000));
    REQUIRE(found.hits.size() == 1);
    CHECK(found.hits[0].message.id == recorded.message.id);
}
