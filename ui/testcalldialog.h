// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QLabel;
class QProgressBar;
class QPushButton;

namespace crosstalk::calls {
class AudioDeviceChoice;
class EchoTest;
} // namespace crosstalk::calls

namespace crosstalk::ui {

class AudioDevicePicker;

/// "Test call": pick the microphone and speaker, start the echo test, hear yourself a second
/// later with the engine in the loop, see the level and what the engine measures. Non-modal.
class TestCallDialog : public QDialog
{
    Q_OBJECT
public:
    /// `echoTest` may be shared with nobody else while the dialog lives; both outlive nothing.
    TestCallDialog(calls::AudioDeviceChoice &choice, calls::EchoTest &echoTest, QWidget *parent = nullptr);
    ~TestCallDialog() override;

    AudioDevicePicker *picker() const { return m_picker; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void updateState();

    calls::EchoTest &m_test;
    AudioDevicePicker *m_picker;
    QLabel *m_state;
    QLabel *m_details;
    QPushButton *m_startStop;
};

} // namespace crosstalk::ui
