// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/audiodevicepicker.h"

#include "core/calls/audiodevicechoice.h"
#include "core/calls/inputlevelmeter.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

namespace crosstalk::ui {

namespace {

void fillCombo(QComboBox *combo, const QList<voice::DeviceInfo> &devices, const QString &chosen)
{
    combo->clear();
    combo->addItem(calls::AudioDeviceChoice::label({}), QString());
    bool found = chosen.isEmpty();
    for (const voice::DeviceInfo &d : devices) {
        const QString id = QString::fromStdString(d.id);
        combo->addItem(calls::AudioDeviceChoice::label(id), id);
        found = found || id == chosen;
    }
    if (!found) // remembered but not connected now: keep it visible, say so
        combo->addItem(AudioDevicePicker::tr("%1 — not connected").arg(calls::AudioDeviceChoice::label(chosen)), chosen);
    combo->setCurrentIndex(std::max(0, combo->findData(chosen)));
}

} // namespace

AudioDevicePicker::AudioDevicePicker(calls::AudioDeviceChoice &choice, QWidget *parent)
    : QWidget(parent)
    , m_choice(choice)
    , m_input(new QComboBox(this))
    , m_output(new QComboBox(this))
    , m_levelBar(new QProgressBar(this))
    , m_note(new QLabel(this))
{
    m_input->setObjectName(QStringLiteral("audioInput"));
    m_output->setObjectName(QStringLiteral("audioOutput"));
    m_levelBar->setObjectName(QStringLiteral("inputLevel"));
    m_levelBar->setRange(0, 100);
    m_levelBar->setTextVisible(false);
    m_levelBar->setMaximumHeight(10);
    m_levelBar->setAccessibleName(tr("Microphone level"));
    m_note->setWordWrap(true);
    m_note->setVisible(false);
    m_note->setObjectName(QStringLiteral("audioNote"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Microphone:"), m_input);
    form->addRow(QString(), m_levelBar);
    form->addRow(tr("&Speaker:"), m_output);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_note);

    m_meter = new calls::InputLevelMeter([&choice](std::string &error) { return choice.openInput(error); }, this);
    connect(m_meter, &calls::InputLevelMeter::levelChanged, this, [this](double level) {
        if (m_ownMeterWanted)
            setLevel(level);
    });
    connect(m_meter, &calls::InputLevelMeter::failed, this, [this](const QString &reason) {
        m_note->setText(tr("The microphone could not be opened: %1").arg(reason));
        m_note->setVisible(true);
    });

    connect(&m_choice, &calls::AudioDeviceChoice::devicesChanged, this, &AudioDevicePicker::fillLists);
    connect(&m_choice, &calls::AudioDeviceChoice::fallbackUsed, this, [this](const QString &note) {
        m_note->setText(note);
        m_note->setVisible(true);
    });
    connect(m_input, &QComboBox::currentIndexChanged, this, [this] {
        if (m_filling)
            return;
        const QString id = m_input->currentData().toString();
        m_choice.setInput(id);
        m_note->setVisible(false);
        restartMeter();
        Q_EMIT inputChosen(id);
    });
    connect(m_output, &QComboBox::currentIndexChanged, this, [this] {
        if (m_filling)
            return;
        const QString id = m_output->currentData().toString();
        m_choice.setOutput(id);
        Q_EMIT outputChosen(id);
    });
    fillLists();
}

AudioDevicePicker::~AudioDevicePicker() = default;

void AudioDevicePicker::fillLists()
{
    m_filling = true;
    fillCombo(m_input, m_choice.inputs(), m_choice.input());
    fillCombo(m_output, m_choice.outputs(), m_choice.output());
    m_filling = false;
    const bool empty = m_choice.inputs().isEmpty() && m_choice.outputs().isEmpty();
    if (m_choice.listing() && empty) {
        m_input->setPlaceholderText(tr("Looking for devices…"));
    } else if (!m_choice.listError().isEmpty()) {
        m_note->setText(tr("Audio devices could not be listed: %1").arg(m_choice.listError()));
        m_note->setVisible(true);
    }
}

void AudioDevicePicker::setOwnMeter(bool on)
{
    m_ownMeterWanted = on;
    restartMeter();
}

void AudioDevicePicker::setLevel(double level)
{
    m_level = std::clamp(level, 0.0, 1.0);
    m_levelBar->setValue(int(m_level * 100.0 + 0.5));
}

void AudioDevicePicker::restartMeter()
{
    m_meter->stop();
    if (m_ownMeterWanted && isVisible())
        m_meter->start();
}

void AudioDevicePicker::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    restartMeter();
}

void AudioDevicePicker::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_meter->stop();
}

} // namespace crosstalk::ui
