// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <cstdlib>

namespace crosstalk::app {

CommandLine parseCommandLine(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Crosstalk: every chat network and voice calls in one window."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption profile(QStringLiteral("profile"),
                                     QStringLiteral("Use the profile in <dir> instead of the default."),
                                     QStringLiteral("dir"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Start a throwaway local XMPP server with two accounts "
                                                 "(alice, bob) and open a window for each."));
    // Listed for --help; main() runs the import before any window exists.
    const QCommandLineOption importPidgin(QStringLiteral("import-pidgin"),
                                          QStringLiteral("Import Pidgin's accounts, buddy list and logs from "
                                                         "[dir] (default ~/.purple), then exit."));
    // The demo's second window runs in its own process (libpurple is one per process).
    QCommandLineOption demoPeer(QStringLiteral("demo-peer"), QStringLiteral("internal"), QStringLiteral("jid"));
    QCommandLineOption demoPort(QStringLiteral("demo-port"), QStringLiteral("internal"), QStringLiteral("port"));
    QCommandLineOption demoCert(QStringLiteral("demo-cert"), QStringLiteral("internal"), QStringLiteral("pem"));
    QCommandLineOption demoRight(QStringLiteral("demo-right"), QStringLiteral("internal"));
    for (QCommandLineOption *hidden : {&demoPeer, &demoPort, &demoCert, &demoRight})
        hidden->setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({profile, demo, importPidgin, demoPeer, demoPort, demoCert, demoRight});
    parser.process(app);

    CommandLine result;
    result.profileDir = parser.value(profile);
    result.demo = parser.isSet(demo);
    if (parser.isSet(demoPeer)) {
        bool ok = false;
        const uint port = parser.value(demoPort).toUInt(&ok);
        if (!ok || port == 0 || port > 65535) {
            std::fprintf(stderr, "crosstalk: --demo-peer needs a valid --demo-port\n");
            std::exit(2);
        }
        result.demoPeer = CommandLine::DemoPeer{parser.value(demoPeer), quint16(port),
                                                parser.value(demoCert), parser.isSet(demoRight)};
    }
    return result;
}

} // namespace crosstalk::app
