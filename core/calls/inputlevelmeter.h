// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace crosstalk::voice {
class AudioDevice;
}

namespace crosstalk::calls {

/// A live microphone level for the device picker while no call holds the microphone. A worker
/// thread opens the device (PortAudio's start can take hundreds of ms), reads its blocks and
/// measures them; the UI thread only reads an atomic on a timer and emits levelChanged(0..1)
/// about 20 times a second. start()/stop() return at once: a stopped worker winds down on its
/// own and is joined when the meter is destroyed.
class InputLevelMeter : public QObject
{
    Q_OBJECT
public:
    /// Opens the microphone to measure (capture only); called on the worker.
    using Opener = std::function<std::unique_ptr<voice::AudioDevice>(std::string &error)>;

    explicit InputLevelMeter(Opener opener, QObject *parent = nullptr);
    ~InputLevelMeter() override;

    void start();
    void stop();
    bool running() const { return m_state != nullptr; }
    double level() const { return m_level; }

Q_SIGNALS:
    void levelChanged(double level);
    /// The microphone could not be opened or failed while metering.
    void failed(const QString &reason);

private:
    struct State;
    void poll();

    Opener m_opener;
    QTimer m_timer;
    std::shared_ptr<State> m_state;
    std::vector<std::thread> m_workers; // finished or winding down; joined in the destructor
    double m_level = 0;
};

} // namespace crosstalk::calls
