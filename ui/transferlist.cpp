// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/transferlist.h"

#include <QDesktopServices>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace crosstalk::ui {

QString formatBytes(qint64 bytes)
{
    if (bytes < 1024)
        return QObject::tr("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QObject::tr("%1 KB").arg(QString::number(bytes / 1024.0, 'f', bytes < 10 * 1024 ? 1 : 0));
    if (bytes < qint64(1024) * 1024 * 1024)
        return QObject::tr("%1 MB").arg(QString::number(bytes / (1024.0 * 1024.0), 'f', 1));
    return QObject::tr("%1 GB").arg(QString::number(bytes / (1024.0 * 1024.0 * 1024.0), 'f', 2));
}

TransferRow::TransferRow(FileTransferService &service, const FileTransfer &transfer, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_transfer(transfer)
    , m_title(new QLabel(this))
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_accept(new QPushButton(tr("Accept"), this))
    , m_decline(new QPushButton(tr("Decline"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_show(new QPushButton(tr("Show in folder"), this))
    , m_dismiss(new QPushButton(QStringLiteral("✕"), this))
    , m_openFolder([](const QString &dir) { QDesktopServices::openUrl(QUrl::fromLocalFile(dir)); })
{
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);
    m_title->setTextFormat(Qt::PlainText);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_status->setWordWrap(true);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    m_dismiss->setFlat(true);
    m_dismiss->setToolTip(tr("Remove from the list"));
    m_dismiss->setFixedWidth(m_dismiss->sizeHint().height());

    auto *text = new QVBoxLayout;
    text->setSpacing(2);
    text->addWidget(m_title);
    text->addWidget(m_progress);
    text->addWidget(m_status);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addLayout(text, 1);
    layout->addWidget(m_accept);
    layout->addWidget(m_decline);
    layout->addWidget(m_cancel);
    layout->addWidget(m_show);
    layout->addWidget(m_dismiss, 0, Qt::AlignTop);

    connect(m_accept, &QPushButton::clicked, this, [this] { m_service.accept(m_transfer.id); });
    connect(m_decline, &QPushButton::clicked, this, [this] { m_service.decline(m_transfer.id); });
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_service.cancel(m_transfer.id); });
    connect(m_show, &QPushButton::clicked, this,
            [this] { m_openFolder(QFileInfo(m_transfer.localPath).absolutePath()); });
    connect(m_dismiss, &QPushButton::clicked, this, [this] { Q_EMIT dismissed(m_transfer.id); });
    update(transfer);
}

QString TransferRow::statusText() const
{
    return m_status->text();
}

void TransferRow::update(const FileTransfer &t)
{
    m_transfer = t;
    using State = FileTransfer::State;
    const QString size = t.size > 0 ? formatBytes(t.size) : tr("unknown size");
    m_title->setText((t.isIncoming() ? QStringLiteral("⬇ ") : QStringLiteral("⬆ ")) + t.fileName
                     + QStringLiteral("  (") + size + QLatin1Char(')'));
    const int percent = t.size > 0 ? int(std::min<qint64>(100, t.transferred * 100 / t.size)) : 0;
    m_progress->setRange(0, 100);
    m_progress->setValue(t.state == State::Done ? 100 : percent);
    QString status;
    switch (t.state) {
    case State::Offered:
        status = tr("%1 wants to send you this file").arg(t.peer.handle);
        break;
    case State::Waiting:
        status = t.isIncoming() ? tr("Accepted — waiting for the connection…")
                                : tr("Waiting for %1 to accept…").arg(t.peer.handle);
        break;
    case State::Transferring:
        status = tr("%1 of %2 (%3%)").arg(formatBytes(t.transferred), size).arg(percent);
        break;
    case State::Done:
        status = t.isIncoming() ? tr("Saved as %1").arg(t.localPath) : tr("Sent");
        break;
    case State::Declined:
        status = t.error.isEmpty() ? tr("Declined") : tr("Declined: %1").arg(t.error);
        break;
    case State::Cancelled:
        status = tr("Cancelled");
        break;
    case State::Failed:
        status = t.error.isEmpty() ? tr("Failed") : tr("Failed: %1").arg(t.error);
        break;
    }
    m_status->setText(status);
    m_status->setStyleSheet(t.state == State::Failed ? QStringLiteral("color: #c03030;") : QString());
    const bool offered = t.state == State::Offered;
    m_accept->setVisible(offered);
    m_decline->setVisible(offered);
    m_cancel->setVisible(t.state == State::Waiting || t.state == State::Transferring);
    m_progress->setVisible(t.state == State::Waiting || t.state == State::Transferring || t.state == State::Done);
    m_show->setVisible(t.state == State::Done && t.isIncoming());
    m_dismiss->setVisible(t.isFinished());
}

TransferList::TransferList(FileTransferService &service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_layout(new QVBoxLayout(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(2);
    hide();
}

void TransferList::addOrUpdate(const FileTransfer &transfer)
{
    if (TransferRow *existing = m_rows.value(transfer.id.value())) {
        existing->update(transfer);
        return;
    }
    auto *row = new TransferRow(m_service, transfer, this);
    m_rows.insert(transfer.id.value(), row);
    m_layout->addWidget(row);
    connect(row, &TransferRow::dismissed, this, [this](TransferId id) {
        if (TransferRow *r = m_rows.take(id.value()))
            r->deleteLater();
        setVisible(!m_rows.isEmpty());
    });
    show();
}

} // namespace crosstalk::ui
