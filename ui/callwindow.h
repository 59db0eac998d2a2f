// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/network/callservice.h"

#include <QPixmap>
#include <QTimer>
#include <QWidget>

class QFormLayout;
class QLabel;
class QPushButton;
class QToolButton;

namespace crosstalk::calls {
class CallCoordinator;
}

namespace crosstalk::ui {

class CallPeerHeader;
class CallQualityIndicator;

/// One call: who, its state ("Calling…", "Ringing…", "Connected 0:42"), the route, mute,
/// hold, devices and hang up; a quality indicator polled from the engine every 500 ms with a
/// details panel (codec, bitrate, loss, jitter, round trip, MOS, route, encryption). When
/// the call ends the window says why (calltext's wording) and closes itself a few seconds
/// later. Closing it during a call hangs up: there is no call without its window.
class CallWindow : public QWidget
{
    Q_OBJECT
public:
    CallWindow(calls::CallCoordinator &coordinator, CallKey call, const QString &peerName, const QString &route,
               const QPixmap &avatar = {}, QWidget *parent = nullptr);
    ~CallWindow() override;

    CallKey call() const { return m_key; }
    /// How long the ended call stays on screen (default 4 s; 0 keeps it open).
    void setCloseDelay(int ms) { m_closeDelayMs = ms; }
    /// The device picker (the audio layer's widget) shown under "Devices".
    void setDevicePanel(QWidget *panel);
    void setAvatar(const QPixmap &avatar);
    void showDetails(bool shown);

    // What the window shows, for tests and screenshots.
    QString stateText() const; ///< the line under the name, as shown
    QString routeText() const;
    QString noteText() const;
    bool isDetailsShown() const;
    QString detailsText() const;
    int qualityBars() const;
    QPushButton *muteButton() const { return m_mute; }
    QPushButton *holdButton() const { return m_hold; }
    QPushButton *hangUpButton() const { return m_hangUp; }
    QToolButton *detailsButton() const { return m_detailsToggle; }

Q_SIGNALS:
    /// The microphone's level during the call (0..1), for the device panel's meter.
    void inputLevel(double level);
    void ended(crosstalk::CallKey call);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void onChanged(const CallInfo &call);
    void onEnded(const CallInfo &call);
    void refresh();
    void poll();
    QString currentStateText() const;
    void addDetail(const QString &label, QLabel *&value);

    calls::CallCoordinator &m_coordinator;
    CallService &m_calls;
    CallKey m_key;
    QString m_peerName;
    QString m_route;
    CallInfo m_info;
    int m_closeDelayMs = 4000;
    bool m_ended = false;
    bool m_lastDeviceFailed = false;

    CallPeerHeader *m_header;
    QLabel *m_note;
    CallQualityIndicator *m_quality;
    QLabel *m_qualityWord;
    QToolButton *m_detailsToggle;
    QWidget *m_details;
    QFormLayout *m_detailsForm;
    QLabel *m_codec = nullptr;
    QLabel *m_bitrate = nullptr;
    QLabel *m_loss = nullptr;
    QLabel *m_jitter = nullptr;
    QLabel *m_rtt = nullptr;
    QLabel *m_mos = nullptr;
    QLabel *m_routeDetail = nullptr;
    QLabel *m_transport = nullptr;
    QLabel *m_encryption = nullptr;
    QPushButton *m_mute;
    QPushButton *m_hold;
    QPushButton *m_devices;
    QPushButton *m_hangUp;
    QWidget *m_devicePanel = nullptr;
    QTimer m_poll;
    QTimer m_close;
};

} // namespace crosstalk::ui
