// SPDX-License-Identifier: GPL-3.0-or-later
// Private to protocols/: libpurple's file transfers (PurpleXfer) as core's FileTransferService.
#pragma once

#include "core/network/filetransferservice.h"

#include <QHash>
#include <QPointer>

typedef struct _PurpleXfer PurpleXfer;

class QTimer;

namespace crosstalk {
class Prompt;
}

namespace crosstalk::protocols {

class PurplePrompts;

/// Implements PurpleXferUiOps. libpurple asks "accept this file?" and "save as?" through the
/// request ui ops with the transfer as user data; this adapter claims those requests from
/// PurplePrompts (they never reach the prompt dialogs) and answers them itself: the offer is
/// held until accept()/decline(), the save-as is answered with a fresh hidden partial file
/// in the download directory, which gets its collision-safe real name only once complete.
/// libpurple reads and writes the file itself (in chunks of at most 64 KiB, on the main
/// thread); progress is read from the transfer every 100 ms, because not every stream
/// method (XMPP in-band bytestreams) reports it.
class PurpleFileTransfers : public FileTransferService
{
    Q_OBJECT
public:
    explicit PurpleFileTransfers(PurplePrompts &prompts, QObject *parent = nullptr);
    ~PurpleFileTransfers() override;

    void installUiOps();

    TransferId sendFile(const BuddyAddress &to, const QString &path, QString *error = nullptr) override;
    bool canSendTo(const BuddyAddress &to) const override;
    bool accept(TransferId id) override;
    void decline(TransferId id) override;
    void cancel(TransferId id) override;
    std::optional<FileTransfer> transfer(TransferId id) const override;
    QList<FileTransfer> transfers() const override;
    QString downloadDirectory() const override { return m_downloadDir; }
    void setDownloadDirectory(const QString &directory) override { m_downloadDir = directory; }

    // PurpleXferUiOps, through file-static trampolines.
    void onNew(PurpleXfer *xfer);
    void onDestroy(PurpleXfer *xfer);
    void onProgress(PurpleXfer *xfer);
    void onCancelled(PurpleXfer *xfer, bool remote);

private:
    struct Record
    {
        FileTransfer info;
        PurpleXfer *xfer = nullptr;
        QPointer<Prompt> offer; ///< libpurple's "accept?" request, while the offer is open
        QString partPath;       ///< incoming: the partial file libpurple writes
        bool announced = false;
        bool cancelRequested = false;
        bool completing = false; ///< incoming: libpurple says done; rename once the file is closed
    };

    bool claim(Prompt &prompt, void *userData);
    Record *recordOf(PurpleXfer *xfer);
    void refresh(Record &record);
    void poll();
    void finishIncoming(Record &record);
    void setState(Record &record, FileTransfer::State state, const QString &error = {});
    void emitChanged(const Record &record);
    void dropPartFile(Record &record);

    PurplePrompts &m_prompts;
    QHash<qint64, Record> m_records;
    QHash<PurpleXfer *, qint64> m_byXfer;
    qint64 m_nextId = 1;
    qint64 m_creating = 0;  ///< the id sendFile is creating (new_xfer attaches to it)
    QString m_pendingError; ///< libpurple's error notice, for the cancel op that follows it
    QString m_sendError;    ///< an error notice raised inside sendFile's call into the prpl
    QString m_downloadDir;
    QTimer *m_poll;
};

} // namespace crosstalk::protocols
