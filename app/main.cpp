// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/application.h"
#include "app/commandline.h"
#include "app/pidginimport.h"
#include "app/remotecli.h"
#include "app/unixsignals.h"
#include "core/version.h"

#include <QApplication>

int main(int argc, char **argv)
{
    // "crosstalk remote …" talks to the running instance over D-Bus: no GUI, no display.
    if (crosstalk::app::isRemoteCommand(argc, argv))
        return crosstalk::app::runRemoteCommand(argc, argv);
    // "crosstalk --import-pidgin [DIR]" is a headless batch job too.
    if (crosstalk::app::isPidginImportCommand(argc, argv))
        return crosstalk::app::runPidginImportCommand(argc, argv);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("crosstalk"));
    QApplication::setApplicationDisplayName(QStringLiteral("Crosstalk"));
    QApplication::setApplicationVersion(QStringLiteral(CROSSTALK_VERSION));
    QApplication::setOrganizationDomain(QStringLiteral("crosstalk.im"));
    QApplication::setDesktopFileName(QStringLiteral("im.crosstalk.Crosstalk"));

    const crosstalk::app::CommandLine commandLine = crosstalk::app::parseCommandLine(app);
    crosstalk::app::quitOnTerminationSignals();
    crosstalk::app::Application crosstalk(commandLine);
    return crosstalk.exec();
}
