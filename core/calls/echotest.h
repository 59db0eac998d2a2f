// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/calls/audiodevicechoice.h"
#include "core/voice/callstats.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <thread>

namespace crosstalk::calls {

/// The local test call ("echo123" on the machine): microphone -> the engine (capture DSP, Opus,
/// RTP) -> loopback UDP -> a reflector that returns every packet about a second later -> the
/// engine's jitter buffer and decoder -> speaker. The user hears what a peer would hear, one
/// second late, and sees the engine's statistics. Opening and closing the device (hundreds of ms
/// with PortAudio) happen on a worker: start()/stop() return at once, stateChanged() follows.
class EchoTest : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Starting, Running, Stopping, Failed };
    Q_ENUM(State)

    struct Options
    {
        /// What the user hears: own voice this much later (the reflector holds packets for
        /// this minus the engine's own latency, about 40 ms with 20 ms frames).
        int echoDelayMs = 1000;
        /// Echo cancellation etc. as in a call; also keeps the speaker's output from being
        /// reflected again and again.
        bool processing = true;
    };

    explicit EchoTest(AudioDeviceFactory factory, QObject *parent = nullptr);
    EchoTest(AudioDeviceFactory factory, Options options, QObject *parent = nullptr);
    ~EchoTest() override;

    void start();
    void stop();
    State state() const { return m_state; }
    /// Why the test failed (device missing, no port...); empty otherwise.
    QString errorText() const { return m_error; }
    /// The engine's statistics of the running test (zeros when idle). Any time on this thread.
    voice::CallStats stats() const;
    double inputLevel() const { return m_level; }
    int echoDelayMs() const { return m_options.echoDelayMs; }
    bool processing() const { return m_options.processing; }
    /// "Speak — you will hear yourself 1 s later", "Starting…", ...
    static QString stateText(State state, int echoDelayMs = 1000);

Q_SIGNALS:
    void stateChanged(crosstalk::calls::EchoTest::State state);
    /// The microphone level 0..1, about 20 times a second while running.
    void levelChanged(double level);
    /// About once a second while running.
    void statsUpdated(const crosstalk::voice::CallStats &stats);

private:
    struct Call;
    void setState(State state, const QString &error = {});
    void onStarted(std::shared_ptr<Call> call, const QString &error);
    void poll();
    void joinControl();

    AudioDeviceFactory m_factory;
    Options m_options;
    State m_state = State::Idle;
    QString m_error;
    std::shared_ptr<Call> m_call;
    std::thread m_control;
    QTimer m_timer;
    int m_polls = 0;
    double m_level = 0;
    bool m_stopWhenStarted = false;
};

} // namespace crosstalk::calls
