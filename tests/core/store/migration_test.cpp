// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/migrator.h"
#include "core/store/storeerror.h"
#include "tests/core/store/storetestutil.h"
#include "tests/support/tempdir.h"

#include <QFile>

#include <catch2/catch.hpp>

using namespace crosstalk;
using store::StoreError;

namespace {

QStringList tables(store::Connection &db)
{
    store::Statement stmt = db.prepare(
        QStringLiteral("SELECT name FROM sqlite_master WHERE type IN ('table') AND name NOT LIKE 'sqlite_%' "
                       "AND name NOT LIKE 'messages_fts_%' ORDER BY name"));
    QStringList names;
    while (stmt.step())
        names << stmt.text(0);
    return names;
}

store::OpenOptions withMigrations(QList<store::Migration> migrations)
{
    store::OpenOptions options;
    options.migrations = std::move(migrations);
    return options;
}

} // namespace

TEST_CASE("migrations: the bundled set is numbered from 1 and ends at schema v1")
{
    const auto migrations = store::Migrator::bundled();
    REQUIRE(migrations.size() == 1);
    CHECK(migrations[0].version == 1);
    CHECK(store::Migrator(migrations).latestVersion() == 1);
}

TEST_CASE("migrations: an empty file is upgraded to v1 with every table")
{
    test::TempDir dir;
    const QString path = dir.filePath(QStringLiteral("crosstalk.sqlite"));
    store::OpenReport report;
    {
        test::openStore(path, {}, &report);
    }
    CHECK(report.created);
    CHECK(report.fromVersion == 0);
    CHECK(report.schemaVersion == 1);
    auto db = test::rawConnection(path);
    CHECK(db->queryInt(QStringLiteral("PRAGMA user_version")) == 1);
    CHECK(db->queryText(QStringLiteral("PRAGMA journal_mode")) == QStringLiteral("wal"));
    CHECK(tables(*db) == QStringList{"accounts", "buddies", "calls", "conversations", "fts_pending",
                                     "merge_decisions", "messages", "messages_fts", "people",
                                     "person_members"});
    CHECK(db->queryText(QStringLiteral("PRAGMA foreign_key_check")).isEmpty());
}

TEST_CASE("migrations: a v1 database with data upgrades to the next version and keeps its rows")
{
    test::TempDir dir;
    const QString path = dir.filePath(QStringLiteral("crosstalk.sqlite"));
    {
        auto s = test::openStore(path);
        s->write([](store::Connection &db) {
             db.exec(QStringLiteral("INSERT INTO people(display_name, created_at) VALUES ('Ann', 1)"));
         }).waitForFinished();
    }
    QList<store::Migration> next = store::Migrator::bundled();
    next.append({2, QStringLiteral("test_nickname"),
                 QStringLiteral("ALTER TABLE people ADD COLUMN nickname TEXT NOT NULL DEFAULT 'n';")});
    store::OpenReport report;
    {
        test::openStore(path, withMigrations(next), &report);
    }
    CHECK(report.fromVersion == 1);
    CHECK(report.schemaVersion == 2);
    auto db = test::rawConnection(path);
    CHECK(db->queryText(QStringLiteral("SELECT display_name || '/' || nickname FROM people")) ==
          QStringLiteral("Ann/n"));
    CHECK(db->queryInt(QStringLiteral("PRAGMA user_version")) == 2);
}

TEST_CASE("migrations: a failing step rolls back and leaves the previous version intact")
{
    test::TempDir dir;
    const QString path = dir.filePath(QStringLiteral("crosstalk.sqlite"));
    {
        test::openStore(path);
    }
    QList<store::Migration> broken = store::Migrator::bundled();
    broken.append({2, QStringLiteral("broken"),
                   QStringLiteral("CREATE TABLE half(x); INSERT INTO no_such_table VALUES (1);")});
    CHECK_THROWS_AS(test::openStore(path, withMigrations(broken)), StoreError);
    auto db = test::rawConnection(path);
    CHECK(db->queryInt(QStringLiteral("PRAGMA user_version")) == 1);
    CHECK(db->queryInt(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'half'")) == 0);
}

TEST_CASE("migrations: a database from a newer schema is refused and left byte for byte")
{
    test::TempDir dir;
    const QString path = dir.filePath(QStringLiteral("crosstalk.sqlite"));
    {
        test::openStore(path);
    }
    {
        auto db = test::rawConnection(path);
        db->exec(QStringLiteral("PRAGMA user_version=7; PRAGMA wal_checkpoint(TRUNCATE);"));
    }
    QFile before(path);
    REQUIRE(before.open(QIODevice::ReadOnly));
    const QByteArray bytes = before.readAll();
    before.close();
    try {
        test::openStore(path);
        FAIL("opened a newer schema");
    } catch (const StoreError &error) {
        CHECK(error.kind() == StoreError::Kind::NewerSchema);
        CHECK(error.message().contains(QStringLiteral("newer Crosstalk")));
    }
    QFile after(path);
    REQUIRE(after.open(QIODevice::ReadOnly));
    CHECK(after.readAll() == bytes);
    CHECK_FALSE(QFile::exists(path + QStringLiteral(".corrupt")));
}
