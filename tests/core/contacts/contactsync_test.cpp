// SPDX-License-Identifier: GPL-3.0-or-later
// The contact list's live logic over a real SQLite store and an in-process network.
#include "core/contacts/contactcache.h"
#include "core/conversations/accountrows.h"
#include "core/contacts/contactdirectory.h"
#include "core/contacts/contactsync.h"
#include "core/contacts/presenceaggregator.h"
#include "core/store/store.h"
#include "tests/support/fakenetwork.h"
#include "tests/support/tempdir.h"
#include "tests/support/waitfor.h"

#include <QSignalSpy>

#include <catch2/catch.hpp>

#include <algorithm>
#include <future>
#include <memory>

using namespace crosstalk;
using namespace crosstalk::contacts;
using namespace crosstalk::test;

namespace {

/// One app start: store, directory, sync, over the same network fakes.
struct Session
{
    Session(const QString &path, FakeAccounts &accounts, FakeRoster &roster)
        : store(path)
        , cache(store)
        , sync(directory, cache, roster, accounts)
    {
        auto opened = store.open();
        REQUIRE(waitFor([&] { return opened.isFinished(); }));
        opened.result(); // rethrows a StoreError
        directory.setCoalesceInterval(5);
        sync.setBatchInterval(5);
        sync.setPresenceFlushInterval(20);
        conversations::mirrorAccounts(store, accounts.accounts()).waitForFinished();
        sync.loadFromCache();
        REQUIRE(waitFor([&] { return sync.isLoaded(); }));
    }

    store::Store store;
    ContactCache cache;
    ContactDirectory directory;
    ContactSync sync;
};

BuddyInfo info(AccountId account, const QString &handle, const QString &alias = {},
               PresenceKind kind = PresenceKind::Offline, const QString &group = QStringLiteral("Friends"))
{
    return {{account, handle}, alias, {}, group, {kind, {}, false}};
}

/// The usual start: one XMPP account, and a session over it.
struct OneAccount
{
    TempDir dir;
    FakeAccounts accounts;
    FakeRoster roster;
    const AccountId a = accounts.add(QStringLiteral("prpl-jabber"), QStringLiteral("me@x/ct"));
    Session s{dir.filePath(QStringLiteral("c.sqlite")), accounts, roster};
};

const Contact *personWith(Session &s, AccountId account, const QString &handle)
{
    return s.directory.contact(s.directory.personOf({account, handle}));
}

} // namespace

TEST_CASE("contacts: the same friend seen from two accounts is one person, with the best presence")
{
    TempDir dir;
    FakeAccounts accounts;
    FakeRoster roster;
    const AccountId work = accounts.add(QStringLiteral("prpl-jabber"), QStringLiteral("me@work/ct"));
    const AccountId home = accounts.add(QStringLiteral("prpl-jabber"), QStringLiteral("me@home/ct"));
    Session s(dir.filePath(QStringLiteral("c.sqlite")), accounts, roster);

    roster.report(info(work, QStringLiteral("bob@localhost"), QStringLiteral("Bob"), PresenceKind::Available));
    roster.report(info(home, QStringLiteral("bob@localhost"), {}, PresenceKind::Available));
    roster.report(info(home, QStringLiteral("carol@localhost"), QStringLiteral("Carol")));
    REQUIRE(waitFor([&] { return s.directory.size() == 2; }));
    const Contact *bob = personWith(s, work, QStringLiteral("bob@localhost"));
    REQUIRE(bob);
    CHECK(bob->buddies.size() == 2);
    CHECK(bob->displayName() == QStringLiteral("Bob"));
    CHECK(s.directory.personOf({home, QStringLiteral("bob@localhost")}) == bob->id);

    roster.reportPresence({work, QStringLiteral("bob@localhost")}, {PresenceKind::Away, QStringLiteral("lunch"), false});
    REQUIRE(waitFor([&] { return s.directory.buddy({work, QStringLiteral("bob@localhost")})->presence.kind == PresenceKind::Away; }));
    CHECK(PresenceAggregator::presenceOf(*personWith(s, work, QStringLiteral("bob@localhost"))).kind == PresenceKind::Available);

    roster.reportPresence({home, QStringLiteral("bob@localhost")}, {PresenceKind::Offline, {}, false});
    roster.reportPresence({work, QStringLiteral("bob@localhost")}, {PresenceKind::Offline, {}, false});
    REQUIRE(waitFor([&] {
        return PresenceAggregator::presenceOf(*personWith(s, work, QStringLiteral("bob@localhost"))).kind == PresenceKind::Offline;
    }));
}

TEST_CASE("contacts: the list comes back from the cache before any account connects, presence unknown")
{
    TempDir dir;
    const QString path = dir.filePath(QStringLiteral("c.sqlite"));
    FakeAccounts accounts;
    FakeRoster roster;
    const AccountId a = accounts.add(QStringLiteral("prpl-jabber"), QStringLiteral("me@x/ct"));
    {
        Session s(path, accounts, roster);
        for (int i = 0; i < 50; ++i)
            roster.report(info(a, QStringLiteral("friend%1@x.org").arg(i), QStringLiteral("Friend %1").arg(i), PresenceKind::Available));
        REQUIRE(waitFor([&] { return s.directory.size() == 50; }));
        s.sync.rename(s.directory.personOf({a, QStringLiteral("friend7@x.org")}), QStringLiteral("Seven"));
    }
    FakeAccounts offline;
    offline.addAccount({QStringLiteral("prpl-jabber"), QStringLiteral("me@x/ct"), {}, {}, true});
    FakeRoster empty;
    Session again(path, offline, empty);
    CHECK(again.directory.size() == 50);
    const Contact *seven = again.directory.contact(again.directory.personOf({a, QStringLiteral("friend7@x.org")}));
    REQUIRE(seven);
    CHECK(seven->displayName() == QStringLiteral("Seven"));
    CHECK(seven->buddies.first().presence.kind == PresenceKind::Unknown);
}

TEST_CASE("contacts: suggestions can be accepted and undone and a rejected one never returns")
{
    TempDir dir;
    const QString path = dir.filePath(QStringLiteral("c.sqlite"));
    FakeAccounts accounts;
    FakeRoster roster;
    const AccountId xmpp = accounts.add(QStringLiteral("prpl-jabber"), QStringLiteral("me@x/ct"));
    const AccountId irc = accounts.add(QStringLiteral("prpl-irc"), QStringLiteral("me@irc"));
    {
        Session s(path, accounts, roster);
        roster.report(info(xmpp, QStringLiteral("ada@x.org"), QStringLiteral("Ada Lovelace")));
        roster.report(info(xmpp, QStringLiteral("alan@x.org"), QStringLiteral("Alan Turing")));
        REQUIRE(waitFor([&] { return s.directory.size() == 2; }));
        roster.report(info(irc, QStringLiteral("ada_l"), QStringLiteral("ada lovelace")));
        roster.report(info(irc, QStringLiteral("aturing"), QStringLiteral("Alan Turing")));
        REQUIRE(waitFor([&] { return s.sync.suggestions().size() == 2; }));
        CHECK(s.directory.size() == 4); // names alone never merge by themselves

        MergeSuggestion ada, alan;
        for (const MergeSuggestion &sg : s.sync.suggestions())
            (sg.buddy.address.handle == QStringLiteral("ada_l") ? ada : alan) = sg;
        CHECK(ada.reason == MergeReason::SameName);
        s.sync.acceptSuggestion(ada);
        s.directory.flush();
        CHECK(s.directory.size() == 3);
        CHECK(s.directory.personOf({irc, QStringLiteral("ada_l")}) == s.directory.personOf({xmpp, QStringLiteral("ada@x.org")}));
        REQUIRE(s.sync.canUndo());
        s.sync.undo();
        REQUIRE(waitFor([&] { return s.directory.size() == 4; }));
        CHECK(s.directory.personOf({irc, QStringLiteral("ada_l")}) != s.directory.personOf({xmpp, QStringLiteral("ada@x.org")}));

        s.sync.rejectSuggestion(alan);
        CHECK(s.sync.suggestions().isEmpty());
        s.store.write([](store::Connection &) {}).waitForFinished(); // let the decision land
    }
    // Next start: the same buddies reported again (new on a fresh roster) suggest nothing rejected.
    FakeRoster roster2;
    Session again(path, accounts, roster2);
    roster2.report(info(irc, QStringLiteral("aturing2"), QStringLiteral("Alan Turing")));
    REQUIRE(waitFor([&] { return again.directory.size() == 5; }));
    spin(50);
    for (const MergeSuggestion &sg : again.sync.suggestions())
        CHECK_FALSE((sg.buddy.address.handle == QStringLiteral("aturing") || sg.match.address.handle == QStringLiteral("aturing")));
}

TEST_CASE("contacts: manual merge, split and rename are undoable and persist")
{
    TempDir dir;
    FakeAccounts accounts;
    FakeRoster roster;
    const AccountId a = accounts.add(QStringLiteral("prpl-jabber"), QStringLiteral("me@x/ct"));
    const AccountId b = accounts.add(QStringLiteral("prpl-irc"), QStringLiteral("me@irc"));
    Session s(dir.filePath(QStringLiteral("c.sqlite")), accounts, roster);
    roster.report(info(a, QStringLiteral("grace@x.org"), QStringLiteral("Grace")));
    roster.report(info(b, QStringLiteral("ghopper"), QStringLiteral("GH")));
    REQUIRE(waitFor([&] { return s.directory.size() == 2; }));
    const PersonId grace = s.directory.personOf({a, QStringLiteral("grace@x.org")});
    const PersonId gh = s.directory.personOf({b, QStringLiteral("ghopper")});

    s.sync.merge(grace, gh);
    s.directory.flush();
    CHECK(s.directory.size() == 1);
    CHECK(s.directory.contact(grace)->buddies.size() == 2);

    s.sync.split({b, QStringLiteral("ghopper")});
    REQUIRE(waitFor([&] { return s.directory.size() == 2; }));
    s.sync.undo(); // undo the split
    REQUIRE(waitFor([&] { return s.directory.size() == 1; }));
    CHECK(s.directory.personOf({b, QStringLiteral("ghopper")}) == grace);

    s.sync.rename(grace, QStringLiteral("Rear Admiral Hopper"));
    CHECK(s.directory.contact(grace)->displayName() == QStringLiteral("Rear Admiral Hopper"));
    s.sync.undo();
    CHECK(s.directory.contact(grace)->displayName() == QStringLiteral("Grace"));
    s.sync.undo(); // undo the merge
    REQUIRE(waitFor([&] { return s.directory.size() == 2; }));
    CHECK_FALSE(s.sync.canUndo());
}

TEST_CASE_METHOD(OneAccount, "contacts: hostile names are kept intact, and a presence storm is coalesced")
{
    s.directory.setCoalesceInterval(100);

    const QString longAlias = QString(10000, QLatin1Char('x'));
    const QString bidi = QStringLiteral("\u202Egnp.exe\u202C\u0007\n\t");
    roster.report(info(a, QStringLiteral("long@x.org"), longAlias));
    roster.report(info(a, QStringLiteral("bidi@x.org"), bidi));
    for (int i = 0; i < 100; ++i)
        roster.report(info(a, QStringLiteral("p%1@x.org").arg(i), {}, PresenceKind::Available));
    REQUIRE(waitFor([&] { return s.directory.size() == 102; }));
    CHECK(personWith(s, a, QStringLiteral("long@x.org"))->displayName() == longAlias);
    CHECK(personWith(s, a, QStringLiteral("bidi@x.org"))->displayName() == bidi);

    QSignalSpy changed(&s.directory, &ContactDirectory::peopleChanged);
    const QList<PresenceKind> cycle{PresenceKind::Away, PresenceKind::Available, PresenceKind::Busy};
    for (int i = 0; i < 5000; ++i)
        roster.reportPresence({a, QStringLiteral("p%1@x.org").arg(i % 100)}, {cycle[i % 3], {}, false});
    REQUIRE(waitFor([&] { return changed.count() >= 1; }));
    spin(150);
    CHECK(changed.count() <= 3); // 5,000 updates, a handful of notifications
    CHECK(personWith(s, a, QStringLiteral("p99@x.org"))->buddies.first().presence.kind == cycle[4999 % 3]);
}

TEST_CASE_METHOD(OneAccount, "contacts: a 20,000-buddy sign-on joins the list in slices, and presence sent meanwhile is kept")
{

    constexpr int kBuddies = 20000;
    QList<int> sizesSeen;
    QObject::connect(&s.directory, &ContactDirectory::peopleChanged, [&] { sizesSeen << s.directory.size(); });
    for (int i = 0; i < kBuddies; ++i)
        roster.report(info(a, QStringLiteral("c%1@x.org").arg(i), {}, PresenceKind::Offline, QStringLiteral("G%1").arg(i % 50)));
    // The batches go to the store after the 5 ms interval, 2,000 buddies each; writing them all
    // takes far longer, so presence sent now reaches buddies still queued or being written.
    spin(10);
    QList<BuddyAddress> waiting;
    for (int i = kBuddies - 1; i >= 0 && waiting.size() < 2; --i) {
        const BuddyAddress address{a, QStringLiteral("c%1@x.org").arg(i)};
        if (!s.directory.buddy(address))
            waiting << address;
    }
    REQUIRE(waiting.size() == 2);
    roster.reportPresence(waiting[0], {PresenceKind::Available, QStringLiteral("here"), false});
    roster.reportPresence(waiting[1], {PresenceKind::Busy, {}, false});

    REQUIRE(waitFor([&] { return s.directory.size() == kBuddies; }, 60000));
    CHECK(s.directory.buddy(waiting[0])->presence.kind == PresenceKind::Available);
    CHECK(s.directory.buddy(waiting[0])->presence.message == QStringLiteral("here"));
    CHECK(s.directory.buddy(waiting[1])->presence.kind == PresenceKind::Busy);
    const BuddyAddress untouched{a, QStringLiteral("c0@x.org")};
    if (!waiting.contains(untouched))
        CHECK(s.directory.buddy(untouched)->presence.kind == PresenceKind::Offline);
    // Applied a slice at a time: the list saw people arrive before all of them were there.
    INFO("directory sizes seen: " << sizesSeen.size());
    CHECK(std::count_if(sizesSeen.cbegin(), sizesSeen.cend(), [](int n) { return n > 0 && n < kBuddies; }) >= 2);
}

TEST_CASE_METHOD(OneAccount, "contacts: a buddy written again for a new name keeps the presence that came meanwhile")
{
    const BuddyAddress frida{a, QStringLiteral("frida@x.org")};
    roster.report(info(a, frida.handle, QStringLiteral("Frida")));
    REQUIRE(waitFor([&] { return s.directory.buddy(frida) != nullptr; }));

    // The server renames her while she is offline (the change carries that presence); she comes
    // online before the rename has been written. The write's reply must not take her offline again.
    roster.report(info(a, frida.handle, QStringLiteral("Frida K.")));
    roster.reportPresence(frida, {PresenceKind::Available, QStringLiteral("back"), false});
    CHECK(s.directory.buddy(frida)->presence.kind == PresenceKind::Available);
    REQUIRE(waitFor([&] { return s.directory.buddy(frida)->alias == QStringLiteral("Frida K."); }));
    CHECK(s.directory.buddy(frida)->presence.kind == PresenceKind::Available);
    CHECK(s.directory.buddy(frida)->presence.message == QStringLiteral("back"));
}

TEST_CASE_METHOD(OneAccount, "contacts: presence that comes while a new buddy is written twice is the one shown")
{
    const BuddyAddress frida{a, QStringLiteral("frida@x.org")};

    // Hold the store's writer so the first write of Frida stays out.
    std::promise<void> gate;
    const std::shared_future<void> open = gate.get_future().share();
    auto held = s.store.write([open](store::Connection &) { open.wait(); return 0; });
    roster.report(info(a, frida.handle, QStringLiteral("Frida")));
    spin(30); // the 5 ms batch interval passes: the first write is queued behind the held job

    // Renamed, still offline, then online, all while the first write is out; the second write
    // is taken only after the first has shown her.
    s.sync.setBatchInterval(400);
    roster.report(info(a, frida.handle, QStringLiteral("Frida K.")));
    roster.reportPresence(frida, {PresenceKind::Available, QStringLiteral("back"), false});
    gate.set_value();
    REQUIRE(waitFor([&] { return s.directory.buddy(frida) != nullptr; }));
    CHECK(s.directory.buddy(frida)->alias == QStringLiteral("Frida"));
    CHECK(s.directory.buddy(frida)->presence.kind == PresenceKind::Available);
    REQUIRE(waitFor([&] { return s.directory.buddy(frida)->alias == QStringLiteral("Frida K."); }));
    CHECK(s.directory.buddy(frida)->presence.kind == PresenceKind::Available);
    CHECK(s.directory.buddy(frida)->presence.message == QStringLiteral("back"));
    held.waitForFinished();
}
