// SPDX-License-Identifier: GPL-3.0-or-later
// Test main for the tray: Xvfb and trayer must exist before QApplication connects to X, so
// they start here (not when ctest only lists the tests at build time).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "tests/support/desktop/xdisplay.h"

#include <QApplication>

#include <cstdio>
#include <cstring>

crosstalk::test::XDisplay *g_display = nullptr;

int main(int argc, char **argv)
{
    bool listing = false;
    for (int i = 1; i < argc; ++i)
        listing = listing || std::strncmp(argv[i], "--list", 6) == 0;
    crosstalk::test::XDisplay display;
    if (listing) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    } else {
        QString error;
        if (!display.start(&error) || !display.startTray(&error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        qputenv("QT_QPA_PLATFORM", "xcb");
        // No StatusNotifierWatcher may answer: the XEmbed tray under test is trayer.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "disabled:");
        g_display = &display;
    }
    QApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}
