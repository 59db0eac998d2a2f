// SPDX-License-Identifier: GPL-3.0-or-later
// `crosstalk --demo` under Xvfb: alice calls bob from the keyboard (Ctrl+Enter on his row),
// bob answers in the incoming-call toast (Alt+A), alice hangs up (Alt+H). Both profiles'
// stores then hold the call (answered, completed, with statistics) and its timeline line.
// On a machine without sound the call still connects: the engine runs without a device.
#include "tests/support/desktop/sessionbus.h"
#include "tests/support/desktop/xdisplay.h"
#include "tests/support/tempdir.h"
#include "tests/support/waitfor.h"

#include <QDir>
#include <QFile>
#include <QProcess>

#include <catch2/catch.hpp>

using namespace crosstalk::test;

namespace {

QString demoDirOf(qint64 pid)
{
    const QDir tmp(QDir::tempPath());
    for (const QString &name : tmp.entryList({QStringLiteral("crosstalk-demo-*")}, QDir::Dirs)) {
        QFile owner(tmp.filePath(name + QStringLiteral("/owner.pid")));
        if (owner.open(QIODevice::ReadOnly) && owner.readAll().trimmed().toLongLong() == pid)
            return tmp.filePath(name);
    }
    return {};
}

/// One query on a live profile's database, read-only (WAL lets it run beside the app).
QString query(const QString &database, const QString &sql)
{
    QProcess p;
    p.start(QStringLiteral("sqlite3"), {QStringLiteral("-readonly"), database, sql});
    p.waitForFinished(5000);
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

QString window(const QString &namePattern)
{
    return xdotool({QStringLiteral("search"), QStringLiteral("--name"), namePattern}).section(QLatin1Char('\n'), 0, 0);
}

void keys(const QString &win, const QStringList &sequence)
{
    // No window manager here: focus is set directly (--sync would wait for a WM's answer).
    xdotool({QStringLiteral("windowfocus"), win});
    spin(200);
    for (const QString &k : sequence)
        xdotool({QStringLiteral("key"), k});
}

} // namespace

TEST_CASE("demo call: alice calls bob, bob answers from the toast, both call logs have it")
{
    XDisplay x;
    QString error;
    REQUIRE(x.start(&error));
    SessionBus bus;
    REQUIRE(bus.start(&error));

    QProcess app;
    QProcessEnvironment env = bus.environment();
    env.insert(QStringLiteral("DISPLAY"), x.display());
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    app.setProcessEnvironment(env);
    app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    app.setStandardOutputFile(QProcess::nullDevice());
    app.start(QStringLiteral(CROSSTALK_BINARY), {QStringLiteral("--demo")});
    REQUIRE(app.waitForStarted());
    QString dir;
    REQUIRE(waitFor([&] { return !(dir = demoDirOf(app.processId())).isEmpty(); }, 20000));
    const QString aliceDb = dir + QStringLiteral("/alice/crosstalk.sqlite");
    const QString bobDb = dir + QStringLiteral("/bob/crosstalk.sqlite");

    QString alice;
    REQUIRE(waitFor([&] { return !(alice = window(QStringLiteral("alice@localhost \\(demo\\)"))).isEmpty(); }, 30000));
    // Bob's row turns callable once his client's caps are in: until then Ctrl+Enter only says why.
    QString callWindow;
    const bool calling = waitFor([&] {
        // Ctrl+F: the search field; "bob"; Ctrl+Enter calls the first match.
        keys(alice, {QStringLiteral("ctrl+f"), QStringLiteral("b"), QStringLiteral("o"), QStringLiteral("b"),
                     QStringLiteral("ctrl+Return")});
        spin(700);
        return !(callWindow = window(QStringLiteral("^Call with"))).isEmpty();
    }, 40000);
    if (!calling)
        QProcess::execute(QStringLiteral("import"), {QStringLiteral("-window"), QStringLiteral("root"),
                                                     artifactsDir() + QStringLiteral("/demo-call-failed.png")});
    REQUIRE(calling);

    QString toast;
    REQUIRE(waitFor([&] { return !(toast = window(QStringLiteral("^Incoming call$"))).isEmpty(); }, 15000));
    keys(toast, {QStringLiteral("alt+a")});
    // Answered on both sides (the log writes answered_at when the call is answered).
    REQUIRE(waitFor([&] {
        return query(aliceDb, QStringLiteral("SELECT count(*) FROM calls WHERE answered_at IS NOT NULL")) == QLatin1String("1")
               && query(bobDb, QStringLiteral("SELECT count(*) FROM calls WHERE answered_at IS NOT NULL")) == QLatin1String("1");
    }, 20000));
    spin(2500); // a moment of (silent) media

    keys(window(QStringLiteral("^Call with")), {QStringLiteral("alt+h")});
    REQUIRE(waitFor([&] {
        return query(aliceDb, QStringLiteral("SELECT outcome FROM calls")) == QLatin1String("1")
               && query(bobDb, QStringLiteral("SELECT outcome FROM calls")) == QLatin1String("1");
    }, 15000));
    CHECK(query(aliceDb, QStringLiteral("SELECT direction FROM calls")) == QLatin1String("1"));
    CHECK(query(bobDb, QStringLiteral("SELECT direction FROM calls")) == QLatin1String("0"));
    // Bob's window said "Alice hung up." — no protocol token trailing it.
    CHECK(query(bobDb, QStringLiteral("SELECT json_extract(stats, '$.endReason') FROM calls")) == QLatin1String("2"));
    CHECK(query(bobDb, QStringLiteral("SELECT json_extract(stats, '$.endDetail') FROM calls")).isEmpty());
    const QString stats = query(aliceDb, QStringLiteral("SELECT stats FROM calls"));
    INFO("alice's call stats: " << stats.toStdString());
    CHECK(query(aliceDb, QStringLiteral("SELECT json_extract(stats, '$.codec') FROM calls")).startsWith(QLatin1String("Opus")));
    INFO("alice's timeline: " << query(aliceDb, QStringLiteral("SELECT coalesce(plain, body), flags FROM messages")).toStdString());
    REQUIRE(waitFor([&] {
        return query(aliceDb, QStringLiteral("SELECT coalesce(plain, body) FROM messages WHERE flags & 8")).startsWith(QLatin1String("Outgoing call, 0:0"))
               && query(bobDb, QStringLiteral("SELECT coalesce(plain, body) FROM messages WHERE flags & 8")).startsWith(QLatin1String("Incoming call, 0:0"));
    }, 10000));

    app.terminate();
    CHECK(app.waitForFinished(15000));
}
