// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;

namespace crosstalk::calls {
class AudioDeviceChoice;
class InputLevelMeter;
} // namespace crosstalk::calls

namespace crosstalk::ui {

/// Microphone and speaker combo boxes with a live input level bar, for the call window and the
/// test-call dialog. The lists come from AudioDeviceChoice (enumerated off the UI thread); a pick
/// is saved there at once and used by the next call or echo test.
///
/// The level bar: while no call holds the device, the picker runs its own InputLevelMeter on the
/// chosen microphone whenever it is visible (a worker reads the device; the UI never waits). During
/// a call the call owns the microphone: turn the own meter off (setOwnMeter(false)) and feed the
/// call's capture level through setLevel().
class AudioDevicePicker : public QWidget
{
    Q_OBJECT
public:
    explicit AudioDevicePicker(calls::AudioDeviceChoice &choice, QWidget *parent = nullptr);
    ~AudioDevicePicker() override;

    void setOwnMeter(bool on);
    bool ownMeter() const { return m_ownMeterWanted; }
    /// The level now shown, 0..1.
    double level() const { return m_level; }

public Q_SLOTS:
    /// Shows `level` (0..1, e.g. from a running call) on the bar.
    void setLevel(double level);

Q_SIGNALS:
    /// The user picked a device (the id is already saved in AudioDeviceChoice).
    void inputChosen(const QString &id);
    void outputChosen(const QString &id);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void fillLists();
    void restartMeter();

    calls::AudioDeviceChoice &m_choice;
    QComboBox *m_input;
    QComboBox *m_output;
    QProgressBar *m_levelBar;
    QLabel *m_note;
    calls::InputLevelMeter *m_meter = nullptr;
    bool m_ownMeterWanted = true;
    bool m_filling = false;
    double m_level = 0;
};

} // namespace crosstalk::ui
