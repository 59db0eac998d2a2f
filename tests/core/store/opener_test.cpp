// SPDX-License-Identifier: GPL-3.0-or-later
// Bad input: damaged, foreign, truncated, locked databases.
#include "core/store/messagerepository.h"
#include "core/store/storeerror.h"
#include "core/store/transaction.h"
#include "tests/core/store/storetestutil.h"
#include "tests/support/tempdir.h"

#include <QDir>
#include <QFile>
#include <QSysInfo>

#include <catch2/catch.hpp>

using namespace crosstalk;
using store::StoreError;

namespace {

const QString kName = QStringLiteral("crosstalk.sqlite");

void fillWithMessages(const QString &path, int count)
{
    auto s = test::openStore(path);
    s->write([count](store::Connection &db) {
         store::MessageRepository repo(db);
         store::Transaction t(db);
         db.exec(QStringLiteral(
             "INSERT INTO accounts(protocol, username, created_at) VALUES ('prpl-jabber', 'a@x', 0)"));
         const ConversationId c = repo.ensureConversation({AccountId(1), QStringLiteral("bob@x")});
         for (int i = 0; i < count; ++i) {
             store::NewMessage m;
             m.conversation = c;
             m.body = QStringLiteral("message number %1 with some padding text to fill pages").arg(i);
             m.sentAt = QDateTime::fromMSecsSinceEpoch(1'600'000'000'000 + i * 1000LL, Qt::UTC);
             repo.insert(m);
         }
         t.commit();
     }).waitForFinished();
}

QStringList asideFiles(const QString &dir)
{
    return QDir(dir).entryList({kName + QStringLiteral(".corrupt-*")}, QDir::Files);
}

void checkFreshAndMovedAside(const QString &dir, const store::OpenReport &report, const QByteArray &original)
{
    CHECK(report.created);
    CHECK(report.schemaVersion == 1);
    CHECK_FALSE(report.problem.isEmpty());
    REQUIRE_FALSE(report.movedAsidePath.isEmpty());
    QFile aside(report.movedAsidePath);
    REQUIRE(aside.open(QIODevice::ReadOnly));
    CHECK(aside.readAll() == original); // never deleted, never altered
    CHECK(asideFiles(dir).contains(QFileInfo(report.movedAsidePath).fileName()));
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

TEST_CASE("opening: a file that is not SQLite is moved aside and a fresh database made")
{
    test::TempDir dir;
    const QString path = dir.filePath(kName);
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write(QByteArray("these are my notes, not a database\n").repeated(200));
    f.close();
    const QByteArray original = readAll(path);
    store::OpenReport report;
    auto s = test::openStore(path, {}, &report);
    checkFreshAndMovedAside(dir.path(), report, original);
    CHECK(report.problem.contains(QStringLiteral("not an SQLite database")));
}

TEST_CASE("opening: a truncated database is moved aside and a fresh database made")
{
    test::TempDir dir;
    const QString path = dir.filePath(kName);
    fillWithMessages(path, 2000);
    const QByteArray full = readAll(path);
    REQUIRE(full.size() > 64 * 1024);
    QFile f(path);
    REQUIRE(f.open(QIODevice::ReadWrite));
    f.resize(full.size() / 2);
    f.close();
    const QByteArray original = readAll(path);
    store::OpenReport report;
    auto s = test::openStore(path, {}, &report);
    checkFreshAndMovedAside(dir.path(), report, original);
    CHECK(report.problem.contains(QStringLiteral("truncated")));
}

TEST_CASE("opening: a database with damaged pages is detected, moved aside, and replaced")
{
    test::TempDir dir;
    const QString path = dir.filePath(kName);
    fillWithMessages(path, 2000);
    QFile f(path);
    REQUIRE(f.open(QIODevice::ReadWrite));
    // Scribble over the middle of the file, leaving the header intact.
    f.seek(f.size() / 2);
    f.write(QByteArray(8192, '\x5a'));
    f.close();
    const QByteArray original = readAll(path);
    store::OpenOptions options;
    options.integrity = store::IntegrityCheck::Always;
    store::OpenReport report;
    auto s = test::openStore(path, options, &report);
    checkFreshAndMovedAside(dir.path(), report, original);
}

TEST_CASE("opening: damage found while running is checked and moved aside at the next start")
{
    test::TempDir dir;
    const QString path = dir.filePath(kName);
    fillWithMessages(path, 2000);
    {
        QFile f(path);
        REQUIRE(f.open(QIODevice::ReadWrite));
        f.seek(f.size() / 2);
        f.write(QByteArray(8192, '\x5a'));
    }
    store::OpenReport first;
    auto s = test::openStore(path, {}, &first);
    CHECK(first.movedAsidePath.isEmpty()); // a clean shutdown: no full check at start
    bool damaged = false;
    try {
        s->write([](store::Connection &db) {
             db.queryInt(QStringLiteral("SELECT sum(length(body)) FROM messages"));
             db.queryInt(QStringLiteral("SELECT count(*) FROM messages INDEXED BY messages_by_conversation "
                                        "WHERE conversation_id > 0"));
         }).waitForFinished();
    } catch (const StoreError &error) {
        damaged = error.kind() == StoreError::Kind::Corrupt;
    }
    REQUIRE(damaged);
    CHECK(QFile::exists(store::Store::checkMarkerPath(path)));
    s.reset();
    store::OpenReport second;
    s = test::openStore(path, {}, &second);
    CHECK_FALSE(second.movedAsidePath.isEmpty());
    CHECK(second.created);
    CHECK_FALSE(QFile::exists(store::Store::checkMarkerPath(path)));
}

TEST_CASE("opening: an unclean shutdown triggers the integrity check")
{
    test::TempDir dir;
    const QString path = dir.filePath(kName);
    fillWithMessages(path, 10);
    QFile lock(path + QStringLiteral(".lock")); // what a killed process leaves behind
    REQUIRE(lock.open(QIODevice::WriteOnly));
    // QLockFile's format: pid, application, host; a dead pid on this host is stale.
    lock.write("999999\ncrosstalk\n" + QSysInfo::machineHostName().toUtf8() + "\n");
    lock.close();
    store::OpenReport report;
    auto s = test::openStore(path, {}, &report);
    CHECK(report.uncleanShutdown);
    CHECK(report.movedAsidePath.isEmpty());
}

TEST_CASE("opening: a second instance on the same database gets a clear Locked error")
{
    test::TempDir dir;
    const QString path = dir.filePath(kName);
    auto first = test::openStore(path);
    try {
        test::openStore(path);
        FAIL("second instance opened the database");
    } catch (const StoreError &error) {
        CHECK(error.kind() == StoreError::Kind::Locked);
        CHECK(error.message().contains(QStringLiteral("another running Crosstalk")));
    }
    first.reset();
    CHECK_NOTHROW(test::openStore(path)); // the lock is released on close
}

TEST_CASE("opening: a database held under an exclusive SQLite lock gives Locked, not corruption")
{
    test::TempDir dir;
    const QString path = dir.filePath(kName);
    fillWithMessages(path, 10);
    auto holder = test::rawConnection(path);
    holder->exec(QStringLiteral("PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; "
                                "UPDATE accounts SET alias = 'x';"));
    store::OpenOptions options;
    options.busyTimeoutMs = 100;
    try {
        test::openStore(path, options);
        FAIL("opened a locked database");
    } catch (const StoreError &error) {
        CHECK(error.kind() == StoreError::Kind::Locked);
    }
    CHECK(asideFiles(dir.path()).isEmpty());
}
