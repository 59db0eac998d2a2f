// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/portaudiodevice.h"

#include "core/voice/blockadapter.h"

#include <portaudio.h>

#include <algorithm>
#include <cmath>
#include <thread>

namespace crosstalk::voice {
namespace {

std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// PortAudio streams whose host went away and that can never be closed (see closeStreams()).
// While any exist, PortAudio must not be terminated: Pa_Terminate would try to close them.
std::atomic<int> g_abandonedStreams{0};

// PortAudio is not thread-safe: Pa_Initialize from two threads at once (a device list being made
// on a worker while a call opens its device) crashes inside the JACK host API. Everything that
// initialises, lists, opens or closes goes through this lock; callbacks never take it.
std::recursive_mutex g_paMutex;

std::string paErrorText(PaError err)
{
    std::string text = Pa_GetErrorText(err);
    if (err == paUnanticipatedHostError) {
        if (const PaHostErrorInfo *host = Pa_GetLastHostErrorInfo(); host && host->errorText)
            text += std::string(": ") + host->errorText;
    }
    if (g_abandonedStreams.load() > 0) {
        // PortAudio keeps the host connections of its first initialisation until it is
        // terminated, which an abandoned stream prevents (see closeStreams()).
        text += " (a sound server went away earlier; PortAudio cannot reconnect to it until Crosstalk restarts)";
    }
    return text;
}

/// Pa_Initialize/Pa_Terminate as a scope (PortAudio counts them).
class PaSession
{
public:
    PaSession() : m_err(Pa_Initialize()) {}
    ~PaSession()
    {
        if (m_err == paNoError)
            Pa_Terminate();
    }
    PaSession(const PaSession &) = delete;
    PaSession &operator=(const PaSession &) = delete;
    PaError error() const { return m_err; }

private:
    PaError m_err;
};

struct Listed
{
    DeviceInfo info;
    PaDeviceIndex index;
};

// Needs PortAudio initialised. Ids are "<host API>/<name>", numbered when a host API
// repeats a name, so a stored choice survives devices being added or removed elsewhere.
std::vector<Listed> listDevices()
{
    std::vector<Listed> list;
    const PaDeviceIndex count = Pa_GetDeviceCount();
    const PaHostApiIndex defaultApi = Pa_GetDefaultHostApi();
    for (PaDeviceIndex i = 0; i < count; ++i) {
        const PaDeviceInfo *dev = Pa_GetDeviceInfo(i);
        if (!dev)
            continue;
        const PaHostApiInfo *api = Pa_GetHostApiInfo(dev->hostApi);
        DeviceInfo info;
        info.name = dev->name ? dev->name : "";
        info.hostApi = api && api->name ? api->name : "";
        info.maxInputChannels = dev->maxInputChannels;
        info.maxOutputChannels = dev->maxOutputChannels;
        info.defaultSampleRate = dev->defaultSampleRate;
        info.isDefaultInput = api && api->defaultInputDevice == i;
        info.isDefaultOutput = api && api->defaultOutputDevice == i;
        info.hostApiIsDefault = dev->hostApi == defaultApi;
        info.id = info.hostApi + "/" + info.name;
        const auto same = std::count_if(list.begin(), list.end(), [&](const Listed &l) {
            return l.info.hostApi == info.hostApi && l.info.name == info.name;
        });
        if (same > 0)
            info.id += " #" + std::to_string(same + 1);
        list.push_back({std::move(info), i});
    }
    return list;
}

std::string availableNames(const std::vector<Listed> &list, bool input)
{
    std::string names;
    for (const Listed &l : list) {
        if ((input ? l.info.maxInputChannels : l.info.maxOutputChannels) < 1)
            continue;
        names += (names.empty() ? "\"" : ", \"") + l.info.id + "\"";
    }
    return names.empty() ? std::string("none") : names;
}

// Finds the device for one direction: by id, or the default of the configured host API.
PaDeviceIndex resolve(const std::vector<Listed> &list, const std::string &id, const std::string &hostApi,
                      bool input, std::string &chosenId, std::string &error)
{
    const char *what = input ? "input" : "output";
    if (!id.empty()) {
        for (const Listed &l : list) {
            if (l.info.id != id)
                continue;
            if ((input ? l.info.maxInputChannels : l.info.maxOutputChannels) < 1) {
                error = "audio device \"" + id + "\" has no " + what + " channels";
                return paNoDevice;
            }
            chosenId = id;
            return l.index;
        }
        error = "audio " + std::string(what) + " device \"" + id + "\" not found (unplugged or renamed?); available: "
                + availableNames(list, input);
        return paNoDevice;
    }
    PaDeviceIndex index = paNoDevice;
    if (hostApi.empty()) {
        index = input ? Pa_GetDefaultInputDevice() : Pa_GetDefaultOutputDevice();
    } else {
        bool found = false;
        std::string apis;
        for (PaHostApiIndex a = 0; a < Pa_GetHostApiCount(); ++a) {
            const PaHostApiInfo *api = Pa_GetHostApiInfo(a);
            if (!api || !api->name)
                continue;
            apis += (apis.empty() ? "\"" : ", \"") + std::string(api->name) + "\"";
            if (hostApi == api->name) {
                found = true;
                index = input ? api->defaultInputDevice : api->defaultOutputDevice;
            }
        }
        if (!found) {
            // e.g. JACK's host API only exists when a JACK server was reachable at Pa_Initialize.
            error = "audio host API \"" + hostApi + "\" is not available (its server not running?); available: "
                    + (apis.empty() ? std::string("none") : apis);
            return paNoDevice;
        }
    }
    for (const Listed &l : list) {
        if (l.index == index) {
            chosenId = l.info.id;
            return index;
        }
    }
    error = "no default audio " + std::string(what) + " device"
            + (hostApi.empty() ? std::string() : " for host API \"" + hostApi + "\"")
            + "; available: " + availableNames(list, input);
    return paNoDevice;
}

void countFlags(DeviceRings &rings, unsigned long flags)
{
    if (flags & (paInputUnderflow | paInputOverflow | paOutputUnderflow | paOutputOverflow))
        rings.countXrun();
}

int duplexCallback(const void *in, void *out, unsigned long frames, const PaStreamCallbackTimeInfo *,
                   PaStreamCallbackFlags flags, void *user)
{
    static_cast<PortAudioDevice *>(user)->onDuplex(static_cast<const Sample *>(in), static_cast<Sample *>(out),
                                                   frames, flags);
    return paContinue;
}

int inputCallback(const void *in, void *, unsigned long frames, const PaStreamCallbackTimeInfo *,
                  PaStreamCallbackFlags flags, void *user)
{
    static_cast<PortAudioDevice *>(user)->onInput(static_cast<const Sample *>(in), frames, flags);
    return paContinue;
}

int outputCallback(const void *, void *out, unsigned long frames, const PaStreamCallbackTimeInfo *,
                   PaStreamCallbackFlags flags, void *user)
{
    static_cast<PortAudioDevice *>(user)->onOutput(static_cast<Sample *>(out), frames, flags);
    return paContinue;
}

void finishedCallback(void *user)
{
    static_cast<PortAudioDevice *>(user)->onFinished();
}

PaStreamParameters parameters(PaDeviceIndex device, bool input, double latencyMs)
{
    const PaDeviceInfo *info = Pa_GetDeviceInfo(device);
    PaStreamParameters p{};
    p.device = device;
    p.channelCount = 1;
    p.sampleFormat = paInt16;
    p.suggestedLatency = latencyMs > 0 ? latencyMs / 1000.0
                         : input       ? info->defaultLowInputLatency
                                       : info->defaultLowOutputLatency;
    return p;
}

// 48 kHz when the device takes it (no resampling), else the device's own default rate.
double pickRate(const PaStreamParameters *in, const PaStreamParameters *out)
{
    if (Pa_IsFormatSupported(in, out, kSampleRate) == paFormatIsSupported)
        return kSampleRate;
    const PaDeviceInfo *info = Pa_GetDeviceInfo(in ? in->device : out->device);
    if (Pa_IsFormatSupported(in, out, info->defaultSampleRate) == paFormatIsSupported)
        return info->defaultSampleRate;
    return 0;
}

} // namespace

PortAudioDevice::PortAudioDevice(PortAudioConfig config)
    : m_config(std::move(config))
    , m_rings(m_config.ringBlocks)
{
}

PortAudioDevice::~PortAudioDevice()
{
    stop();
}

std::vector<DeviceInfo> PortAudioDevice::enumerate(std::string &error)
{
    std::lock_guard pa(g_paMutex);
    PaSession session;
    if (session.error() != paNoError) {
        error = "PortAudio: " + paErrorText(session.error());
        return {};
    }
    std::vector<DeviceInfo> out;
    for (Listed &l : listDevices())
        out.push_back(std::move(l.info));
    return out;
}

bool PortAudioDevice::start(std::string &error)
{
    if (m_state.load() == DeviceState::Running)
        return true;
    stop();
    {
        std::lock_guard lock(m_errorMutex);
        m_error.clear();
    }
    m_failure.store(static_cast<int>(Failure::None));
    m_stopping.store(false);
    m_callbacks.store(0);
    // A device that is not found is looked for again after a short wait, with PortAudio
    // re-initialised: it only discovers devices (and whether a JACK server answers) in
    // Pa_Initialize, and a busy server or a USB device still settling can miss that moment.
    std::lock_guard pa(g_paMutex);
    for (int attempt = 0;; ++attempt) {
        m_notFound = false;
        const PaError err = Pa_Initialize();
        if (err != paNoError) {
            error = "PortAudio: " + paErrorText(err);
            break;
        }
        m_paInitialised = true;
        if (openStreams(error)) {
            m_watchCount.store(0);
            m_watchSinceNs.store(nowNs());
            m_state.store(DeviceState::Running);
            return true;
        }
        if (!m_notFound || attempt >= 2 || g_abandonedStreams.load() > 0)
            break;
        closeStreams();
        m_stopping.store(false);
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    closeStreams();
    {
        std::lock_guard lock(m_errorMutex);
        m_error = error;
    }
    m_state.store(DeviceState::Failed);
    return false;
}

bool PortAudioDevice::openStreams(std::string &error)
{
    std::lock_guard lock(m_streamMutex);
    const std::vector<Listed> list = listDevices();
    PaDeviceIndex inDev = paNoDevice;
    PaDeviceIndex outDev = paNoDevice;
    m_inputId.clear();
    m_outputId.clear();
    if (m_config.capture
        && (inDev = resolve(list, m_config.inputDevice, m_config.hostApi, true, m_inputId, error)) == paNoDevice) {
        m_notFound = true;
        return false;
    }
    if (m_config.playback
        && (outDev = resolve(list, m_config.outputDevice, m_config.hostApi, false, m_outputId, error)) == paNoDevice) {
        m_notFound = true;
        return false;
    }
    if (inDev == paNoDevice && outDev == paNoDevice) {
        error = "neither capture nor playback requested";
        return false;
    }

    PaStreamParameters inP{};
    PaStreamParameters outP{};
    if (inDev != paNoDevice)
        inP = parameters(inDev, true, m_config.latencyMs);
    if (outDev != paNoDevice)
        outP = parameters(outDev, false, m_config.latencyMs);

    // One duplex stream keeps capture and playback on one clock (exact echo reference); it
    // needs both devices on one host API and one rate both accept.
    m_duplex = false;
    double inRate = 0;
    double outRate = 0;
    if (m_config.preferDuplex && inDev != paNoDevice && outDev != paNoDevice
        && Pa_GetDeviceInfo(inDev)->hostApi == Pa_GetDeviceInfo(outDev)->hostApi) {
        const double rate = pickRate(&inP, &outP);
        if (rate > 0) {
            const PaError err = Pa_OpenStream(&m_duplexStream, &inP, &outP, rate,
                                              static_cast<unsigned long>(std::lround(rate / 100)), paClipOff,
                                              duplexCallback, this);
            if (err == paNoError) {
                m_duplex = true;
                inRate = outRate = rate;
            } else {
                m_duplexStream = nullptr;
            }
        }
    }
    if (!m_duplex) {
        if (inDev != paNoDevice) {
            inRate = pickRate(&inP, nullptr);
            const PaError err = inRate > 0 ? Pa_OpenStream(&m_inputStream, &inP, nullptr, inRate,
                                                           static_cast<unsigned long>(std::lround(inRate / 100)),
                                                           paClipOff, inputCallback, this)
                                           : paInvalidSampleRate;
            if (err != paNoError) {
                m_inputStream = nullptr;
                error = "cannot open audio input \"" + m_inputId + "\": " + paErrorText(err);
                return false;
            }
        }
        if (outDev != paNoDevice) {
            outRate = pickRate(nullptr, &outP);
            const PaError err = outRate > 0 ? Pa_OpenStream(&m_outputStream, nullptr, &outP, outRate,
                                                            static_cast<unsigned long>(std::lround(outRate / 100)),
                                                            paClipOff, outputCallback, this)
                                            : paInvalidSampleRate;
            if (err != paNoError) {
                m_outputStream = nullptr;
                error = "cannot open audio output \"" + m_outputId + "\": " + paErrorText(err);
                return false;
            }
        }
    }
    m_deviceRate = static_cast<int>(inRate > 0 ? inRate : outRate);
    m_adapter = std::make_unique<BlockAdapter>(m_rings, static_cast<int>(inRate > 0 ? inRate : kSampleRate),
                                               static_cast<int>(outRate > 0 ? outRate : kSampleRate), m_duplex);
    m_rings.clear();

    double latency = 0;
    for (PaStream *s : {m_duplexStream, m_inputStream, m_outputStream}) {
        if (!s)
            continue;
        Pa_SetStreamFinishedCallback(s, finishedCallback);
        if (const PaStreamInfo *info = Pa_GetStreamInfo(s))
            latency += info->inputLatency + info->outputLatency;
    }
    // One block of margin keeps the reference ahead of the echo; two with two streams, whose
    // pairing by arrival is itself uncertain by a block.
    const long blocks = std::lround(std::floor(latency * 1000.0 / kBlockMs)) - (m_duplex ? 1 : 2);
    m_referenceDelay = m_config.compensateReferenceLatency && m_config.capture && m_config.playback
                           ? static_cast<std::size_t>(std::max(0L, blocks))
                           : 0;
    m_rings.setReferenceDelayBlocks(m_referenceDelay);

    for (PaStream *s : {m_duplexStream, m_outputStream, m_inputStream}) {
        if (!s)
            continue;
        const PaError err = Pa_StartStream(s);
        if (err != paNoError) {
            error = "cannot start audio stream: " + paErrorText(err);
            return false;
        }
    }
    return true;
}

void PortAudioDevice::closeStreams()
{
    m_stopping.store(true);
    std::lock_guard pa(g_paMutex);
    std::lock_guard lock(m_streamMutex);
    for (PaStream **s : {&m_duplexStream, &m_inputStream, &m_outputStream}) {
        if (!*s)
            continue;
        // A stream that is neither active nor stopped lost its host (JACK server gone, JACK
        // having called its shutdown hook). PortAudio's JACK back end then waits up to ten
        // minutes in Pa_AbortStream/Pa_CloseStream for a process callback that will never
        // come, so such a stream is abandoned instead: a small leak beats a hung call.
        // (Our callback never ends a stream itself, so "inactive but not stopped" can only mean
        // that, even when nobody has asked state() since.)
        if (Pa_IsStreamActive(*s) == 0 && Pa_IsStreamStopped(*s) == 0) {
            int none = static_cast<int>(Failure::None);
            m_failure.compare_exchange_strong(none, static_cast<int>(Failure::StreamEnded));
            g_abandonedStreams.fetch_add(1);
            m_abandoned = true;
            *s = nullptr;
            continue;
        }
        // Abort, not stop: nothing queued is worth waiting for.
        if (Pa_IsStreamStopped(*s) == 0)
            Pa_AbortStream(*s);
        Pa_CloseStream(*s);
        *s = nullptr;
    }
    // The adapter stays alive with an abandoned stream: its callback could in theory still run.
    if (!m_abandoned)
        m_adapter.reset();
    if (m_paInitialised) {
        if (g_abandonedStreams.load() == 0)
            Pa_Terminate();
        m_paInitialised = false;
    }
}

void PortAudioDevice::stop()
{
    closeStreams();
    if (m_state.load() == DeviceState::Running)
        m_state.store(DeviceState::Stopped);
}

DeviceState PortAudioDevice::state() const
{
    // Ask PortAudio whether the streams still run: one that went inactive without being
    // stopped lost its device or server (JACK calls no finished callback then). Any thread may
    // ask, so only when the control thread is not opening or closing streams right now.
    if (m_state.load() == DeviceState::Running && !m_stopping.load()) {
        std::unique_lock lock(m_streamMutex, std::try_to_lock);
        if (lock.owns_lock()) {
            for (PaStream *s : {m_duplexStream, m_inputStream, m_outputStream})
                if (s && Pa_IsStreamActive(s) == 0)
                    failFromWatchdog(Failure::StreamEnded);
        }
    }
    checkHealth();
    return m_state.load();
}

std::string PortAudioDevice::lastError() const
{
    checkHealth();
    const std::string device = "\"" + (m_inputId.empty() ? m_outputId : m_inputId) + "\"";
    switch (static_cast<Failure>(m_failure.load())) {
    case Failure::StreamEnded:
        return "audio device " + device + " stopped: its stream ended unexpectedly (unplugged or the sound server went away)";
    case Failure::Stalled:
        return "audio device " + device + " stopped delivering audio for "
               + std::to_string(m_config.stallTimeoutMs) + " ms (unplugged or the sound server went away)";
    case Failure::None:
        break;
    }
    std::lock_guard lock(m_errorMutex);
    return m_error;
}

void PortAudioDevice::checkHealth() const
{
    if (m_state.load() != DeviceState::Running || m_stopping.load())
        return;
    if (m_failure.load() != static_cast<int>(Failure::None)) {
        m_state.store(DeviceState::Failed);
        return;
    }
    const std::uint64_t count = m_callbacks.load(std::memory_order_relaxed);
    const std::int64_t now = nowNs();
    if (count != m_watchCount.load()) {
        m_watchCount.store(count);
        m_watchSinceNs.store(now);
        return;
    }
    // Some servers (PulseAudio) deliver the first callback late: allow more before the first.
    const std::int64_t allowedMs = count == 0 ? std::max(m_config.stallTimeoutMs, 3000) : m_config.stallTimeoutMs;
    if (now - m_watchSinceNs.load() > allowedMs * 1'000'000LL)
        failFromWatchdog(Failure::Stalled);
}

void PortAudioDevice::failFromWatchdog(Failure why) const
{
    int none = static_cast<int>(Failure::None);
    m_failure.compare_exchange_strong(none, static_cast<int>(why));
    m_state.store(DeviceState::Failed);
}

bool PortAudioDevice::readCapture(Block out)
{
    checkHealth();
    if (m_state.load() != DeviceState::Running)
        return false;
    return m_rings.readCapture(out);
}

bool PortAudioDevice::writePlayback(ConstBlock in)
{
    if (m_state.load() != DeviceState::Running)
        return false; // the device is gone: the call goes on, its audio goes nowhere
    return m_rings.writePlayback(in);
}

void PortAudioDevice::readEchoReference(Block out)
{
    m_rings.readEchoReference(out);
}

DeviceStats PortAudioDevice::stats() const
{
    return m_rings.stats();
}

// ---- PortAudio's callback threads: rings and atomics only ----

void PortAudioDevice::onDuplex(const Sample *in, Sample *out, unsigned long frames, unsigned long flags)
{
    countFlags(m_rings, flags);
    m_adapter->render(std::span<Sample>(out, frames));
    if (in)
        m_adapter->capture(std::span<const Sample>(in, frames));
    m_callbacks.fetch_add(1, std::memory_order_relaxed);
}

void PortAudioDevice::onInput(const Sample *in, unsigned long frames, unsigned long flags)
{
    countFlags(m_rings, flags);
    if (in)
        m_adapter->capture(std::span<const Sample>(in, frames));
    m_callbacks.fetch_add(1, std::memory_order_relaxed);
}

void PortAudioDevice::onOutput(Sample *out, unsigned long frames, unsigned long flags)
{
    countFlags(m_rings, flags);
    m_adapter->render(std::span<Sample>(out, frames));
    if (!m_inputStream) // with two streams the input's callbacks feed the watchdog
        m_callbacks.fetch_add(1, std::memory_order_relaxed);
}

void PortAudioDevice::onFinished()
{
    if (m_stopping.load(std::memory_order_acquire))
        return;
    int none = static_cast<int>(Failure::None);
    m_failure.compare_exchange_strong(none, static_cast<int>(Failure::StreamEnded));
    m_state.store(DeviceState::Failed);
}

} // namespace crosstalk::voice
