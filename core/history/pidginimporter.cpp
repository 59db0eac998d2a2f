// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/history/pidginimporter.h"

#include "core/history/pidginconfig.h"
#include "core/history/pidginlog.h"
#include "core/network/secretstore.h"
#include "core/store/accountrepository.h"
#include "core/store/buddyrepository.h"
#include "core/store/connection.h"
#include "core/store/messagerepository.h"
#include "core/store/personrepository.h"
#include "core/store/store.h"
#include "core/store/transaction.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QHash>

#include <deque>

namespace crosstalk::history {

namespace {

/// A parsed log, ready for the writer.
struct LogBatchFile
{
    QString protocol;
    QString account;
    QString peer;
    bool chat = false;
    QList<store::NewMessage> messages;
};

struct BatchResult
{
    qint64 added = 0;
    qint64 duplicates = 0;
};

using AccountMap = QHash<QString, AccountId>; // "<protocol>|<normalised name>"

QString accountKey(const QString &protocol, const QString &normalized)
{
    return protocol + u'|' + normalized;
}

AccountId ensureAccount(store::Connection &db, const AccountMap &known, const QString &protocol,
                        const QString &name)
{
    if (const auto it = known.constFind(accountKey(protocol, name)); it != known.constEnd())
        return *it;
    store::AccountRepository accounts(db);
    if (const auto id = accounts.find(protocol, name))
        return *id;
    // Logs or buddies of an account Pidgin no longer has: keep the history, disabled.
    return accounts.upsert({protocol, name, QString(), {}, false});
}

// Stable across imports, and time-first: a conversation's keys arrive nearly in order, so the
// de-duplication index grows at its end instead of at random places in a large b-tree.
QString importKey(const PidginLogMessage &m, int occurrence)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(m.outgoing ? "1" : "0");
    hash.addData(m.sender.toUtf8());
    hash.addData(m.body.toUtf8());
    hash.addData(QByteArray::number(occurrence));
    return QStringLiteral("pidgin:%1.%2")
        .arg(m.time.toSecsSinceEpoch(), 11, 10, QLatin1Char('0'))
        .arg(QString::fromLatin1(hash.result().toBase64(QByteArray::OmitTrailingEquals).left(16)));
}

BatchResult writeBatch(store::Connection &db, const AccountMap &known, const QList<LogBatchFile> &files)
{
    BatchResult result;
    store::Transaction transaction(db);
    store::MessageRepository messages(db);
    for (const LogBatchFile &file : files) {
        const AccountId account = ensureAccount(db, known, file.protocol, file.account);
        const ConversationId conversation = file.chat ? messages.ensureChat({account, file.peer})
                                                      : messages.ensureConversation({account, file.peer});
        for (store::NewMessage message : file.messages) {
            message.conversation = conversation;
            if (messages.insertBulk(message))
                ++result.added;
            else
                ++result.duplicates;
        }
    }
    messages.finishBulk();
    transaction.commit();
    return result;
}

} // namespace

struct PidginImporter::State
{
    PidginImportOptions options;
    QDir dir;
    ProgressCallback progress;
    const std::atomic<bool> *cancel = nullptr;
    PidginImportSummary summary;
    AccountMap accounts;
    QStringList ownNames;

    bool cancelled() const { return cancel && cancel->load(); }
    void report(PidginImportProgress::Stage stage, int done, int total, const QString &path) const
    {
        if (progress)
            progress({stage, done, total, summary.messagesAdded, path});
    }
    void problem(const QString &path, const QString &reason) { summary.problems.append({path, reason}); }
};

PidginImporter::PidginImporter(store::Store &store, SecretStore *secrets)
    : m_store(store)
    , m_secrets(secrets)
{}

QString PidginImporter::defaultPurpleDir()
{
    return QDir::home().filePath(QStringLiteral(".purple"));
}

PidginImportSummary PidginImporter::run(const PidginImportOptions &options, const ProgressCallback &progress,
                                        const std::atomic<bool> *cancel)
{
    State state;
    state.options = options;
    state.dir = QDir(options.purpleDir.isEmpty() ? defaultPurpleDir() : options.purpleDir);
    state.progress = progress;
    state.cancel = cancel;
    state.ownNames = options.ownAliases;
    if (!state.dir.exists()) {
        state.problem(state.dir.path(), QStringLiteral("no such directory"));
        return state.summary;
    }
    importAccounts(state);
    if (!state.cancelled())
        importBuddyList(state);
    if (!state.cancelled())
        importLogs(state);
    state.summary.cancelled = state.cancelled();
    state.report(PidginImportProgress::Stage::Done, state.summary.logFiles, state.summary.logFiles, {});
    return state.summary;
}

void PidginImporter::importAccounts(State &state)
{
    const QString path = state.dir.filePath(QStringLiteral("accounts.xml"));
    state.report(PidginImportProgress::Stage::Accounts, 0, 0, path);
    QFile file(path);
    if (!file.exists())
        return;
    QString error;
    std::optional<QList<PidginAccount>> parsed;
    if (file.open(QIODevice::ReadOnly))
        parsed = parsePidginAccounts(file, &error);
    else
        error = file.errorString();
    if (!parsed) {
        state.problem(path, error);
        return;
    }
    struct Written
    {
        AccountId id;
        bool added = false;
    };
    // Only what defines the account crosses to the writer; passwords stay on this thread.
    QList<AccountSpec> specs;
    for (const PidginAccount &a : *parsed)
        specs.append({a.protocol, a.name, a.alias, a.settings, a.enabled});
    const QList<Written> written = m_store
                                       .write([specs](store::Connection &db) {
                                           store::Transaction transaction(db);
                                           store::AccountRepository repo(db);
                                           QList<Written> out;
                                           for (const AccountSpec &spec : specs) {
                                               if (const auto id = repo.find(spec.protocolId, spec.username))
                                                   out.append({*id, false});
                                               else
                                                   out.append({repo.upsert(spec), true});
                                           }
                                           transaction.commit();
                                           return out;
                                       })
                                       .result();
    for (qsizetype i = 0; i < parsed->size(); ++i) {
        const PidginAccount &a = parsed->at(i);
        (written[i].added ? state.summary.accountsAdded : state.summary.accountsKnown)++;
        const QString normalized = pidginNormalize(a.protocol, a.name);
        state.accounts.insert(accountKey(a.protocol, normalized), written[i].id);
        state.ownNames << a.name << normalized << a.alias << normalized.section(u'@', 0, 0);
        if (a.password.isEmpty())
            continue;
        if (m_secrets && m_secrets->storePassword(written[i].id, a.protocol, a.name, a.password))
            state.summary.passwordsToSecretStore << a.name;
        else
            state.summary.passwordsDropped << a.name;
    }
    state.ownNames.removeAll(QString());
    state.ownNames.removeDuplicates();
}

void PidginImporter::importBuddyList(State &state)
{
    const QString path = state.dir.filePath(QStringLiteral("blist.xml"));
    state.report(PidginImportProgress::Stage::BuddyList, 0, 0, path);
    QFile file(path);
    if (!file.exists())
        return;
    QString error;
    std::optional<QList<PidginContact>> contacts;
    if (file.open(QIODevice::ReadOnly))
        contacts = parsePidginBlist(file, &error);
    else
        error = file.errorString();
    if (!contacts) {
        state.problem(path, error);
        return;
    }
    const AccountMap known = state.accounts;
    const QList<PidginContact> list = *contacts;
    state.summary.buddies =
        m_store
            .write([known, list](store::Connection &db) {
                store::Transaction transaction(db);
                store::BuddyRepository buddies(db);
                store::PersonRepository people(db);
                int count = 0;
                for (const PidginContact &contact : list) {
                    QList<BuddyId> ids;
                    for (const PidginBuddy &b : contact.buddies) {
                        const QString accountName = pidginNormalize(b.protocol, b.account);
                        const AccountId account = ensureAccount(db, known, b.protocol, accountName);
                        BuddyInfo info;
                        info.address = {account, pidginNormalize(b.protocol, b.name)};
                        info.alias = b.alias;
                        info.serverAlias = b.serverAlias;
                        info.group = b.group;
                        ids.append(buddies.upsert(info));
                        ++count;
                    }
                    // One Pidgin contact is one person, unless the user
                    // already split these buddies apart in Crosstalk.
                    const PersonId target = people.personOf(ids.first());
                    for (BuddyId id : ids.mid(1)) {
                        if (people.personOf(id) != target &&
                            people.decision(id, ids.first()) != store::MergeDecision::Rejected)
                            people.moveBuddy(id, target, store::PersonRepository::Origin::Imported);
                    }
                    const auto person = people.get(target);
                    if (!contact.alias.isEmpty() && person &&
                        person->displayName == buddies.get(ids.first())->address.handle)
                        people.setDisplayName(target, contact.alias);
                }
                transaction.commit();
                return count;
            })
            .result();
    state.summary.contacts = int(list.size());
}

void PidginImporter::importLogs(State &state)
{
    const QDir logs(state.dir.filePath(QStringLiteral("logs")));
    if (!logs.exists())
        return;
    QStringList paths;
    QDirIterator it(logs.path(), {QStringLiteral("*.html"), QStringLiteral("*.htm"), QStringLiteral("*.txt")},
                    QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        paths << logs.relativeFilePath(it.next());
    paths.sort();
    const int total = int(paths.size());

    std::deque<QFuture<BatchResult>> inFlight;
    auto collect = [&state](QFuture<BatchResult> &future) {
        const BatchResult r = future.result();
        state.summary.messagesAdded += r.added;
        state.summary.messagesAlreadyPresent += r.duplicates;
    };
    QList<LogBatchFile> batch;
    qsizetype batchMessages = 0;
    auto flush = [&] {
        if (batch.isEmpty())
            return;
        const AccountMap known = state.accounts;
        inFlight.push_back(m_store.write([known, files = std::move(batch)](store::Connection &db) {
            return writeBatch(db, known, files);
        }));
        batch = {};
        batchMessages = 0;
        // Parse the next batch while the writer stores this one, but no further ahead.
        while (inFlight.size() > 2) {
            collect(inFlight.front());
            inFlight.pop_front();
        }
    };

    for (int i = 0; i < total && !state.cancelled(); ++i) {
        const QString &relative = paths[i];
        const QString path = logs.filePath(relative);
        if (i % 64 == 0)
            state.report(PidginImportProgress::Stage::Logs, i, total, path);
        QString error;
        const auto where = locatePidginLog(relative, &error);
        if (!where) {
            state.problem(path, error);
            continue;
        }
        if (where->system) {
            ++state.summary.systemLogsSkipped;
            continue;
        }
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            state.problem(path, file.errorString());
            continue;
        }
        const auto parsed = parsePidginLog(file.readAll(), *where, state.ownNames, &error);
        if (!parsed) {
            state.problem(path, error);
            continue;
        }
        ++state.summary.logFiles;
        LogBatchFile entry;
        entry.protocol = pidginProtocolForFolder(where->protocolFolder);
        entry.account = where->account;
        entry.peer = where->peer;
        entry.chat = where->chat;
        QHash<QString, int> seen;
        for (const PidginLogMessage &m : *parsed) {
            store::NewMessage message;
            message.direction = m.outgoing ? MessageDirection::Outgoing : MessageDirection::Incoming;
            message.sender = m.sender;
            message.sentAt = m.time;
            message.receivedAt = m.time;
            if (where->html) {
                message.body = m.body;
            } else {
                // TXT logs hold plain text; the body column holds HTML.
                message.plainText = m.body;
                message.body = m.body.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>"));
            }
            message.state = m.outgoing ? store::MessageState::Sent : store::MessageState::Received;
            message.flags = store::MessageFlag::Imported | (m.autoReply ? store::MessageFlag::AutoReply : 0);
            const QString base = importKey(m, 0);
            message.protocolId = importKey(m, seen[base]++);
            entry.messages.append(message);
        }
        batchMessages += entry.messages.size();
        batch.append(entry);
        if (batchMessages >= state.options.messagesPerBatch)
            flush();
    }
    flush();
    while (!inFlight.empty()) {
        collect(inFlight.front());
        inFlight.pop_front();
    }
    state.report(PidginImportProgress::Stage::Logs, total, total, {});
}

} // namespace crosstalk::history
