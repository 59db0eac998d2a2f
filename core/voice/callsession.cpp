// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/callsession.h"

#include "core/voice/audioprocessor.h"
#include "core/voice/mediastream.h"
#include "core/voice/udptransport.h"

#include <pthread.h>
#include <sched.h>
#include <time.h>

#include <algorithm>
#include <chrono>

namespace crosstalk::voice {

namespace {
constexpr int kHistogramBuckets = 1000;               // 10 us each: up to 10 ms
constexpr std::int64_t kDeviceSilentUs = 40'000;      // no capture for this long: tick on our own
constexpr std::int64_t kPublishIntervalUs = 100'000;
constexpr int kDrainBudget = 512;                     // datagrams per wake-up before media runs
constexpr std::int64_t kPollUs = 1000;               // how often to look once a block is due
constexpr std::int64_t kEarlyWakeUs = 300;           // wake this much before the expected block
constexpr std::int64_t kShrinkAfterUs = 3'000'000;   // a block more than needed for this long: drop one
constexpr int kQuietPeak = 1000;                     // about -30 dBFS: a block that may be left out

std::int64_t steadyMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

double percentile(const std::vector<std::uint32_t> &histogram, int p)
{
    std::uint64_t total = 0;
    for (std::uint32_t n : histogram)
        total += n;
    std::uint64_t acc = 0;
    for (std::size_t i = 0; i < histogram.size(); ++i) {
        acc += histogram[i];
        if (total > 0 && acc * 100 >= total * std::uint64_t(p))
            return double(i + 1) * 10.0;
    }
    return 0.0;
}

int peakOf(const std::array<Sample, kBlockSamples> &block)
{
    int peak = 0;
    for (Sample v : block)
        peak = std::max(peak, v < 0 ? -int(v) : int(v));
    return peak;
}

std::int64_t threadCpuNanos()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return std::int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}
} // namespace

CallSession::CallSession(AudioDevice &device, Options options)
    : m_device(device)
    , m_options(std::move(options))
    , m_socket(std::make_unique<UdpSocket>())
    , m_stream(std::make_unique<MediaStream>())
{
    m_tickHistogram.assign(kHistogramBuckets + 1, 0);
    m_tickWallHistogram.assign(kHistogramBuckets + 1, 0);
}

CallSession::CallSession(AudioDevice &device)
    : CallSession(device, Options{})
{
}

CallSession::~CallSession()
{
    stop();
}

bool CallSession::open(const MediaDescription &local, std::string &error)
{
    m_local = local;
    if (m_local.candidates.empty())
        m_local.candidates.push_back(TransportCandidate{});
    SocketAddress bindAddress;
    const TransportCandidate &c = m_local.candidates.front();
    if (!SocketAddress::parse(c.address, c.port, bindAddress)) {
        error = "local candidate is not an IPv4 address: " + c.address;
        return false;
    }
    if (!m_socket->bind(bindAddress, error))
        return false;
    m_local.candidates.front().port = m_socket->localAddress().port;
    m_local.candidates.resize(1);
    if (m_local.ssrc == 0)
        m_local.ssrc = randomU32() | 1; // never 0: 0 means "unknown" in a description
    m_transport = m_socket.get();
    return true;
}

bool CallSession::open(const MediaDescription &local, PacketTransport &transport, std::string &error)
{
    if (running()) {
        error = "already started";
        return false;
    }
    m_local = local;
    if (m_local.ssrc == 0)
        m_local.ssrc = randomU32() | 1;
    m_transport = &transport;
    return true;
}

bool CallSession::start(const MediaDescription &remote, std::string &error)
{
    if (running() || !m_transport) {
        error = running() ? "already started" : "open() the local side first";
        return false;
    }
    StreamOptions so;
    so.cname = m_options.cname;
    so.fecRecovery = m_options.fecRecovery;
    so.rtcpIntervalMs = m_options.rtcpIntervalMs;
    so.minJitterDelayMs = m_options.minJitterDelayMs;
    if (!m_stream->init(m_local, remote, so, *m_transport, error))
        return false;
    if (m_options.manageDevice && m_device.state() != DeviceState::Running) {
        if (!m_device.start(error))
            return false;
        m_deviceStarted = true;
    }
    // Blocks captured before the call started (an owner-started device) are stale: playing
    // them through would add their age to the latency for the whole call.
    while (m_device.readCapture(m_capture)) {
    }
    m_playbackSlack = std::clamp(m_options.playbackPrefillBlocks, 0, kMaxPlaybackSlack);
    m_playback.fill(0);
    const DeviceStats atStart = m_device.stats();
    m_consumedAtStart = atStart.playedBlocks - atStart.playbackUnderruns;
    m_blocksWritten = 0;
    for (int i = 0; i < m_playbackSlack; ++i)
        m_blocksWritten += m_device.writePlayback(m_playback) ? 1 : 0;
    m_underrunsSeen = atStart.playbackUnderruns;

    m_quit.store(false);
    m_running.store(true, std::memory_order_release);
    if (m_options.clock == Clock::RealTime)
        m_thread = std::thread([this] { run(); });
    return true;
}

void CallSession::stop()
{
    if (!running())
        return;
    m_quit.store(true, std::memory_order_release);
    if (m_thread.joinable())
        m_thread.join();
    m_running.store(false, std::memory_order_release);
    if (m_deviceStarted) {
        m_device.stop();
        m_deviceStarted = false;
    }
    std::lock_guard lock(m_statsMutex);
    m_published.running = false;
}

void CallSession::advance(std::int64_t nowUs)
{
    if (m_options.clock != Clock::Virtual || !running())
        return;
    service(nowUs);
}

void CallSession::run()
{
    pthread_setname_np(pthread_self(), "crosstalk-media");
    if (m_options.realtimePriority) {
        // Deadlines every 10 ms on a busy desktop: a low real-time priority is what lets the
        // thread wake on time. Kept below the audio server's threads (JACK runs its clients
        // around 5..10): the sound card callback matters more than we do. Refusal (no
        // permission) is fine: the playback slack adapts.
        sched_param param{};
        param.sched_priority = 2;
        pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);
    }
    m_cpuStartNs = threadCpuNanos();
    m_cpuStartWallUs = steadyMicros();
    while (!m_quit.load(std::memory_order_acquire)) {
        // Wakes for a datagram, or when the next captured block is due: sleep until just before
        // 10 ms after the last one, then look every 1 ms until it is there. The device has no
        // way to wake us, and this keeps wake-ups near 200/s instead of a fixed fast poll.
        const std::int64_t now = steadyMicros();
        std::int64_t waitUs = kPollUs;
        if (m_lastCaptureUs >= 0) {
            const std::int64_t due = m_lastCaptureUs + kBlockMs * 1000 - kEarlyWakeUs;
            waitUs = due > now ? std::min<std::int64_t>(due - now, kBlockMs * 1000) : kPollUs;
            if (now - m_lastCaptureUs > kDeviceSilentUs) // device gone: our own 10 ms clock
                waitUs = std::clamp<std::int64_t>(m_nextClockTickUs - now, 0, kBlockMs * 1000);
        }
        m_transport->waitReadable(waitUs);
        service(steadyMicros());
    }
    publish(steadyMicros(), true);
}

void CallSession::service(std::int64_t nowUs)
{
    if (m_lastCaptureUs < 0) {
        m_lastCaptureUs = nowUs;
        m_nextClockTickUs = nowUs + kBlockMs * 1000;
        m_nextPublishUs = nowUs;
    }
    const int drained = m_stream->drain(nowUs, kDrainBudget);
    (void)drained;
    bool captured = false;
    while (m_device.readCapture(m_capture)) {
        processTick(nowUs, true);
        captured = true;
    }
    if (captured) {
        m_lastCaptureUs = nowUs;
        // The speaker ran dry: the media thread was late (a busy machine). One more block of
        // slack, once per underrun burst, up to the limit.
        const std::uint64_t underruns = m_device.stats().playbackUnderruns;
        if (underruns > m_underrunsSeen && m_playbackSlack < kMaxPlaybackSlack) {
            m_playback.fill(0);
            m_blocksWritten += m_device.writePlayback(m_playback) ? 1 : 0;
            ++m_playbackSlack;
            m_excessSinceUs = -1;
        }
        m_underrunsSeen = underruns;
        m_nextClockTickUs = nowUs + kBlockMs * 1000;
    } else if (nowUs - m_lastCaptureUs > kDeviceSilentUs) {
        // The device stopped delivering (vanished, failed): keep the call alive on our clock.
        while (m_nextClockTickUs <= nowUs) {
            m_capture.fill(0);
            processTick(nowUs, false);
            m_nextClockTickUs += kBlockMs * 1000;
        }
    }
    m_stream->maybeSendRtcp(nowUs);
    publish(nowUs, false);
}

void CallSession::processTick(std::int64_t nowUs, bool fromDevice)
{
    const auto t0 = std::chrono::steady_clock::now();
    const std::int64_t cpu0 = threadCpuNanos();
    if (m_options.processor && fromDevice) {
        m_device.readEchoReference(m_reference);
        m_options.processor->process(m_capture, m_reference);
    }
    m_inputPeak = std::max(m_inputPeak, peakOf(m_capture));
    if (m_muted.load(std::memory_order_relaxed))
        m_capture.fill(0);
    const bool held = m_held.load(std::memory_order_relaxed);
    m_stream->tick(m_capture, m_playback, !held, nowUs);
    if (held)
        m_playback.fill(0);
    m_outputPeak = std::max(m_outputPeak, peakOf(m_playback));
    // Ticks on our own clock (the device delivers nothing: failed, or slow to start) write
    // nothing: a device that is not capturing is not playing either, and blocks queued now would
    // play late for the rest of the call once it starts.
    if (fromDevice && !dropExcessBlock(nowUs))
        m_blocksWritten += m_device.writePlayback(m_playback) ? 1 : 0;
    const double cpuUs = double(threadCpuNanos() - cpu0) / 1000.0;
    const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    ++m_tickHistogram[std::size_t(std::min(int(cpuUs / 10.0), kHistogramBuckets))];
    ++m_tickWallHistogram[std::size_t(std::min(int(us / 10.0), kHistogramBuckets))];
    m_tickMaxUs = std::max(m_tickMaxUs, us);
}

bool CallSession::dropExcessBlock(std::int64_t nowUs)
{
    // Every underrun leaves the speaker a block further behind for the rest of the call (and
    // the slack above adds one more), so one bad moment on a busy machine would cost latency
    // until hang-up. Blocks waiting in the device before this write: 0 when the media thread is
    // on time. If that never fell below 1 for kShrinkAfterUs, one block is more than the
    // machine needs: leave out the next quiet block (a pause loses 10 ms; speech is not cut).
    const DeviceStats ds = m_device.stats();
    const std::int64_t consumed = std::int64_t(ds.playedBlocks - ds.playbackUnderruns - m_consumedAtStart);
    const std::int64_t queued = std::int64_t(m_blocksWritten) - consumed;
    if (queued < 1 || ds.playbackUnderruns != m_underrunsSeen) {
        m_excessSinceUs = -1;
        return false;
    }
    if (m_excessSinceUs < 0)
        m_excessSinceUs = nowUs;
    if (nowUs - m_excessSinceUs < kShrinkAfterUs || peakOf(m_playback) > kQuietPeak)
        return false;
    m_excessSinceUs = -1;
    m_playbackSlack = std::max(0, m_playbackSlack - 1);
    ++m_playbackDrops;
    return true;
}

void CallSession::publish(std::int64_t nowUs, bool force)
{
    if (!force && nowUs < m_nextPublishUs)
        return;
    std::unique_lock lock(m_statsMutex, std::defer_lock);
    if (force)
        lock.lock();
    else if (!lock.try_lock())
        return; // a reader holds it: publish on the next pass rather than wait
    CallStats &s = m_published;
    m_stream->fillStats(s, nowUs);
    // Every 10 ms until the first frame is played, so "audio flowing" is seen when it happens
    // (answer-to-first-frame is measured through it), then every 100 ms.
    m_nextPublishUs = nowUs + (s.normalFrames > 0 ? kPublishIntervalUs : kBlockMs * 1000);
    s.running = !m_quit.load(std::memory_order_relaxed);
    s.muted = muted();
    s.held = held();
    s.tickP99Us = percentile(m_tickHistogram, 99);
    s.tickWallP99Us = percentile(m_tickWallHistogram, 99);
    s.tickMaxUs = m_tickMaxUs;
    if (m_options.clock == Clock::RealTime && m_cpuStartNs >= 0) {
        const double wallUs = double(nowUs - m_cpuStartWallUs);
        if (wallUs > 0)
            s.mediaCpuPercent = double(threadCpuNanos() - m_cpuStartNs) / 1000.0 / wallUs * 100.0;
    }
    s.device = m_device.stats();
    s.deviceFailed = m_device.state() == DeviceState::Failed;
    s.inputLevel = float(m_inputPeak) / 32768.0f;
    s.outputLevel = float(m_outputPeak) / 32768.0f;
    m_inputPeak = 0;
    m_outputPeak = 0;
}

CallStats CallSession::stats() const
{
    std::lock_guard lock(m_statsMutex);
    CallStats s = m_published;
    s.muted = muted();
    s.held = held();
    return s;
}

} // namespace crosstalk::voice
