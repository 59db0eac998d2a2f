// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/calls/inputlevelmeter.h"

#include "core/calls/meteredaudiodevice.h"
#include "core/voice/audiodevice.h"

#include <array>
#include <atomic>
#include <chrono>
#include <mutex>

namespace crosstalk::calls {

struct InputLevelMeter::State
{
    std::atomic<bool> quit{false};
    std::atomic<double> level{0.0};
    std::mutex mutex; // guards error (the worker writes it once)
    std::string error;
    std::atomic<bool> failed{false};
};

InputLevelMeter::InputLevelMeter(Opener opener, QObject *parent)
    : QObject(parent)
    , m_opener(std::move(opener))
{
    m_timer.setInterval(50); // ~20 updates a second: smooth to the eye, nothing for the CPU
    connect(&m_timer, &QTimer::timeout, this, &InputLevelMeter::poll);
}

InputLevelMeter::~InputLevelMeter()
{
    stop();
    for (std::thread &t : m_workers)
        t.join();
}

void InputLevelMeter::start()
{
    if (m_state)
        return;
    auto state = std::make_shared<State>();
    m_state = state;
    m_workers.emplace_back([state, opener = m_opener] {
        std::string error;
        std::unique_ptr<voice::AudioDevice> raw = opener ? opener(error) : nullptr;
        if (!raw || !raw->start(error)) {
            std::lock_guard lock(state->mutex);
            state->error = error.empty() ? "no microphone" : error;
            state->failed = true;
            return;
        }
        MeteredAudioDevice device(std::move(raw));
        std::array<voice::Sample, voice::kBlockSamples> block{};
        while (!state->quit.load(std::memory_order_acquire)) {
            bool any = false;
            while (device.readCapture(block))
                any = true;
            if (any)
                state->level.store(device.level(), std::memory_order_relaxed);
            if (device.state() == voice::DeviceState::Failed) {
                std::lock_guard lock(state->mutex);
                state->error = device.lastError();
                state->failed = true;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        device.stop();
    });
    m_timer.start();
}

void InputLevelMeter::stop()
{
    if (!m_state)
        return;
    m_state->quit.store(true, std::memory_order_release);
    m_state.reset();
    m_timer.stop();
    if (m_level != 0) {
        m_level = 0;
        Q_EMIT levelChanged(0);
    }
}

void InputLevelMeter::poll()
{
    if (!m_state)
        return;
    if (m_state->failed.load()) {
        QString reason;
        {
            std::lock_guard lock(m_state->mutex);
            reason = QString::fromStdString(m_state->error);
        }
        stop();
        Q_EMIT failed(reason);
        return;
    }
    const double level = m_state->level.load(std::memory_order_relaxed);
    if (level != m_level) {
        m_level = level;
        Q_EMIT levelChanged(level);
    }
}

} // namespace crosstalk::calls
