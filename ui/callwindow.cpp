// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/callwindow.h"

#include "core/calls/callcoordinator.h"
#include "core/calls/calltext.h"
#include "ui/callpeerheader.h"
#include "ui/callqualityindicator.h"
#include "ui/displaytext.h"

#include <QCloseEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

namespace crosstalk::ui {

namespace {

QString number(double v, int decimals = 0)
{
    return QString::number(v, 'f', decimals);
}

} // namespace

CallWindow::CallWindow(calls::CallCoordinator &coordinator, CallKey call, const QString &peerName,
                       const QString &route, const QPixmap &avatar, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_coordinator(coordinator)
    , m_calls(coordinator.service())
    , m_key(call)
    , m_peerName(peerName)
    , m_route(route)
    , m_info(m_calls.call(call))
    , m_header(new CallPeerHeader(peerName, avatar, 56, this))
    , m_note(new QLabel(this))
    , m_quality(new CallQualityIndicator(this))
    , m_qualityWord(new QLabel(this))
    , m_detailsToggle(new QToolButton(this))
    , m_details(new QWidget(this))
    , m_detailsForm(new QFormLayout(m_details))
    , m_mute(new QPushButton(tr("&Mute"), this))
    , m_hold(new QPushButton(tr("H&old"), this))
    , m_devices(new QPushButton(tr("&Devices"), this))
    , m_hangUp(new QPushButton(tr("&Hang up"), this))
{
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Call with %1").arg(displaySafe(peerName, 60)));
    setWindowIcon(QIcon(QStringLiteral(":/icons/call.svg")));

    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);
    m_note->hide();

    m_detailsToggle->setText(tr("Details"));
    m_detailsToggle->setCheckable(true);
    m_detailsToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_detailsToggle->setArrowType(Qt::RightArrow);
    m_detailsToggle->setAutoRaise(true);
    connect(m_detailsToggle, &QToolButton::toggled, this, &CallWindow::showDetails);

    addDetail(tr("Codec"), m_codec);
    addDetail(tr("Bitrate"), m_bitrate);
    addDetail(tr("Packet loss"), m_loss);
    addDetail(tr("Jitter"), m_jitter);
    addDetail(tr("Round trip"), m_rtt);
    addDetail(tr("Quality (MOS)"), m_mos);
    addDetail(tr("Route"), m_routeDetail);
    addDetail(tr("Transport"), m_transport);
    addDetail(tr("Encryption"), m_encryption);
    m_detailsForm->setContentsMargins(0, 4, 0, 4);
    m_details->hide();

    for (QPushButton *b : {m_mute, m_hold})
        b->setCheckable(true);
    connect(m_mute, &QPushButton::toggled, this, [this](bool on) { m_calls.setMuted(m_key, on); });
    connect(m_hold, &QPushButton::toggled, this, [this](bool on) { m_calls.setHeld(m_key, on); });
    m_devices->setCheckable(true);
    m_devices->setEnabled(false); // until the audio layer gives its picker
    connect(m_devices, &QPushButton::toggled, this, [this](bool on) {
        if (m_devicePanel)
            m_devicePanel->setVisible(on);
        adjustSize();
    });
    m_hangUp->setStyleSheet(QStringLiteral(
        "QPushButton { background: #d93f3f; color: white; border: none; border-radius: 4px; padding: 5px 16px; }"
        "QPushButton:pressed { background: #b02f2f; }"));
    connect(m_hangUp, &QPushButton::clicked, this, [this] {
        if (m_ended)
            close();
        else
            m_coordinator.hangUp(m_key);
    });

    auto *qualityRow = new QHBoxLayout;
    qualityRow->addWidget(m_quality);
    qualityRow->addWidget(m_qualityWord);
    qualityRow->addStretch();
    qualityRow->addWidget(m_detailsToggle);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_mute);
    buttons->addWidget(m_hold);
    buttons->addWidget(m_devices);
    buttons->addStretch();
    buttons->addWidget(m_hangUp);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 16, 16, 12);
    layout->addWidget(m_header);
    layout->addSpacing(6);
    layout->addWidget(m_note);
    layout->addLayout(qualityRow);
    layout->addWidget(m_details);
    layout->addLayout(buttons);
    layout->setSizeConstraint(QLayout::SetFixedSize); // shrinks back when a panel closes
    m_header->setMinimumWidth(300);

    connect(&m_calls, &CallService::callChanged, this, &CallWindow::onChanged);
    connect(&m_calls, &CallService::callEnded, this, &CallWindow::onEnded);
    m_poll.setInterval(500);
    connect(&m_poll, &QTimer::timeout, this, &CallWindow::poll);
    m_poll.start();
    m_close.setSingleShot(true);
    connect(&m_close, &QTimer::timeout, this, &QWidget::close);
    refresh();
    poll();
    if (m_info.state == CallState::Ended)
        onEnded(m_info); // it ended before the window came up
}

CallWindow::~CallWindow() = default;

void CallWindow::addDetail(const QString &label, QLabel *&value)
{
    value = new QLabel(QStringLiteral("—"), m_details);
    value->setTextFormat(Qt::PlainText);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detailsForm->addRow(label + QLatin1Char(':'), value);
}

void CallWindow::setDevicePanel(QWidget *panel)
{
    delete m_devicePanel;
    m_devicePanel = panel;
    if (!panel) {
        m_devices->setEnabled(false);
        return;
    }
    panel->setParent(this);
    auto *layout = qobject_cast<QVBoxLayout *>(this->layout());
    layout->insertWidget(layout->count() - 1, panel);
    panel->setVisible(m_devices->isChecked());
    m_devices->setEnabled(true);
}

void CallWindow::setAvatar(const QPixmap &avatar)
{
    m_header->setAvatar(avatar);
}

void CallWindow::showDetails(bool shown)
{
    {
        const QSignalBlocker block(m_detailsToggle);
        m_detailsToggle->setChecked(shown);
    }
    m_detailsToggle->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
    m_details->setVisible(shown);
}

void CallWindow::onChanged(const CallInfo &call)
{
    if (call.key != m_key || m_ended)
        return;
    m_info = call;
    refresh();
}

void CallWindow::onEnded(const CallInfo &call)
{
    if (call.key != m_key)
        return;
    const bool first = !m_ended;
    m_info = call;
    m_ended = true;
    m_poll.stop();
    refresh();
    if (!first)
        return;
    for (QPushButton *b : {m_mute, m_hold, m_devices})
        b->setEnabled(false);
    m_quality->setQuality({}); // no live figures on a call that is over
    m_qualityWord->clear();
    m_hangUp->setText(tr("&Close"));
    m_hangUp->setStyleSheet({});
    if (m_devicePanel)
        m_devicePanel->hide();
    Q_EMIT ended(m_key);
    if (m_closeDelayMs > 0)
        m_close.start(m_closeDelayMs);
}

void CallWindow::refresh()
{
    {
        const QSignalBlocker m(m_mute), h(m_hold);
        m_mute->setChecked(m_info.muted);
        m_hold->setChecked(m_info.held);
    }
    m_mute->setText(m_info.muted ? tr("Un&mute") : tr("&Mute"));
    m_hold->setText(m_info.held ? tr("Res&ume") : tr("H&old"));
    const bool live = m_info.state != CallState::Ended;
    // Hold needs a media session to hold; before the answer there is none.
    m_hold->setEnabled(live && (m_info.state == CallState::Active || m_info.state == CallState::Connecting));
    m_mute->setEnabled(live);

    m_header->lineOne()->setText(currentStateText());
    m_header->lineTwo()->setText(routeText());
    const QString note = noteText();
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

void CallWindow::poll()
{
    if (m_ended)
        return;
    const CallQuality q = m_calls.quality(m_key);
    m_quality->setQuality(q);
    m_qualityWord->setText(m_info.state == CallState::Active ? CallQualityIndicator::wordFor(m_quality->bars())
                                                             : QString());
    Q_EMIT inputLevel(q.inputLevel);

    const bool measured = !q.codec.isEmpty();
    m_codec->setText(measured ? q.codec : QStringLiteral("—"));
    m_bitrate->setText(measured ? tr("%1 kbit/s out, %2 kbit/s in").arg(number(q.sendKbps), number(q.receiveKbps))
                                : QStringLiteral("—"));
    m_loss->setText(measured ? tr("%1 %").arg(number(q.lossPercent, 1)) : QStringLiteral("—"));
    m_jitter->setText(measured ? tr("%1 ms (buffer %2 ms)").arg(number(q.jitterMs, 1)).arg(q.jitterBufferMs)
                               : QStringLiteral("—"));
    m_rtt->setText(q.rttMs >= 0 ? tr("%1 ms").arg(number(q.rttMs)) : tr("not measured yet"));
    m_mos->setText(q.mos > 0 ? tr("%1 of 4.5").arg(number(q.mos, 1)) : tr("not measured yet"));
    m_routeDetail->setText(m_route);
    m_transport->setText(q.transport.isEmpty() ? tr("not connected yet") : q.transport);
    m_encryption->setText(q.encrypted ? tr("Encrypted (SRTP)")
                                      : tr("Not encrypted — libpurple's Jingle has no DTLS-SRTP"));
    const bool deviceWas = m_lastDeviceFailed;
    m_lastDeviceFailed = q.deviceFailed;
    if (deviceWas != q.deviceFailed || m_info.state == CallState::Active)
        refresh(); // the timer ticks, the device note comes and goes
}

QString CallWindow::stateText() const
{
    return m_header->lineOne()->text();
}

QString CallWindow::currentStateText() const
{
    if (m_info.state == CallState::Ended)
        return calls::endReasonText(m_info, m_peerName);
    if (m_info.state == CallState::Active && m_info.answeredAt.isValid()) {
        const QString time = calls::durationText(m_info.answeredAt.secsTo(QDateTime::currentDateTimeUtc()));
        return m_info.held ? tr("On hold  %1").arg(time) : tr("Connected  %1").arg(time);
    }
    return calls::stateText(m_info.state);
}

QString CallWindow::routeText() const
{
    return tr("via %1 · not encrypted").arg(m_route);
}

QString CallWindow::noteText() const
{
    if (m_info.state == CallState::Ended)
        return {};
    if (m_lastDeviceFailed)
        return tr("The audio device is unavailable: the call is connected, but without sound here.");
    if (m_info.remoteHeld)
        return tr("%1 put the call on hold.").arg(displaySafe(m_peerName, 60));
    if (m_info.held)
        return tr("You put the call on hold.");
    if (m_info.muted)
        return tr("Your microphone is muted.");
    return {};
}

bool CallWindow::isDetailsShown() const
{
    return m_details->isVisibleTo(this);
}

QString CallWindow::detailsText() const
{
    QStringList lines;
    for (int row = 0; row < m_detailsForm->rowCount(); ++row) {
        auto *label = qobject_cast<QLabel *>(m_detailsForm->itemAt(row, QFormLayout::LabelRole)->widget());
        auto *value = qobject_cast<QLabel *>(m_detailsForm->itemAt(row, QFormLayout::FieldRole)->widget());
        if (label && value)
            lines << label->text() + QLatin1Char(' ') + value->text();
    }
    return lines.join(QLatin1Char('\n'));
}

int CallWindow::qualityBars() const
{
    return m_quality->bars();
}

void CallWindow::closeEvent(QCloseEvent *event)
{
    if (!m_ended)
        m_coordinator.hangUp(m_key);
    event->accept();
}

} // namespace crosstalk::ui
