// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/purplefiletransfers.h"

#include "core/network/downloadfiles.h"
#include "core/network/prompt.h"
#include "protocols/purpleconvert.h"
#include "protocols/purpleprompts.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTimer>

#include <libintl.h>
#include <purple.h>

namespace crosstalk::protocols {

namespace {

PurpleFileTransfers *g_transfers = nullptr;

void newXfer(PurpleXfer *xfer)
{
    if (g_transfers)
        g_transfers->onNew(xfer);
}
void destroyXfer(PurpleXfer *xfer)
{
    if (g_transfers)
        g_transfers->onDestroy(xfer);
}
void addXfer(PurpleXfer *xfer) // accepted, about to start: refresh like any progress
{
    if (g_transfers)
        g_transfers->onProgress(xfer);
}
void progressXfer(PurpleXfer *xfer, double)
{
    if (g_transfers)
        g_transfers->onProgress(xfer);
}
void cancelLocal(PurpleXfer *xfer)
{
    if (g_transfers)
        g_transfers->onCancelled(xfer, false);
}
void cancelRemote(PurpleXfer *xfer)
{
    if (g_transfers)
        g_transfers->onCancelled(xfer, true);
}

PurpleXferUiOps g_xferOps = {
    newXfer, destroyXfer, addXfer, progressXfer, cancelLocal, cancelRemote,
    nullptr, nullptr, nullptr, // ui_write/ui_read/data_not_sent: libpurple does the file I/O
    nullptr,                   // add_thumbnail
};

/// Whether text is libpurple's (translated) format with its one %s filled in.
bool matchesFormat(const QString &text, const char *format)
{
    const QString f = QString::fromUtf8(dgettext("pidgin", format));
    const qsizetype at = f.indexOf(QLatin1String("%s"));
    return at >= 0 && text.size() >= f.size() - 2 && text.startsWith(f.left(at)) && text.endsWith(f.mid(at + 2));
}

/// Answers a prompt on the next turn of the loop: libpurple is still inside the request
/// function that raised it and registers the request only after the ui op returns.
void answerLater(Prompt &prompt, int action, const QString &path = {})
{
    QPointer<Prompt> p(&prompt);
    QTimer::singleShot(0, &prompt, [p, action, path] {
        if (!p || !p->isOpen())
            return;
        if (!path.isNull())
            p->setFieldValue(QStringLiteral("path"), path);
        p->answer(action);
    });
}

} // namespace

PurpleFileTransfers::PurpleFileTransfers(PurplePrompts &prompts, QObject *parent)
    : FileTransferService(parent)
    , m_prompts(prompts)
    , m_downloadDir(QStandardPaths::writableLocation(QStandardPaths::DownloadLocation))
    , m_poll(new QTimer(this))
{
    if (m_downloadDir.isEmpty())
        m_downloadDir = QDir::home().filePath(QStringLiteral("Downloads"));
    g_transfers = this;
    m_prompts.addClaim([this](Prompt &prompt, void *userData) { return claim(prompt, userData); });
    m_poll->setInterval(100);
    connect(m_poll, &QTimer::timeout, this, &PurpleFileTransfers::poll);
}

PurpleFileTransfers::~PurpleFileTransfers()
{
    if (g_transfers == this)
        g_transfers = nullptr;
    for (Record &record : m_records) {
        if (!record.info.isFinished())
            dropPartFile(record);
    }
}

void PurpleFileTransfers::installUiOps()
{
    purple_xfers_set_ui_ops(&g_xferOps);
}

bool PurpleFileTransfers::canSendTo(const BuddyAddress &to) const
{
    PurpleAccount *account = findAccount(to.account);
    PurpleConnection *gc = account ? purple_account_get_connection(account) : nullptr;
    if (!gc || !purple_account_is_connected(account))
        return false;
    PurplePluginProtocolInfo *prpl = PURPLE_PLUGIN_PROTOCOL_INFO(purple_connection_get_prpl(gc));
    if (!prpl || !prpl->send_file)
        return false;
    const QByteArray who = to.handle.toUtf8();
    return !prpl->can_receive_file || prpl->can_receive_file(gc, who.constData());
}

TransferId PurpleFileTransfers::sendFile(const BuddyAddress &to, const QString &path, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return TransferId();
    };
    const QFileInfo file(path);
    if (!file.exists())
        return fail(tr("%1 does not exist").arg(path));
    if (!file.isFile())
        return fail(tr("%1 is not a file").arg(path));
    if (!file.isReadable())
        return fail(tr("%1 cannot be read").arg(path));
    if (file.size() == 0)
        return fail(tr("%1 is empty").arg(file.fileName()));
    PurpleAccount *account = findAccount(to.account);
    if (!account || !purple_account_is_connected(account))
        return fail(tr("The account is not connected"));
    if (!canSendTo(to))
        return fail(tr("%1 cannot receive files now (offline, or their client does not accept files)").arg(to.handle));

    Record record;
    record.info.id = TransferId(m_nextId++);
    record.info.peer = to;
    record.info.direction = FileTransfer::Direction::Outgoing;
    record.info.state = FileTransfer::State::Waiting;
    record.info.fileName = file.fileName();
    record.info.localPath = file.absoluteFilePath();
    record.info.size = file.size();
    const qint64 id = record.info.id.value();
    m_records.insert(id, record);

    m_creating = id;
    m_sendError.clear();
    const QByteArray who = to.handle.toUtf8();
    serv_send_file(purple_account_get_connection(account), who.constData(),
                   QFile::encodeName(record.info.localPath).constData());
    m_creating = 0;

    Record &created = m_records[id];
    if (!m_sendError.isEmpty() || (!created.xfer && !created.info.isFinished())) {
        // The prpl refused at once (XMPP: "not subscribed to user presence", "user is not
        // online") and left the transfer hanging: end it quietly, the caller gets the words.
        if (PurpleXfer *xfer = created.xfer) {
            created.cancelRequested = true;
            purple_xfer_cancel_local(xfer);
            m_byXfer.remove(xfer);
        }
        m_records.remove(id);
        return fail(m_sendError.isEmpty() ? tr("The protocol did not start a transfer to %1").arg(to.handle)
                                          : std::exchange(m_sendError, QString()));
    }
    created.announced = true;
    m_poll->start();
    Q_EMIT transferAdded(created.info);
    return created.info.id;
}

bool PurpleFileTransfers::accept(TransferId id)
{
    auto it = m_records.find(id.value());
    if (it == m_records.end() || it->info.state != FileTransfer::State::Offered || !it->offer || !it->offer->isOpen())
        return false;
    Record &record = *it;
    QString error;
    record.partPath = downloads::createPartFile(m_downloadDir, record.info.fileName, &error);
    if (record.partPath.isEmpty()) {
        // Nowhere to write: refuse the offer rather than leave the sender waiting.
        record.cancelRequested = true;
        setState(record, FileTransfer::State::Failed, error);
        record.offer->answer(record.offer->cancelAction());
        return false;
    }
    setState(record, FileTransfer::State::Waiting);
    record.offer->answer(0); // "Accept": libpurple then asks where to save (claim() answers)
    return true;
}

void PurpleFileTransfers::decline(TransferId id)
{
    auto it = m_records.find(id.value());
    if (it == m_records.end() || it->info.state != FileTransfer::State::Offered)
        return;
    Record &record = *it;
    record.cancelRequested = true;
    // libpurple's decline path (cancel_recv_cb) calls no cancel ui op: the state is ours.
    setState(record, FileTransfer::State::Declined, tr("You declined the file"));
    if (record.offer && record.offer->isOpen())
        record.offer->answer(record.offer->cancelAction());
}

void PurpleFileTransfers::cancel(TransferId id)
{
    auto it = m_records.find(id.value());
    if (it == m_records.end() || it->info.isFinished())
        return;
    if (it->info.state == FileTransfer::State::Offered) {
        decline(id);
        return;
    }
    it->cancelRequested = true;
    if (PurpleXfer *xfer = it->xfer)
        purple_xfer_cancel_local(xfer); // the cancel_local op records the state
    else
        setState(*it, FileTransfer::State::Cancelled);
}

std::optional<FileTransfer> PurpleFileTransfers::transfer(TransferId id) const
{
    auto it = m_records.constFind(id.value());
    if (it == m_records.cend())
        return std::nullopt;
    return it->info;
}

QList<FileTransfer> PurpleFileTransfers::transfers() const
{
    QList<FileTransfer> list;
    for (const Record &record : m_records)
        list << record.info;
    std::sort(list.begin(), list.end(), [](const FileTransfer &a, const FileTransfer &b) { return a.id < b.id; });
    return list;
}

// ---- libpurple's side ---------------------------------------------------------------------

PurpleFileTransfers::Record *PurpleFileTransfers::recordOf(PurpleXfer *xfer)
{
    auto it = m_byXfer.constFind(xfer);
    if (it == m_byXfer.cend())
        return nullptr;
    auto rec = m_records.find(*it);
    return rec == m_records.end() ? nullptr : &*rec;
}

void PurpleFileTransfers::onNew(PurpleXfer *xfer)
{
    PurpleAccount *account = purple_xfer_get_account(xfer);
    const BuddyAddress peer{accountIdOf(account), normalizedHandle(account, purple_xfer_get_remote_user(xfer))};
    if (purple_xfer_get_type(xfer) == PURPLE_XFER_SEND) {
        auto it = m_records.find(m_creating);
        if (m_creating && it != m_records.end() && !it->xfer) {
            it->xfer = xfer;
            m_byXfer.insert(xfer, m_creating);
        }
        // A send the prpl started by itself (not through sendFile) is not ours to show.
        return;
    }
    // An incoming offer: its name and size are set after this; it is announced when
    // libpurple asks whether to accept it.
    Record record;
    record.info.id = TransferId(m_nextId++);
    record.info.peer = peer;
    record.info.direction = FileTransfer::Direction::Incoming;
    record.info.state = FileTransfer::State::Offered;
    record.xfer = xfer;
    m_byXfer.insert(xfer, record.info.id.value());
    m_records.insert(record.info.id.value(), record);
}

bool PurpleFileTransfers::claim(Prompt &prompt, void *userData)
{
    if (Record *record = userData ? recordOf(static_cast<PurpleXfer *>(userData)) : nullptr) {
        PurpleXfer *xfer = record->xfer;
        switch (prompt.kind()) {
        case Prompt::Kind::Question: // "bob wants to send you x (5 MB)": Accept / Cancel
            if (record->info.isIncoming() && record->info.state == FileTransfer::State::Offered) {
                record->offer = &prompt;
                record->info.fileName = downloads::safeFileName(fromUtf8(purple_xfer_get_filename(xfer)));
                record->info.size = qint64(purple_xfer_get_size(xfer));
                connect(&prompt, &Prompt::withdrawn, this, [this, id = record->info.id.value()] {
                    // libpurple closed the request: the sender withdrew the offer.
                    auto it = m_records.find(id);
                    if (it != m_records.end() && it->info.state == FileTransfer::State::Offered)
                        setState(*it, FileTransfer::State::Failed, tr("The offer was withdrawn"));
                });
                record->announced = true;
                m_poll->start();
                Q_EMIT transferAdded(record->info);
            } else {
                answerLater(prompt, prompt.cancelAction());
            }
            return true;
        case Prompt::Kind::TextInput: // "save as" (or, for a send without a file, "open")
            if (record->info.isIncoming() && !record->partPath.isEmpty())
                answerLater(prompt, 0, record->partPath);
            else
                answerLater(prompt, prompt.cancelAction());
            return true;
        default: // XMPP: which of the buddy's resources; the first one that can take files
            answerLater(prompt, 0);
            return true;
        }
    }
    // An error notice while sendFile is inside the prpl is that send's refusal.
    if (m_creating && prompt.kind() == Prompt::Kind::Error) {
        m_sendError = prompt.secondary().trimmed().isEmpty() ? prompt.primary() : prompt.secondary().trimmed();
        answerLater(prompt, 0);
        return true;
    }
    // purple_xfer_error(): a notice right before the cancel op. The transfer row shows the
    // reason; no dialog.
    if (prompt.kind() == Prompt::Kind::Error
        && (matchesFormat(prompt.primary(), "File transfer to %s failed.")
            || matchesFormat(prompt.primary(), "File transfer from %s failed."))) {
        m_pendingError = prompt.secondary().trimmed();
        answerLater(prompt, 0);
        return true;
    }
    return false;
}

void PurpleFileTransfers::onProgress(PurpleXfer *xfer)
{
    if (Record *record = recordOf(xfer))
        refresh(*record);
}

void PurpleFileTransfers::refresh(Record &record)
{
    PurpleXfer *xfer = record.xfer;
    if (!xfer || record.info.isFinished())
        return;
    const qint64 size = qint64(purple_xfer_get_size(xfer));
    if (size > 0)
        record.info.size = size;
    record.info.transferred = qint64(purple_xfer_get_bytes_sent(xfer));
    switch (purple_xfer_get_status(xfer)) {
    case PURPLE_XFER_STATUS_STARTED:
        if (record.info.state == FileTransfer::State::Waiting)
            setState(record, FileTransfer::State::Transferring);
        break;
    case PURPLE_XFER_STATUS_DONE:
        if (!record.info.isIncoming())
            setState(record, FileTransfer::State::Done);
        else if (!record.completing) {
            record.completing = true;
            // libpurple closes the file in purple_xfer_end, right after this op returns.
            QTimer::singleShot(0, this, [this, id = record.info.id.value()] {
                auto it = m_records.find(id);
                if (it != m_records.end() && (!it->xfer || !it->xfer->dest_fp))
                    finishIncoming(*it);
            });
        }
        break;
    default:
        break;
    }
}

void PurpleFileTransfers::poll()
{
    bool active = false;
    for (Record &record : m_records) {
        if (!record.xfer || record.info.isFinished() || !record.announced)
            continue;
        active = true;
        const qint64 before = record.info.transferred;
        const FileTransfer::State state = record.info.state;
        refresh(record);
        if (record.info.state == state && record.info.transferred != before)
            emitChanged(record);
        if (record.completing && !record.xfer->dest_fp)
            finishIncoming(record);
    }
    if (!active)
        m_poll->stop();
}

void PurpleFileTransfers::finishIncoming(Record &record)
{
    if (record.info.isFinished())
        return;
    QString error;
    const QString path = downloads::commitPartFile(record.partPath, m_downloadDir, record.info.fileName, &error);
    if (path.isEmpty()) {
        setState(record, FileTransfer::State::Failed, error);
        return;
    }
    record.partPath.clear();
    record.info.localPath = path;
    record.info.transferred = std::max(record.info.transferred, record.info.size);
    setState(record, FileTransfer::State::Done);
}

void PurpleFileTransfers::onCancelled(PurpleXfer *xfer, bool remote)
{
    Record *record = recordOf(xfer);
    const QString error = std::exchange(m_pendingError, QString());
    if (!record || record->info.isFinished())
        return;
    record->info.transferred = qint64(purple_xfer_get_bytes_sent(xfer));
    dropPartFile(*record);
    if (record->cancelRequested && !remote) {
        setState(*record, FileTransfer::State::Cancelled, tr("You cancelled the transfer"));
        return;
    }
    if (remote && !record->info.isIncoming() && record->info.state == FileTransfer::State::Waiting) {
        // Before any byte moved, the other side's "no" and "could not connect" look alike.
        setState(*record, FileTransfer::State::Declined,
                 error.isEmpty() ? tr("%1 declined the file").arg(record->info.peer.handle) : error);
        return;
    }
    if (error.isEmpty() && remote)
        setState(*record, FileTransfer::State::Failed, tr("%1 cancelled the transfer").arg(record->info.peer.handle));
    else
        setState(*record, FileTransfer::State::Failed, error.isEmpty() ? tr("The transfer failed") : error);
}

void PurpleFileTransfers::onDestroy(PurpleXfer *xfer)
{
    Record *record = recordOf(xfer);
    m_byXfer.remove(xfer);
    if (!record)
        return;
    if (record->completing)
        finishIncoming(*record);
    record->xfer = nullptr;
    record->offer = nullptr;
    if (!record->info.isFinished()) {
        dropPartFile(*record);
        setState(*record, FileTransfer::State::Failed, tr("The transfer ended unexpectedly"));
    }
}

void PurpleFileTransfers::setState(Record &record, FileTransfer::State state, const QString &error)
{
    if (record.info.state == state && error.isEmpty())
        return;
    record.info.state = state;
    if (!error.isEmpty())
        record.info.error = error;
    emitChanged(record);
}

void PurpleFileTransfers::emitChanged(const Record &record)
{
    if (record.announced)
        Q_EMIT transferChanged(record.info);
}

void PurpleFileTransfers::dropPartFile(Record &record)
{
    if (!record.partPath.isEmpty())
        QFile::remove(std::exchange(record.partPath, QString()));
}

} // namespace crosstalk::protocols
