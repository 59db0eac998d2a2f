// SPDX-License-Identifier: GPL-3.0-or-later
// The tray under Xvfb with a real XEmbed tray (trayer): the icon docks, its menu opens on a
// right click and picks a status, a left click toggles the window, closing hides to the tray.
#include "core/presence/globalstatus.h"
#include "tests/protocols/purplefixture.h"
#include "tests/support/desktop/xdisplay.h"
#include "tests/support/tempdir.h"
#include "tests/support/waitfor.h"
#include "ui/idlesources.h"
#include "ui/statusmenu.h"
#include "ui/trayicon.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QGuiApplication>
#include <QMainWindow>
#include <QScreen>
#include <QStyleHints>

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

void screenshot(const QString &name)
{
    QScreen *screen = QGuiApplication::primaryScreen();
    screen->grabWindow(0).save(QDir(artifactsDir()).filePath(name));
}

void click(const QPoint &global, int button)
{
    xdotool({QStringLiteral("mousemove"), QString::number(global.x()), QString::number(global.y()),
             QStringLiteral("click"), QString::number(button)});
}

/// Where the docked icon really is: Qt reports an XEmbed icon's geometry relative to the tray,
/// so ask X for this process's small (icon-sized) windows.
QPoint dockedIconCentre()
{
    const QStringList windows = xdotool({QStringLiteral("search"), QStringLiteral("--pid"),
                                         QString::number(QCoreApplication::applicationPid())})
                                    .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &w : windows) {
        QHash<QString, int> g;
        for (const QString &line : xdotool({QStringLiteral("getwindowgeometry"), QStringLiteral("--shell"), w}).split(QLatin1Char('\n')))
            g.insert(line.section(QLatin1Char('='), 0, 0), line.section(QLatin1Char('='), 1).toInt());
        if (g.value(QStringLiteral("WIDTH")) > 0 && g.value(QStringLiteral("WIDTH")) <= 48 && g.value(QStringLiteral("HEIGHT")) <= 48)
            return {g.value(QStringLiteral("X")) + g.value(QStringLiteral("WIDTH")) / 2,
                    g.value(QStringLiteral("Y")) + g.value(QStringLiteral("HEIGHT")) / 2};
    }
    return {};
}

} // namespace

TEST_CASE("Tray: docks in a real tray, its menu picks a status, clicks toggle the window, closing hides")
{
    REQUIRE(QSystemTrayIcon::isSystemTrayAvailable());
    PurpleFixture f;
    f.start();
    GlobalStatus status(f.accounts(), f.roster());
    QMainWindow window;
    window.setWindowTitle(QStringLiteral("Crosstalk"));
    window.resize(300, 200);
    window.show();
    ui::TrayIcon tray(status, f.accounts(), &window);
    REQUIRE(waitFor([&] { return tray.tray()->geometry().isValid() && !tray.tray()->geometry().isEmpty(); }, 10000));
    CHECK(tray.isInTray());
    QPoint centre;
    REQUIRE(waitFor([&] { return !(centre = dockedIconCentre()).isNull(); }, 5000));

    spin(300);
    screenshot(QStringLiteral("tray-docked.png"));
    // Right click: the menu opens where the tray is; picking Away changes the status.
    click(centre, 3);
    REQUIRE(waitFor([&] { return tray.menu()->isVisible(); }, 5000));
    spin(200);
    screenshot(QStringLiteral("tray-menu.png"));
    QAction *away = tray.menu()->actionFor(PresenceKind::Away);
    click(tray.menu()->mapToGlobal(tray.menu()->actionGeometry(away).center()), 1);
    REQUIRE(waitFor([&] { return status.chosen().kind == PresenceKind::Away; }, 5000));
    CHECK_FALSE(tray.menu()->isVisible());

    // Unread messages and a missed call show on the icon.
    tray.setUnread(3);
    tray.setMissedCalls(1);
    spin(300);
    const QRect area = QRect(centre - QPoint(36, 16), QSize(48, 32)).intersected(QGuiApplication::primaryScreen()->geometry());
    QGuiApplication::primaryScreen()->grabWindow(0, area.x(), area.y(), area.width(), area.height())
        .scaled(area.size() * 4)
        .save(QDir(artifactsDir()).filePath(QStringLiteral("tray-icon-away-unread.png")));
    CHECK(tray.tray()->toolTip().contains(QLatin1String("3 unread")));

    // Left click toggles the window.
    REQUIRE(window.isVisible());
    click(centre, 1);
    REQUIRE(waitFor([&] { return !window.isVisible(); }, 5000));
    spin(QGuiApplication::styleHints()->mouseDoubleClickInterval() + 200); // a click, not a double click
    click(centre, 1);
    REQUIRE(waitFor([&] { return window.isVisible(); }, 5000));

    // Closing the window with a tray present hides it; the app goes on.
    window.close();
    spin(100);
    CHECK_FALSE(window.isVisible());
    CHECK(tray.isInTray());
}

TEST_CASE("Tray: without a tray host closing the window closes it")
{
    PurpleFixture f;
    f.start();
    GlobalStatus status(f.accounts(), f.roster());
    QMainWindow window;
    window.show();
    ui::TrayIcon tray(status, f.accounts(), &window);
    tray.tray()->hide(); // as if no tray showed the icon
    CHECK_FALSE(tray.isInTray());
    QCloseEvent event;
    QCoreApplication::sendEvent(&window, &event);
    CHECK(event.isAccepted());
}

TEST_CASE("Idle: under X the screensaver extension measures idle time, and input resets it")
{
    std::unique_ptr<IdleSource> idle = ui::makeDesktopIdleSource();
    CHECK(idle->description() == QLatin1String("X11 screensaver extension"));
    std::optional<qint64> before;
    idle->query([&](std::optional<qint64> ms) { before = ms; });
    REQUIRE(before.has_value());
    spin(1200);
    std::optional<qint64> later;
    idle->query([&](std::optional<qint64> ms) { later = ms; });
    REQUIRE(later.has_value());
    CHECK(*later >= 1000);
    xdotool({QStringLiteral("mousemove"), QStringLiteral("200"), QStringLiteral("200")});
    std::optional<qint64> after;
    idle->query([&](std::optional<qint64> ms) { after = ms; });
    REQUIRE(after.has_value());
    CHECK(*after < 500);
}
