// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

namespace crosstalk {
class SecretStore;
}
namespace crosstalk::store {
class Store;
}

namespace crosstalk::history {

struct PidginImportOptions
{
    QString purpleDir;            ///< empty: ~/.purple
    QStringList ownAliases;       ///< extra names the user wrote under (TXT logs mark direction by name)
    int messagesPerBatch = 20000; ///< one writer transaction per batch
};

struct PidginImportProgress
{
    enum class Stage { Accounts, BuddyList, Logs, Done };
    Stage stage = Stage::Accounts;
    int filesDone = 0;
    int filesTotal = 0;
    qint64 messagesAdded = 0;
    QString currentPath;
};

struct PidginImportProblem
{
    QString path;
    QString reason;
};

struct PidginImportSummary
{
    int accountsAdded = 0;
    int accountsKnown = 0;              ///< already in the store (left unchanged)
    QStringList passwordsToSecretStore; ///< accounts whose password went to the SecretStore
    QStringList passwordsDropped;       ///< accounts whose password was not kept (no store, or it failed)
    int buddies = 0;
    int contacts = 0; ///< Pidgin contacts, each now one person
    int logFiles = 0; ///< conversation logs read
    int systemLogsSkipped = 0;
    qint64 messagesAdded = 0;
    qint64 messagesAlreadyPresent = 0;   ///< skipped as duplicates (e.g. a second import)
    QList<PidginImportProblem> problems; ///< malformed files, skipped
    bool cancelled = false;
};

/// Imports a Pidgin 2.x profile (accounts.xml, blist.xml, logs/ in HTML and TXT) into the
/// store. Idempotent: running it twice adds nothing. Passwords never reach the database:
/// they go to the SecretStore when one is given, otherwise they are dropped (and listed).
///
/// run() blocks until done: call it off the UI thread (e.g. QThread::create or
/// QtConcurrent::run); the progress callback is called on that thread.
class PidginImporter
{
public:
    using ProgressCallback = std::function<void(const PidginImportProgress &)>;

    PidginImporter(store::Store &store, SecretStore *secrets);

    PidginImportSummary run(const PidginImportOptions &options, const ProgressCallback &progress = {},
                            const std::atomic<bool> *cancel = nullptr);

    static QString defaultPurpleDir();

private:
    struct State;
    void importAccounts(State &state);
    void importBuddyList(State &state);
    void importLogs(State &state);

    store::Store &m_store;
    SecretStore *m_secrets;
};

} // namespace crosstalk::history
