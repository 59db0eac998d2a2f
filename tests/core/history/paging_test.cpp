// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/history/historyqueries.h"
#include "core/history/historyreader.h"
#include "core/store/connection.h"
#include "tests/core/history/historyfixture.h"

#include <catch2/catch.hpp>

using namespace crosstalk;
using history::PageDirection;
using history::PageRequest;

namespace {

bool ascending(const history::Page &page)
{
    for (qsizetype i = 1; i < page.messages.size(); ++i) {
        if (!(page.messages[i - 1].sentAt <= page.messages[i].sentAt &&
              page.messages[i - 1].id < page.messages[i].id))
            return false;
    }
    return true;
}

} // namespace

TEST_CASE("paging: a conversation pages backwards and forwards by keyset")
{
    test::HistoryFixture f;
    auto db = f.store->openReader();
    history::HistoryQueries q(*db);

    const auto newest = q.conversation(f.bobXmpp, {MessageId(), PageDirection::Older, 100});
    REQUIRE(newest.messages.size() == 100);
    CHECK(ascending(newest));
    CHECK(newest.messages.last().plainText == QStringLiteral("xmpp line 249 about the garden"));
    CHECK(newest.messages.first().plainText == QStringLiteral("xmpp line 150 about the garden"));
    CHECK(newest.hasOlder);
    CHECK_FALSE(newest.hasNewer);

    const auto older = q.conversation(f.bobXmpp, {newest.messages.first().id, PageDirection::Older, 100});
    CHECK(older.messages.first().plainText == QStringLiteral("xmpp line 50 about the garden"));
    CHECK(older.messages.last().plainText == QStringLiteral("xmpp line 149 about the garden"));
    CHECK(older.hasOlder);
    CHECK(older.hasNewer);

    const auto oldest = q.conversation(f.bobXmpp, {older.messages.first().id, PageDirection::Older, 100});
    CHECK(oldest.messages.size() == 50);
    CHECK_FALSE(oldest.hasOlder);
    CHECK(oldest.hasNewer);

    const auto forward = q.conversation(f.bobXmpp, {oldest.messages.last().id, PageDirection::Newer, 100});
    CHECK(forward.messages.first().id == older.messages.first().id);
    CHECK(forward.messages.size() == 100);

    const auto first = q.conversation(f.bobXmpp, {MessageId(), PageDirection::Newer, 10});
    CHECK(first.messages.first().plainText == QStringLiteral("xmpp line 0 about the garden"));
    CHECK_FALSE(first.hasOlder);
    CHECK(first.hasNewer);
}

TEST_CASE("paging: a person's page merges all their buddies on all accounts in time order")
{
    test::HistoryFixture f;
    auto db = f.store->openReader();
    history::HistoryQueries q(*db);
    const auto oldest = q.person(f.bob, {MessageId(), PageDirection::Newer, 6});
    REQUIRE(oldest.messages.size() == 6);
    CHECK(ascending(oldest));
    QStringList texts;
    for (const auto &m : oldest.messages)
        texts << m.plainText.section(u' ', 0, 2);
    CHECK(texts ==
          QStringList{"xmpp line 0", "irc line 0", "xmpp line 1", "irc line 1", "xmpp line 2", "irc line 2"});
    CHECK(oldest.messages[1].account == f.irc);

    // Walk the whole person backwards: every message once, none of Carol's.
    int total = 0;
    PageRequest request{MessageId(), PageDirection::Older, 64};
    for (;;) {
        const auto page = q.person(f.bob, request);
        CHECK(ascending(page));
        for (const auto &m : page.messages)
            CHECK(m.conversation != f.carol);
        total += int(page.messages.size());
        if (!page.hasOlder)
            break;
        request.anchor = page.messages.first().id;
    }
    CHECK(total == 300);
}

TEST_CASE("paging: jump to a date opens the page at the first message of that moment")
{
    test::HistoryFixture f;
    auto db = f.store->openReader();
    history::HistoryQueries q(*db);
    const auto page = q.conversationAt(f.bobXmpp, test::HistoryFixture::at(101), 5);
    REQUIRE(page.messages.size() == 5);
    CHECK(page.messages.first().sentAt == test::HistoryFixture::at(102));
    CHECK(page.hasOlder);
    CHECK(page.hasNewer);
    const auto personPage = q.personAt(f.bob, test::HistoryFixture::at(41), 3);
    CHECK(personPage.messages.first().sentAt == test::HistoryFixture::at(41));
    const auto past = q.conversationAt(f.bobXmpp, test::HistoryFixture::at(100000), 5);
    CHECK(past.messages.isEmpty());
    CHECK(past.hasOlder);
}

TEST_CASE("paging: the asynchronous reader answers off the calling thread")
{
    test::HistoryFixture f;
    history::HistoryReader reader(*f.store);
    auto conversation = reader.conversationWith({f.xmpp, QStringLiteral("bob@x")}).result();
    REQUIRE(conversation);
    CHECK(*conversation == f.bobXmpp);
    const auto page = reader.conversation(*conversation, {}).result();
    CHECK(page.messages.size() == 100);
    CHECK(reader.person(f.bob, {}).result().messages.size() == 100);
}
