// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/testcalldialog.h"

#include "core/calls/echotest.h"
#include "ui/audiodevicepicker.h"

#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace crosstalk::ui {

TestCallDialog::TestCallDialog(calls::AudioDeviceChoice &choice, calls::EchoTest &echoTest, QWidget *parent)
    : QDialog(parent)
    , m_test(echoTest)
    , m_picker(new AudioDevicePicker(choice, this))
    , m_state(new QLabel(this))
    , m_details(new QLabel(this))
    , m_startStop(new QPushButton(this))
{
    setWindowTitle(tr("Test call"));
    setAttribute(Qt::WA_DeleteOnClose, false);
    m_state->setObjectName(QStringLiteral("testCallState"));
    m_state->setWordWrap(true);
    QFont big = m_state->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_state->setFont(big);
    m_details->setObjectName(QStringLiteral("testCallDetails"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_startStop->setObjectName(QStringLiteral("testCallStartStop"));
    m_startStop->setDefault(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_startStop, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_picker);
    layout->addSpacing(8);
    layout->addWidget(m_state);
    layout->addWidget(m_details);
    layout->addStretch(1);
    layout->addWidget(buttons);

    connect(m_startStop, &QPushButton::clicked, this, [this] {
        if (m_test.state() == calls::EchoTest::State::Running || m_test.state() == calls::EchoTest::State::Starting)
            m_test.stop();
        else
            m_test.start();
    });
    connect(&m_test, &calls::EchoTest::stateChanged, this, &TestCallDialog::updateState);
    connect(&m_test, &calls::EchoTest::levelChanged, m_picker, &AudioDevicePicker::setLevel);
    connect(&m_test, &calls::EchoTest::statsUpdated, this, [this](const voice::CallStats &s) {
        m_details->setText(tr("Opus %1 kb/s · jitter buffer %2 ms · concealed %3 · %4")
                               .arg(s.encoderBitrate / 1000)
                               .arg(s.jitterBufferMs)
                               .arg(s.concealedFrames)
                               .arg(m_test.processing() ? tr("echo cancellation on") : tr("no echo cancellation")));
    });
    updateState();
}

TestCallDialog::~TestCallDialog()
{
    m_test.stop();
}

void TestCallDialog::closeEvent(QCloseEvent *event)
{
    m_test.stop(); // returns at once; the device closes on a worker
    QDialog::closeEvent(event);
}

void TestCallDialog::updateState()
{
    const calls::EchoTest::State state = m_test.state();
    QString text = calls::EchoTest::stateText(state, m_test.echoDelayMs());
    if (state == calls::EchoTest::State::Failed && !m_test.errorText().isEmpty())
        text += QLatin1Char('\n') + m_test.errorText();
    m_state->setText(text);
    const bool active = state == calls::EchoTest::State::Running || state == calls::EchoTest::State::Starting;
    m_startStop->setText(active ? tr("&Stop test") : tr("&Start test"));
    m_startStop->setEnabled(state != calls::EchoTest::State::Stopping);
    // The test call owns the microphone while it runs: the picker shows its level instead of
    // opening the device a second time.
    m_picker->setOwnMeter(!active && state != calls::EchoTest::State::Stopping);
    if (!active)
        m_details->clear();
}

} // namespace crosstalk::ui
