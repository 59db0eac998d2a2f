// SPDX-License-Identifier: GPL-3.0-or-later
// A real notification server: dunst under Xvfb on a private session bus. A burst of messages
// stays one notification on screen; clicking it through dunst opens the conversation.
#include "core/presence/globalstatus.h"
#include "tests/protocols/purplefixture.h"
#include "tests/support/desktop/sessionbus.h"
#include "tests/support/desktop/xdisplay.h"
#include "tests/support/serverprocess.h"
#include "tests/support/waitfor.h"
#include "ui/notifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QFile>
#include <QProcess>

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

QString dunstctl(const SessionBus &bus, const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = bus.environment();
    env.insert(QStringLiteral("DISPLAY"), qEnvironmentVariable("DISPLAY"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral("dunstctl"), args);
    p.waitForFinished(5000);
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

} // namespace

TEST_CASE("Notifications: dunst shows a burst of messages as one notification, and its click opens the conversation")
{
    SessionBus bus;
    QString error;
    REQUIRE(bus.start(&error));
    XDisplay display; // dunst draws on X; this process itself stays offscreen
    REQUIRE(display.start(&error));
    TempDir dir;
    // dunst's "dmenu" picks the action a context click chooses: here always the default one.
    const QString picker = dir.filePath(QStringLiteral("pick.sh"));
    QFile script(picker);
    REQUIRE(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\nhead -n 1\n");
    script.close();
    script.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QFile config(dir.filePath(QStringLiteral("dunstrc")));
    REQUIRE(config.open(QIODevice::WriteOnly));
    config.write(QStringLiteral("[global]\n    dmenu = %1\n    show_indicators = yes\n").arg(picker).toUtf8());
    config.close();
    ServerProcess dunst(QStringLiteral("dunst"), QStringLiteral("dunst"),
                        {QStringLiteral("-config"), config.fileName()}, dir.filePath(QStringLiteral("dunst.log")));
    QProcessEnvironment env = bus.environment();
    env.insert(QStringLiteral("DISPLAY"), display.display());
    dunst.setEnvironment(env);
    REQUIRE(dunst.startAndWait(
        [] {
            return QDBusConnection::sessionBus().interface()->isServiceRegistered(
                QStringLiteral("org.freedesktop.Notifications"));
        },
        10000, &error));

    PurpleFixture f;
    f.start();
    GlobalStatus status(f.accounts(), f.roster());
    ui::Notifier notifier(status);
    notifier.setCoalesceMs(300);
    notifier.setSoundEnabled(ui::Notifier::Event::Message, false);
    QStringList activated;
    QObject::connect(&notifier, &ui::Notifier::activated, [&](const QString &k) { activated << k; });

    for (int i = 1; i <= 10; ++i)
        notifier.message(QStringLiteral("im:1:bob@localhost"), QStringLiteral("Bob"), QStringLiteral("message %1").arg(i));
    spin(1000);
    CHECK(notifier.popupsShown() == 2);
    CHECK(dunstctl(bus, {QStringLiteral("count"), QStringLiteral("displayed")}) == QLatin1String("1"));
    CHECK(dunstctl(bus, {QStringLiteral("count"), QStringLiteral("waiting")}) == QLatin1String("0"));

    dunstctl(bus, {QStringLiteral("action"), QStringLiteral("0")});
    CHECK(waitFor([&] { return !activated.isEmpty(); }, 5000));
    if (!activated.isEmpty())
        CHECK(activated.first() == QLatin1String("im:1:bob@localhost"));
}
