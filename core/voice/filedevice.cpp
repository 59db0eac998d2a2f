// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/filedevice.h"

#include "core/voice/wavfile.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace crosstalk::voice {

FileDevice::FileDevice(FileDeviceConfig config)
    : m_config(std::move(config))
    , m_rings(m_config.ringBlocks)
{
}

FileDevice::~FileDevice()
{
    stop();
}

bool FileDevice::start(std::string &error)
{
    if (m_state.load() == DeviceState::Running)
        return true;
    if (!m_config.inputSamples.empty()) {
        m_input = m_config.inputSamples;
    } else if (!m_config.inputPath.empty()) {
        auto samples = readWavAsEngineFormat(m_config.inputPath, error);
        if (!samples) {
            std::lock_guard lock(m_errorMutex);
            m_error = error;
            m_state.store(DeviceState::Failed);
            return false;
        }
        m_input = std::move(*samples);
    }
    m_inputPos = 0;
    m_inputDone.store(m_input.empty() && !m_config.loopInput);
    m_played.clear();
    m_played.reserve(m_config.maxRecordSeconds * kSampleRate);
    std::size_t longest = 0;
    for (const EchoTap &tap : m_config.echoPath)
        longest = std::max(longest, tap.delaySamples);
    m_echoHistory.assign(m_config.echoPath.empty() ? 0 : longest + kBlockSamples, 0.0f);
    m_echoPos = 0;
    m_rings.clear();
    {
        std::lock_guard lock(m_errorMutex);
        m_error.clear();
    }
    m_quit.store(false);
    m_state.store(DeviceState::Running);
    if (m_config.clock == FileDeviceConfig::Clock::RealTime)
        m_thread = std::thread([this] { runRealTime(); });
    return true;
}

void FileDevice::stop()
{
    m_quit.store(true);
    if (m_thread.joinable())
        m_thread.join();
    if (m_state.load() != DeviceState::Running)
        return;
    m_state.store(DeviceState::Stopped);
    if (!m_config.outputPath.empty()) {
        std::string error;
        if (!writeWav(m_config.outputPath, m_played, error)) {
            std::lock_guard lock(m_errorMutex);
            m_error = error;
            m_state.store(DeviceState::Failed);
        }
    }
}

DeviceState FileDevice::state() const
{
    return m_state.load();
}

std::string FileDevice::lastError() const
{
    std::lock_guard lock(m_errorMutex);
    return m_error;
}

bool FileDevice::readCapture(Block out)
{
    return m_rings.readCapture(out);
}

bool FileDevice::writePlayback(ConstBlock in)
{
    return m_rings.writePlayback(in);
}

void FileDevice::readEchoReference(Block out)
{
    m_rings.readEchoReference(out);
}

DeviceStats FileDevice::stats() const
{
    return m_rings.stats();
}

void FileDevice::advance(std::size_t blocks)
{
    if (m_config.clock != FileDeviceConfig::Clock::Virtual || m_state.load() != DeviceState::Running)
        return;
    for (std::size_t i = 0; i < blocks; ++i)
        tick();
}

std::vector<Sample> FileDevice::played() const
{
    return m_played;
}

void FileDevice::runRealTime()
{
    using Clock = std::chrono::steady_clock;
    auto next = Clock::now();
    while (!m_quit.load(std::memory_order_acquire)) {
        tick();
        next += std::chrono::milliseconds(kBlockMs);
        std::this_thread::sleep_until(next);
    }
}

// One device period: what a duplex sound card does in one callback. The played block goes
// out first, so the capture of the same period can carry it as the echo reference.
void FileDevice::tick()
{
    std::array<Sample, kBlockSamples> speaker;
    m_rings.popPlayback(speaker);
    if (m_played.size() + kBlockSamples <= m_played.capacity())
        m_played.insert(m_played.end(), speaker.begin(), speaker.end());

    std::array<Sample, kBlockSamples> mic{};
    for (std::size_t i = 0; i < kBlockSamples; ++i) {
        if (m_inputPos >= m_input.size() && m_config.loopInput && !m_input.empty())
            m_inputPos = 0;
        if (m_inputPos < m_input.size())
            mic[i] = m_input[m_inputPos++];
    }
    if (m_inputPos >= m_input.size() && !m_config.loopInput)
        m_inputDone.store(true, std::memory_order_release);

    if (!m_echoHistory.empty()) {
        // The microphone hears the speaker through the simulated room: sum of delayed taps.
        const std::size_t n = m_echoHistory.size();
        for (std::size_t i = 0; i < kBlockSamples; ++i) {
            m_echoHistory[(m_echoPos + i) % n] = speaker[i];
            float echo = 0.0f;
            for (const EchoTap &tap : m_config.echoPath)
                echo += tap.gain * m_echoHistory[(m_echoPos + i + n - tap.delaySamples) % n];
            const float v = std::round(static_cast<float>(mic[i]) + echo);
            mic[i] = static_cast<Sample>(std::clamp(v, -32768.0f, 32767.0f));
        }
        m_echoPos = (m_echoPos + kBlockSamples) % n;
    }
    m_rings.pushCapture(mic, speaker);
    m_ticks.fetch_add(1, std::memory_order_release);
}

} // namespace crosstalk::voice
