// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/accountrepository.h"
#include "core/store/buddyrepository.h"
#include "core/store/callrepository.h"
#include "core/store/messagerepository.h"
#include "core/store/personrepository.h"
#include "core/store/transaction.h"
#include "tests/core/store/storetestutil.h"
#include "tests/support/tempdir.h"

#include <catch2/catch.hpp>

using namespace crosstalk;
using store::MergeDecision;

namespace {

template <typename F> auto onWriter(store::Store &s, F f)
{
    return s.write(f).result();
}

} // namespace

TEST_CASE("repositories: accounts upsert by protocol and username and keep settings")
{
    test::TempDir dir;
    auto s = test::openStore(dir.filePath(QStringLiteral("crosstalk.sqlite")));
    AccountSpec spec{QStringLiteral("prpl-jabber"),
                     QStringLiteral("alice@example.org/Home"),
                     QStringLiteral("Alice"),
                     {{QStringLiteral("port"), 5222},
                      {QStringLiteral("connect_server"), QStringLiteral("talk.example.org")}},
                     true};
    const AccountId first =
        onWriter(*s, [&](store::Connection &db) { return store::AccountRepository(db).upsert(spec); });
    spec.alias = QStringLiteral("Alice B");
    const AccountId second =
        onWriter(*s, [&](store::Connection &db) { return store::AccountRepository(db).upsert(spec); });
    CHECK(first == second);
    const auto all = onWriter(*s, [](store::Connection &db) { return store::AccountRepository(db).all(); });
    REQUIRE(all.size() == 1);
    CHECK(all[0].spec.alias == QStringLiteral("Alice B"));
    CHECK(all[0].spec.settings.value(QStringLiteral("port")).toInt() == 5222);
}

TEST_CASE("repositories: a new buddy gets a person, merge and split record their decisions")
{
    test::TempDir dir;
    auto s = test::openStore(dir.filePath(QStringLiteral("crosstalk.sqlite")));
    onWriter(*s, [](store::Connection &db) {
        store::AccountRepository accounts(db);
        const AccountId xmpp =
            accounts.upsert({QStringLiteral("prpl-jabber"), QStringLiteral("me@x"), {}, {}, true});
        const AccountId irc =
            accounts.upsert({QStringLiteral("prpl-irc"), QStringLiteral("me@irc"), {}, {}, true});
        store::BuddyRepository buddies(db);
        store::PersonRepository people(db);
        BuddyInfo info;
        info.address = {xmpp, QStringLiteral("bob@x")};
        info.alias = QStringLiteral("Bob");
        info.group = QStringLiteral("Friends");
        info.presence = {PresenceKind::Away, QStringLiteral("lunch"), false};
        const BuddyId bobXmpp = buddies.upsert(info);
        const BuddyId bobIrc = buddies.ensure({irc, QStringLiteral("bob")});
        const PersonId p1 = people.personOf(bobXmpp);
        const PersonId p2 = people.personOf(bobIrc);
        CHECK(p1.isValid());
        CHECK(p1 != p2);
        CHECK(people.get(p1)->displayName == QStringLiteral("Bob"));
        const auto record = buddies.get(bobXmpp);
        REQUIRE(record);
        CHECK(record->presence.kind == PresenceKind::Away);
        CHECK(record->presence.message == QStringLiteral("lunch"));
        CHECK(record->group == QStringLiteral("Friends"));

        people.merge(p1, p2);
        CHECK(people.buddiesOf(p1) == QList<BuddyId>{bobXmpp, bobIrc});
        CHECK_FALSE(people.get(p2)); // the emptied person is gone
        CHECK(people.decision(bobIrc, bobXmpp) == MergeDecision::Accepted);

        const PersonId alone = people.split(bobIrc);
        CHECK(people.personOf(bobIrc) == alone);
        CHECK(people.decision(bobXmpp, bobIrc) == MergeDecision::Rejected);
        return 0;
    });
}

TEST_CASE("repositories: calls are logged with answer, end, outcome and stats")
{
    test::TempDir dir;
    auto s = test::openStore(dir.filePath(QStringLiteral("crosstalk.sqlite")));
    const auto calls = onWriter(*s, [](store::Connection &db) {
        const AccountId a = store::AccountRepository(db).upsert(
            {QStringLiteral("prpl-jabber"), QStringLiteral("me@x"), {}, {}, true});
        const BuddyId b = store::BuddyRepository(db).ensure({a, QStringLiteral("bob@x")});
        const PersonId p = store::PersonRepository(db).personOf(b);
        store::CallRepository repo(db);
        store::CallRecord call;
        call.person = p;
        call.account = a;
        call.buddy = b;
        call.startedAt = QDateTime::fromSecsSinceEpoch(1000, Qt::UTC);
        const CallId id = repo.begin(call);
        repo.answered(id, QDateTime::fromSecsSinceEpoch(1005, Qt::UTC));
        repo.ended(id, QDateTime::fromSecsSinceEpoch(1065, Qt::UTC), store::CallOutcome::Completed,
                   QStringLiteral("{\"codec\":\"opus\",\"loss\":0.01}"));
        return repo.forPerson(p);
    });
    REQUIRE(calls.size() == 1);
    CHECK(calls[0].outcome == store::CallOutcome::Completed);
    CHECK(calls[0].answeredAt.toSecsSinceEpoch() == 1005);
    CHECK(calls[0].endedAt.toSecsSinceEpoch() == 1065);
    CHECK(calls[0].statsJson.contains(QStringLiteral("opus")));
}

TEST_CASE("repositories: the schema holds no secrets")
{
    test::TempDir dir;
    auto s = test::openStore(dir.filePath(QStringLiteral("crosstalk.sqlite")));
    const qint64 secretColumns = onWriter(*s, [](store::Connection &db) {
        return db.queryInt(QStringLiteral(
            "SELECT count(*) FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' "
            "AND (c.name LIKE '%password%' OR c.name LIKE '%secret%' OR c.name LIKE '%token%')"));
    });
    CHECK(secretColumns == 0);
}

TEST_CASE("repositories: bulk inserts share a millisecond, skip duplicates and are indexed at commit")
{
    test::TempDir dir;
    auto s = test::openStore(dir.filePath(QStringLiteral("crosstalk.sqlite")));
    const auto result = onWriter(*s, [](store::Connection &db) {
        const AccountId a = store::AccountRepository(db).upsert(
            {QStringLiteral("prpl-jabber"), QStringLiteral("me@x"), {}, {}, true});
        store::MessageRepository messages(db);
        store::Transaction t(db);
        const ConversationId c = messages.ensureConversation({a, QStringLiteral("bob@x")});
        QList<bool> inserted;
        for (const char *key : {"k1", "k2", "k3", "k2"}) {
            store::NewMessage m;
            m.conversation = c;
            m.sentAt = QDateTime::fromSecsSinceEpoch(1'500'000'000, Qt::UTC);
            m.body = QStringLiteral("same second %1").arg(QLatin1String(key));
            m.protocolId = QString::fromLatin1(key);
            inserted << messages.insertBulk(m);
        }
        messages.finishBulk();
        t.commit();
        return std::pair(inserted, db.queryText(QStringLiteral(
                                       "SELECT group_concat(id - 1500000000000000, ',') FROM "
                                       "(SELECT m.id FROM messages_fts f JOIN messages m ON m.id = f.rowid "
                                       "WHERE messages_fts MATCH 'second' ORDER BY m.id)")));
    });
    CHECK(result.first == QList<bool>{true, true, true, false});
    CHECK(result.second == QStringLiteral("0,1,2"));
}
