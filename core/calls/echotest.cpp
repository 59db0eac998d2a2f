// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/calls/echotest.h"

#include "core/calls/meteredaudiodevice.h"
#include "core/calls/packetreflector.h"
#include "core/voice/audioprocessor.h"
#include "core/voice/callsession.h"

#include <QCoreApplication>
#include <QLocale>
#include <QMetaObject>

#include <algorithm>

namespace crosstalk::calls {

namespace {
// The engine's own one-way latency with 20 ms frames on loopback (net_latency_bench: ~32-40 ms),
// taken off the reflector's hold so the echo lands near the promised delay.
constexpr int kEngineLatencyMs = 40;
} // namespace

struct EchoTest::Call
{
    std::unique_ptr<MeteredAudioDevice> device;
    std::unique_ptr<voice::AudioProcessor> processor;
    std::unique_ptr<PacketReflector> reflector;
    std::unique_ptr<voice::CallSession> session;

    void close()
    {
        if (session)
            session->stop(); // stops the device too
        if (reflector)
            reflector->stop();
        session.reset();
        processor.reset();
        device.reset();
    }
};

EchoTest::EchoTest(AudioDeviceFactory factory, QObject *parent)
    : EchoTest(std::move(factory), Options{}, parent)
{
}

EchoTest::EchoTest(AudioDeviceFactory factory, Options options, QObject *parent)
    : QObject(parent)
    , m_factory(std::move(factory))
    , m_options(options)
{
    m_timer.setInterval(50);
    connect(&m_timer, &QTimer::timeout, this, &EchoTest::poll);
}

EchoTest::~EchoTest()
{
    joinControl();
    if (m_call)
        m_call->close(); // at destruction only: waiting here beats leaking a running stream
}

void EchoTest::joinControl()
{
    if (m_control.joinable())
        m_control.join();
}

QString EchoTest::stateText(State state, int echoDelayMs)
{
    switch (state) {
    case State::Idle:
        return QCoreApplication::translate("EchoTest", "Test call: check your microphone and speaker.");
    case State::Starting:
        return QCoreApplication::translate("EchoTest", "Starting…");
    case State::Running:
        return QCoreApplication::translate("EchoTest", "Speak — you will hear yourself %1 s later.")
            .arg(QLocale().toString(echoDelayMs / 1000.0, 'g', 2));
    case State::Stopping:
        return QCoreApplication::translate("EchoTest", "Stopping…");
    case State::Failed:
        return QCoreApplication::translate("EchoTest", "The test call could not start.");
    }
    return {};
}

void EchoTest::setState(State state, const QString &error)
{
    m_error = error;
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void EchoTest::start()
{
    if (m_state == State::Starting || m_state == State::Running) {
        m_stopWhenStarted = false;
        return;
    }
    if (m_state == State::Stopping)
        return; // the stop in progress posts Idle; start again then
    joinControl();
    m_stopWhenStarted = false;
    setState(State::Starting);
    const AudioDeviceFactory factory = m_factory;
    const Options options = m_options;
    m_control = std::thread([this, factory, options] {
        auto call = std::make_shared<Call>();
        std::string error;
        auto open = [&]() -> bool {
            std::unique_ptr<voice::AudioDevice> raw = factory ? factory(error) : nullptr;
            if (!raw) {
                if (error.empty())
                    error = "no audio device";
                return false;
            }
            call->device = std::make_unique<MeteredAudioDevice>(std::move(raw));
            call->reflector = std::make_unique<PacketReflector>(std::max(0, options.echoDelayMs - kEngineLatencyMs));
            if (!call->reflector->start(error))
                return false;
            voice::CallSession::Options so;
            so.cname = "echo-test@localhost";
            if (options.processing) {
                call->processor = std::make_unique<voice::AudioProcessor>();
                so.processor = call->processor.get();
            }
            call->session = std::make_unique<voice::CallSession>(*call->device, so);
            voice::MediaDescription local;
            local.candidates = {voice::TransportCandidate{"127.0.0.1", 0, 1}};
            if (!call->session->open(local, error))
                return false;
            // The far end is ourselves, one second later: same codec, our own SSRC.
            voice::MediaDescription remote = call->session->localDescription();
            remote.candidates = {voice::TransportCandidate{"127.0.0.1", call->reflector->port(), 1}};
            return call->session->start(remote, error);
        };
        const bool ok = open();
        if (!ok)
            call->close();
        const QString reason = ok ? QString() : QString::fromStdString(error);
        // Delivered on this object's thread; the destructor joins this thread first.
        QMetaObject::invokeMethod(
            this, [this, call, ok, reason] { onStarted(ok ? call : nullptr, reason); }, Qt::QueuedConnection);
    });
}

void EchoTest::onStarted(std::shared_ptr<Call> call, const QString &error)
{
    joinControl();
    if (!call) {
        setState(State::Failed, error);
        return;
    }
    m_call = std::move(call);
    m_polls = 0;
    m_timer.start();
    setState(State::Running);
    if (m_stopWhenStarted)
        stop();
}

void EchoTest::stop()
{
    if (m_state == State::Starting) {
        m_stopWhenStarted = true;
        return;
    }
    if (m_state != State::Running)
        return;
    m_timer.stop();
    m_level = 0;
    Q_EMIT levelChanged(0);
    setState(State::Stopping);
    joinControl();
    std::shared_ptr<Call> call = std::move(m_call);
    m_control = std::thread([this, call] {
        call->close();
        QMetaObject::invokeMethod(
            this,
            [this] {
                joinControl();
                setState(State::Idle);
            },
            Qt::QueuedConnection);
    });
}

voice::CallStats EchoTest::stats() const
{
    return m_call && m_call->session ? m_call->session->stats() : voice::CallStats{};
}

void EchoTest::poll()
{
    if (!m_call)
        return;
    const double level = m_call->device->level();
    if (level != m_level) {
        m_level = level;
        Q_EMIT levelChanged(level);
    }
    if (++m_polls % 20 == 0)
        Q_EMIT statsUpdated(stats());
}

} // namespace crosstalk::calls
