// SPDX-License-Identifier: GPL-3.0-or-later
// Test main with a Qt event loop (GLib dispatcher, so libpurple can run in it).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#ifdef CROSSTALK_TEST_GUI
#include <QApplication>
using TestApplication = QApplication;
#else
#include <QCoreApplication>
using TestApplication = QCoreApplication;
#endif

int main(int argc, char **argv)
{
    // ctest discovery runs this binary at build time, where no display exists.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TestApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}
