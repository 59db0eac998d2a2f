// SPDX-License-Identifier: GPL-3.0-or-later
// `crosstalk --demo`: the real binary, offscreen, with its real Prosody.
#include "tests/support/freeport.h"
#include "tests/support/waitfor.h"

#include <QDir>
#include <QFile>
#include <QProcess>

#include <catch2/catch.hpp>

#include <csignal>

using namespace crosstalk::test;

namespace {

// The demo directory whose owner is pid, once its server has written a pid file.
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

qint64 readPid(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().toLongLong() : 0;
}

bool alive(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) == 0;
}

struct DemoRun
{
    QProcess app;
    QString dir;
    qint64 serverPid = 0;

    void start()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        app.setProcessEnvironment(env);
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app.start(QStringLiteral(CROSSTALK_BINARY), {QStringLiteral("--demo")});
        REQUIRE(app.waitForStarted());
        REQUIRE(waitFor([&] {
            dir = demoDirOf(app.processId());
            return !dir.isEmpty() && (serverPid = readPid(dir + QStringLiteral("/server/prosody.pid"))) > 0;
        }, 20000));
    }
};

} // namespace

TEST_CASE("demo: the server and bob's window come up, and both accounts sign on")
{
    DemoRun run;
    run.start();
    REQUIRE(alive(run.serverPid));
    // Each profile's libpurple writes accounts.xml once its account exists; the server's
    // log shows both sessions authenticated.
    REQUIRE(waitFor([&] {
        QFile log(run.dir + QStringLiteral("/server/prosody.log"));
        if (!log.open(QIODevice::ReadOnly))
            return false;
        const QByteArray text = log.readAll();
        return text.contains("Authenticated as alice@localhost") && text.contains("Authenticated as bob@localhost");
    }, 20000));
    // No password reaches either profile on disk.
    for (const QString &profile : {QStringLiteral("/alice"), QStringLiteral("/bob")}) {
        QFile accounts(run.dir + profile + QStringLiteral("/purple/accounts.xml"));
        REQUIRE(waitFor([&] { return accounts.exists(); }, 10000));
        REQUIRE(accounts.open(QIODevice::ReadOnly));
        CHECK_FALSE(accounts.readAll().contains("<password>"));
    }
    run.app.terminate();
    REQUIRE(run.app.waitForFinished(10000));
    CHECK(waitFor([&] { return !alive(run.serverPid); }, 5000));
    CHECK_FALSE(QDir(run.dir).exists());
}

TEST_CASE("demo: killing the app stops its server and bob's window")
{
    DemoRun run;
    run.start();
    ::kill(pid_t(run.app.processId()), SIGKILL);
    run.app.waitForFinished(5000);
    CHECK(waitFor([&] { return !alive(run.serverPid); }, 5000));
    CHECK(waitFor([&] {
        QProcess pgrep;
        pgrep.start(QStringLiteral("pgrep"), {QStringLiteral("-f"), QStringLiteral("--profile ") + run.dir});
        pgrep.waitForFinished();
        return pgrep.readAll().trimmed().isEmpty();
    }, 5000));
}
