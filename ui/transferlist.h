// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/network/filetransferservice.h"

#include <QHash>
#include <QWidget>

#include <functional>

class QLabel;
class QProgressBar;
class QPushButton;
class QVBoxLayout;

namespace crosstalk::ui {

/// One file transfer in a conversation: name and size, Accept/Decline for an offer (inline,
/// never a modal dialog), a progress bar with Cancel while it runs, and how it ended.
class TransferRow : public QWidget
{
    Q_OBJECT
public:
    TransferRow(FileTransferService &service, const FileTransfer &transfer, QWidget *parent = nullptr);

    void update(const FileTransfer &transfer);
    const FileTransfer &transfer() const { return m_transfer; }
    QPushButton &acceptButton() { return *m_accept; }
    QPushButton &declineButton() { return *m_decline; }
    QPushButton &cancelButton() { return *m_cancel; }
    QPushButton &dismissButton() { return *m_dismiss; }
    QProgressBar &progress() { return *m_progress; }
    QString statusText() const;

    /// Opens a finished download's folder (tests record it instead).
    void setFolderOpener(std::function<void(const QString &)> opener) { m_openFolder = std::move(opener); }

Q_SIGNALS:
    void dismissed(crosstalk::TransferId id);

private:
    FileTransferService &m_service;
    FileTransfer m_transfer;
    QLabel *m_title;
    QLabel *m_status;
    QProgressBar *m_progress;
    QPushButton *m_accept;
    QPushButton *m_decline;
    QPushButton *m_cancel;
    QPushButton *m_show;
    QPushButton *m_dismiss;
    std::function<void(const QString &)> m_openFolder;
};

/// The transfers of one conversation, stacked above the input. Finished rows stay until
/// dismissed, so "done" and "failed: why" remain readable.
class TransferList : public QWidget
{
    Q_OBJECT
public:
    explicit TransferList(FileTransferService &service, QWidget *parent = nullptr);

    void addOrUpdate(const FileTransfer &transfer);
    TransferRow *row(TransferId id) const { return m_rows.value(id.value()); }
    int count() const { return int(m_rows.size()); }

private:
    FileTransferService &m_service;
    QVBoxLayout *m_layout;
    QHash<qint64, TransferRow *> m_rows;
};

/// "1.4 MB", "512 KB", "12 B".
QString formatBytes(qint64 bytes);

} // namespace crosstalk::ui
