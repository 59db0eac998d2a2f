// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/incomingcalldialog.h"

#include "ui/callpeerheader.h"

#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QScreen>
#include <QVBoxLayout>

namespace crosstalk::ui {

IncomingCallDialog::IncomingCallDialog(CallService &calls, const CallInfo &call, const QString &callerName,
                                       const QString &route, bool busy, const QPixmap &avatar, QWidget *parent)
    : QWidget(parent, Qt::Tool | Qt::FramelessWindowHint | Qt::WindowStaysOnTopHint)
    , m_key(call.key)
    , m_header(new CallPeerHeader(callerName, avatar, 48, this))
    , m_answer(new QPushButton(this))
    , m_decline(new QPushButton(tr("&Decline"), this))
{
    setAttribute(Qt::WA_DeleteOnClose);
    setAttribute(Qt::WA_ShowWithoutActivating); // never steals the keyboard from a chat
    setWindowTitle(tr("Incoming call"));
    m_header->lineOne()->setText(tr("Incoming call"));
    m_header->lineTwo()->setText(tr("via %1").arg(route));

    m_answer->setStyleSheet(QStringLiteral(
        "QPushButton { background: #22a04b; color: white; border: none; border-radius: 4px; padding: 5px 16px; }"
        "QPushButton:pressed { background: #1a7f3b; }"));
    m_answer->setDefault(true);
    setBusy(busy);
    connect(m_answer, &QPushButton::clicked, this, [this] { Q_EMIT answerRequested(m_key); });
    connect(m_decline, &QPushButton::clicked, this, [this] { Q_EMIT declineRequested(m_key); });

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_decline);
    buttons->addWidget(m_answer);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 14, 16, 14);
    layout->addWidget(m_header);
    layout->addSpacing(8);
    layout->addLayout(buttons);
    setMinimumWidth(340);

    // Gone when the call stops ringing, whoever stopped it.
    connect(&calls, &CallService::callChanged, this, [this](const CallInfo &c) {
        if (c.key == m_key && c.state != CallState::Ringing)
            close();
    });
    connect(&calls, &CallService::callEnded, this, [this](const CallInfo &c) {
        if (c.key == m_key)
            close();
    });
}

void IncomingCallDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_answer->setText(busy ? tr("End call and &answer") : tr("&Answer"));
    m_header->lineOne()->setText(busy ? tr("Incoming call — you are in another call") : tr("Incoming call"));
}

void IncomingCallDialog::setAvatar(const QPixmap &avatar)
{
    m_header->setAvatar(avatar);
}

QString IncomingCallDialog::callerText() const
{
    return m_header->nameLabel()->text();
}

QString IncomingCallDialog::routeText() const
{
    return m_header->lineTwo()->text();
}

void IncomingCallDialog::placeInCorner()
{
    adjustSize();
    if (const QScreen *screen = QGuiApplication::primaryScreen()) {
        const QRect area = screen->availableGeometry();
        move(area.right() - width() - 16, area.bottom() - height() - 16);
    }
}

void IncomingCallDialog::paintEvent(QPaintEvent *)
{
    // Frameless: a rounded card with a hairline, so it reads as a toast on any desktop.
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QColor line = palette().color(QPalette::WindowText);
    line.setAlphaF(0.25);
    p.setPen(line);
    p.setBrush(palette().color(QPalette::Window));
    p.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8);
}

} // namespace crosstalk::ui
