// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/history/historyqueries.h"
#include "core/history/pidginimporter.h"
#include "core/history/pidginlog.h"
#include "core/store/accountrepository.h"
#include "core/store/buddyrepository.h"
#include "core/store/connection.h"
#include "core/store/personrepository.h"
#include "core/store/store.h"
#include "tests/core/history/pidginfixture.h"
#include "tests/support/tempdir.h"

#include <QDirIterator>

#include <catch2/catch.hpp>

using namespace crosstalk;
using history::PidginImporter;

namespace {

struct Profile
{
    test::TempDir purple;
    test::TempDir profile;
    std::unique_ptr<store::Store> store;

    Profile()
    {
        test::writePidginProfile(purple.path());
        store = std::make_unique<store::Store>(store::Store::pathInProfile(profile.path()));
        store->open().waitForFinished();
    }

    history::PidginImportSummary import(SecretStore *secrets,
                                        QList<history::PidginImportProgress> *progress = nullptr)
    {
        PidginImporter importer(*store, secrets);
        history::PidginImportOptions options;
        options.purpleDir = purple.path();
        return importer.run(options, [progress](const history::PidginImportProgress &p) {
            if (progress)
                progress->append(p);
        });
    }

    QList<store::StoredMessage> messagesWith(const BuddyAddress &peer)
    {
        auto db = store->openReader();
        history::HistoryQueries q(*db);
        const auto conversation = q.conversationWith(peer);
        if (!conversation)
            return {};
        return q.conversation(*conversation, {MessageId(), history::PageDirection::Older, 1000}).messages;
    }

    AccountId account(const QString &protocol, const QString &name)
    {
        return store
            ->write([=](store::Connection &db) {
                return store::AccountRepository(db).find(protocol, name).value_or(AccountId());
            })
            .result();
    }
};

QByteArray allProfileBytes(const QString &dir)
{
    QByteArray bytes;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            bytes += f.readAll();
    }
    return bytes;
}

} // namespace

TEST_CASE("pidgin: accounts, buddy list and logs are imported, passwords go to the secret store")
{
    Profile p;
    test::MemorySecretStore secrets;
    const auto summary = p.import(&secrets);
    INFO((summary.problems.isEmpty() ? QString()
                                     : summary.problems.first().path + summary.problems.first().reason)
             .toStdString());
    CHECK(summary.problems.isEmpty());
    CHECK(summary.accountsAdded == 2);
    CHECK(summary.passwordsToSecretStore == QStringList{"alice@example.org/Home"});
    CHECK(summary.passwordsDropped.isEmpty());
    CHECK(summary.buddies == 3);
    CHECK(summary.contacts == 2);
    CHECK(summary.logFiles == 3);
    CHECK(summary.systemLogsSkipped == 1);
    CHECK(summary.messagesAdded == 9);

    const AccountId xmpp = p.account(QStringLiteral("prpl-jabber"), QStringLiteral("alice@example.org/Home"));
    const AccountId irc = p.account(QStringLiteral("prpl-irc"), QStringLiteral("alice@irc.example.net"));
    REQUIRE(xmpp.isValid());
    REQUIRE(irc.isValid());
    CHECK(secrets.passwords.value(xmpp.value()) == QString::fromLatin1(test::kPassword));

    const auto info =
        p.store->write([xmpp](store::Connection &db) { return store::AccountRepository(db).get(xmpp); })
            .result();
    CHECK(info->spec.alias == QStringLiteral("Alice A"));
    CHECK(info->spec.enabled);
    CHECK(info->spec.settings.value(QStringLiteral("port")).toInt() == 5222);

    // HTML: colours give the direction, the system line is dropped, midnight rolls the date.
    const auto bob = p.messagesWith({xmpp, QStringLiteral("bob@example.org")});
    REQUIRE(bob.size() == 4);
    CHECK(bob[0].direction == MessageDirection::Incoming);
    CHECK(bob[0].sender == QStringLiteral("Bobby"));
    CHECK(bob[0].body == QStringLiteral("Hello <b>there</b> &amp; welcome"));
    CHECK(bob[0].plainText == QStringLiteral("Hello there & welcome"));
    CHECK(bob[0].sentAt == QDateTime(QDate(2012, 3, 2), QTime(22, 11, 15), Qt::UTC));
    CHECK(bob[1].direction == MessageDirection::Outgoing);
    CHECK(bob[2].flags & store::MessageFlag::AutoReply);
    CHECK(bob[3].sentAt == QDateTime(QDate(2012, 3, 2), QTime(23, 1, 30), Qt::UTC));
    CHECK(bob[3].plainText == QStringLiteral("past midnight"));

    // TXT: the user's own name marks outgoing lines; continuation lines join their message.
    const auto ircBob = p.messagesWith({irc, QStringLiteral("bob")});
    REQUIRE(ircBob.size() == 3);
    CHECK(ircBob[0].direction == MessageDirection::Incoming);
    CHECK(ircBob[1].direction == MessageDirection::Outgoing);
    CHECK(ircBob[1].plainText == QStringLiteral("morning bob\nthis line continues alice's message"));
    CHECK(ircBob[2].sentAt == QDateTime(QDate(2012, 3, 6), QTime(8, 2, 0), Qt::UTC));

    // One Pidgin contact became one person holding both of Bob's buddies.
    const auto who =
        p.store
            ->write([xmpp, irc](store::Connection &db) {
                store::BuddyRepository buddies(db);
                store::PersonRepository people(db);
                const PersonId a = people.personOf(*buddies.find({xmpp, QStringLiteral("bob@example.org")}));
                const PersonId b = people.personOf(*buddies.find({irc, QStringLiteral("bob")}));
                const PersonId c =
                    people.personOf(*buddies.find({xmpp, QStringLiteral("carol@example.org")}));
                return std::tuple(
                    a, b, c, people.get(a)->displayName,
                    buddies.get(*buddies.find({xmpp, QStringLiteral("carol@example.org")}))->serverAlias);
            })
            .result();
    CHECK(std::get<0>(who) == std::get<1>(who));
    CHECK(std::get<0>(who) != std::get<2>(who));
    CHECK(std::get<3>(who) == QStringLiteral("Bobby"));
    CHECK(std::get<4>(who) == QStringLiteral("Carol C"));

    // Group chat logs become chat conversations.
    auto db = p.store->openReader();
    CHECK(db->queryInt(QStringLiteral("SELECT count(*) FROM conversations WHERE kind = 1")) == 1);
    CHECK(db->queryText(QStringLiteral(
              "SELECT group_concat(sender, ',') FROM (SELECT m.sender FROM messages m "
              "JOIN conversations c ON c.id = m.conversation_id WHERE c.kind = 1 ORDER BY m.id)")) ==
          QStringLiteral("dave,erin"));
    db.reset();

    // No password reached any file of the profile (database, WAL, lock).
    p.store.reset();
    const QByteArray bytes = allProfileBytes(p.profile.path());
    CHECK_FALSE(bytes.contains(test::kPassword));
    CHECK_FALSE(bytes.contains("proxypass"));
}

TEST_CASE("pidgin: importing twice adds nothing")
{
    Profile p;
    const auto first = p.import(nullptr);
    const auto counts = [&] {
        auto db = p.store->openReader();
        return QStringList{
            QString::number(db->queryInt(QStringLiteral("SELECT count(*) FROM messages"))),
            QString::number(db->queryInt(QStringLiteral("SELECT count(*) FROM accounts"))),
            QString::number(db->queryInt(QStringLiteral("SELECT count(*) FROM buddies"))),
            QString::number(db->queryInt(QStringLiteral("SELECT count(*) FROM people"))),
            QString::number(db->queryInt(QStringLiteral("SELECT count(*) FROM conversations")))};
    };
    const QStringList before = counts();
    const auto second = p.import(nullptr);
    CHECK(counts() == before);
    CHECK(second.messagesAdded == 0);
    CHECK(second.messagesAlreadyPresent == first.messagesAdded);
    CHECK(second.accountsAdded == 0);
    CHECK(second.accountsKnown == 2);
}

TEST_CASE("pidgin: without a secret store passwords are dropped and named")
{
    Profile p;
    const auto summary = p.import(nullptr);
    CHECK(summary.passwordsToSecretStore.isEmpty());
    CHECK(summary.passwordsDropped == QStringList{"alice@example.org/Home"});
    p.store.reset();
    CHECK_FALSE(allProfileBytes(p.profile.path()).contains(test::kPassword));
}

TEST_CASE("pidgin: malformed files are reported by path and skipped, the rest is imported")
{
    Profile p;
    test::addMalformedLogs(p.purple.path());
    test::writeFile(p.purple.path() + "/blist.xml", "<purple><blist><group name='x'><contact><buddy");
    QList<history::PidginImportProgress> progress;
    const auto summary = p.import(nullptr, &progress);
    QStringList bad;
    for (const auto &problem : summary.problems)
        bad << QFileInfo(problem.path).fileName();
    bad.sort();
    CHECK(bad == QStringList{"2012-03-09.101112+0100CET.html", "blist.xml", "notes.txt"});
    CHECK(summary.messagesAdded == 9);
    CHECK(summary.logFiles == 3);
    REQUIRE_FALSE(progress.isEmpty());
    CHECK(progress.last().stage == history::PidginImportProgress::Stage::Done);
    for (qsizetype i = 1; i < progress.size(); ++i)
        CHECK(progress[i].messagesAdded >= progress[i - 1].messagesAdded);
}

TEST_CASE("pidgin: a missing directory is a problem, not a crash")
{
    test::TempDir profile;
    store::Store s(store::Store::pathInProfile(profile.path()));
    s.open().waitForFinished();
    history::PidginImportOptions options;
    options.purpleDir = profile.filePath(QStringLiteral("no-such-purple"));
    const auto summary = PidginImporter(s, nullptr).run(options);
    REQUIRE(summary.problems.size() == 1);
    CHECK(summary.problems[0].reason == QStringLiteral("no such directory"));
}

TEST_CASE("pidgin: log names and locations are understood")
{
    QString error;
    const auto where = history::locatePidginLog(
        QStringLiteral("jabber/a@x/room@c.x.chat/2012-03-02.101112-0500EST.txt"), &error);
    REQUIRE(where);
    CHECK(where->chat);
    CHECK(where->peer == QStringLiteral("room@c.x"));
    CHECK_FALSE(where->html);
    CHECK(where->start.toUTC() == QDateTime(QDate(2012, 3, 2), QTime(15, 11, 12), Qt::UTC));
    CHECK_FALSE(history::locatePidginLog(QStringLiteral("jabber/a@x/2012-03-02.101112.txt"), &error));
    CHECK_FALSE(history::locatePidginLog(QStringLiteral("jabber/a@x/b/2012-13-40.101112.txt"), &error));
}

TEST_CASE("pidgin: an import can be cancelled between files")
{
    Profile p;
    std::atomic<bool> cancel{false};
    PidginImporter importer(*p.store, nullptr);
    history::PidginImportOptions options;
    options.purpleDir = p.purple.path();
    const auto summary = importer.run(
        options,
        [&](const history::PidginImportProgress &progress) {
            if (progress.stage == history::PidginImportProgress::Stage::Logs)
                cancel = true;
        },
        &cancel);
    CHECK(summary.cancelled);
    CHECK(summary.logFiles < 3);
}
