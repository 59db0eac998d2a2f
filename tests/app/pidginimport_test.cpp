// SPDX-License-Identifier: GPL-3.0-or-later
// `crosstalk --import-pidgin DIR`: the real binary, headless.
#include "tests/support/tempdir.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>

#include <catch2/catch.hpp>

using namespace crosstalk::test;

namespace {

QString runImport(const QString &profile, const QString &purple, int *exitCode)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY")); // a batch job needs no display
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent")); // no keyring
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(CROSSTALK_BINARY), {QStringLiteral("--profile"), profile, QStringLiteral("--import-pidgin"), purple});
    REQUIRE(p.waitForFinished(60000));
    *exitCode = p.exitCode();
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace

TEST_CASE("import: a Pidgin profile comes in once, and no password reaches the disk")
{
    TempDir dir;
    const QString purple = dir.filePath(QStringLiteral("purple"));
    QDir().mkpath(purple + QStringLiteral("/logs/jabber/me@example.org/bob@example.org"));
    QFile accounts(purple + QStringLiteral("/accounts.xml"));
    REQUIRE(accounts.open(QIODevice::WriteOnly));
    accounts.write("<?xml version='1.0' encoding='UTF-8' ?><account version='1.0'><account>"
                   "<protocol>prpl-jabber</protocol><name>me@example.org/Home</name>"
                   "<password>correct-horse-battery</password></account></account>");
    accounts.close();
    QFile blist(purple + QStringLiteral("/blist.xml"));
    REQUIRE(blist.open(QIODevice::WriteOnly));
    blist.write("<?xml version='1.0' encoding='UTF-8' ?><purple version='1.0'><blist><group name='Friends'>"
                "<contact><buddy account='me@example.org/Home' proto='prpl-jabber'><name>bob@example.org</name>"
                "<alias>Bob</alias></buddy></contact></group></blist></purple>");
    blist.close();
    QFile log(purple + QStringLiteral("/logs/jabber/me@example.org/bob@example.org/2024-01-02.120000+0000UTC.txt"));
    REQUIRE(log.open(QIODevice::WriteOnly));
    log.write("Conversation with bob@example.org at Tue 02 Jan 2024 12:00:00 PM UTC on me@example.org/Home (jabber)\n"
              "(12:00:01 PM) bob@example.org: hello there\n");
    log.close();

    const QString profile = dir.filePath(QStringLiteral("profile"));
    int code = -1;
    const QString first = runImport(profile, purple, &code);
    INFO(first.toStdString());
    REQUIRE(code == 0);
    CHECK(first.contains(QStringLiteral("Accounts: 1 added")));
    CHECK(first.contains(QStringLiteral("Passwords NOT kept")));

    const QString second = runImport(profile, purple, &code);
    REQUIRE(code == 0);
    CHECK(second.contains(QStringLiteral("Accounts: 0 added, 1 already known")));
    CHECK(second.contains(QStringLiteral("0 added")));

    QDirIterator files(profile, QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile f(files.next());
        REQUIRE(f.open(QIODevice::ReadOnly));
        INFO(f.fileName().toStdString());
        CHECK_FALSE(f.readAll().contains("correct-horse-battery"));
    }
}
