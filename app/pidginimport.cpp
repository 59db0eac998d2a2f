// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/pidginimport.h"

#include "app/keychainvault.h"
#include "app/profile.h"
#include "core/history/pidginimporter.h"
#include "core/store/store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QThread>

#include <cstdio>

namespace crosstalk::app {

namespace {

void printSummary(const history::PidginImportSummary &s)
{
    std::printf("Accounts: %d added, %d already known\n", s.accountsAdded, s.accountsKnown);
    if (!s.passwordsToSecretStore.isEmpty())
        std::printf("Passwords kept in the Secret Service for: %s\n", qPrintable(s.passwordsToSecretStore.join(QStringLiteral(", "))));
    if (!s.passwordsDropped.isEmpty())
        std::printf("Passwords NOT kept (no keyring answered; you will be asked at sign-on) for: %s\n",
                    qPrintable(s.passwordsDropped.join(QStringLiteral(", "))));
    std::printf("Buddies: %d, Pidgin contacts (now people): %d\n", s.buddies, s.contacts);
    std::printf("Logs: %d read, %d system logs skipped; messages: %lld added, %lld already present\n", s.logFiles,
                s.systemLogsSkipped, static_cast<long long>(s.messagesAdded),
                static_cast<long long>(s.messagesAlreadyPresent));
    for (const history::PidginImportProblem &p : s.problems)
        std::printf("Skipped %s: %s\n", qPrintable(p.path), qPrintable(p.reason));
    if (s.cancelled)
        std::printf("The import was cancelled; running it again continues where it stopped.\n");
}

} // namespace

int runPidginImport(const QString &profileDir, const QString &purpleDir)
{
    Profile profile(profileDir);
    QString error;
    if (!profile.open(&error)) {
        std::fprintf(stderr, "crosstalk: %s\n", qPrintable(error));
        return 1;
    }
    store::Store store(profile.databasePath());
    try {
        store.open().waitForFinished(); // a command-line run: nothing else to keep responsive
    } catch (const store::StoreError &e) {
        std::fprintf(stderr, "crosstalk: the database could not be opened: %s\n", qPrintable(e.message()));
        return 1;
    }
    KeychainVault vault;
    history::PidginImportOptions options;
    options.purpleDir = purpleDir.isEmpty() ? history::PidginImporter::defaultPurpleDir() : purpleDir;
    std::fprintf(stderr, "Importing Pidgin data from %s into %s\n", qPrintable(options.purpleDir),
                 qPrintable(profile.path()));

    history::PidginImportSummary summary;
    bool failed = false;
    // The importer blocks; the keyring answers through this thread's event loop meanwhile.
    QThread *worker = QThread::create([&] {
        try {
            summary = history::PidginImporter(store, &vault).run(options, [](const history::PidginImportProgress &p) {
                if (p.filesTotal > 0 && (p.filesDone % 500 == 0 || p.filesDone == p.filesTotal))
                    std::fprintf(stderr, "\r  logs %d/%d, %lld messages", p.filesDone, p.filesTotal,
                                 static_cast<long long>(p.messagesAdded));
            });
        } catch (const std::exception &e) {
            std::fprintf(stderr, "\ncrosstalk: import failed: %s\n", e.what());
            failed = true;
        }
    });
    QObject::connect(worker, &QThread::finished, QCoreApplication::instance(), &QCoreApplication::quit);
    worker->start();
    QCoreApplication::exec();
    worker->wait();
    delete worker;
    std::fprintf(stderr, "\n");
    if (failed)
        return 1;
    printSummary(summary);
    return 0;
}

bool isPidginImportCommand(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "--import-pidgin") == 0)
            return true;
    }
    return false;
}

int runPidginImportCommand(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("crosstalk"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Imports a Pidgin profile into Crosstalk."));
    parser.addHelpOption();
    const QCommandLineOption profile(QStringLiteral("profile"), QStringLiteral("Crosstalk profile directory."),
                                     QStringLiteral("dir"));
    const QCommandLineOption import(QStringLiteral("import-pidgin"),
                                    QStringLiteral("Import Pidgin's accounts, buddy list and logs."));
    parser.addOptions({profile, import});
    parser.addPositionalArgument(QStringLiteral("purple-dir"), QStringLiteral("Pidgin's directory (default ~/.purple)."),
                                 QStringLiteral("[purple-dir]"));
    parser.process(app);
    const QStringList rest = parser.positionalArguments();
    return runPidginImport(parser.value(profile), rest.isEmpty() ? QString() : rest.first());
}

} // namespace crosstalk::app
