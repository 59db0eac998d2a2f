// SPDX-License-Identifier: GPL-3.0-or-later
// One audio call: the engine's public face. Protocol-agnostic: a signalling layer (libpurple's
// media backend, a test) hands in media descriptions and an audio device and reads statistics.
#pragma once

#include "core/voice/audiodevice.h"
#include "core/voice/callstats.h"
#include "core/voice/mediadescription.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace crosstalk::voice {

class AudioProcessor;
class MediaStream;
class PacketTransport;
class UdpSocket;

/// Threads: open/start/stop/setMuted/setHeld on one control thread; stats() from any thread.
/// With Clock::RealTime a media thread (started by start()) waits on the UDP socket with a
/// short poll and runs one 10 ms tick per captured block (capture -> AudioProcessor -> Opus ->
/// RTP -> UDP, and jitter buffer -> playback), so the device's clock paces the engine and
/// capture/playback never drift apart. If the device stops delivering (unplugged), the session
/// keeps ticking on its own clock with silence, so the call survives and reports it.
/// With Clock::Virtual no thread runs: the owner calls advance(now) with its own time, which
/// makes two sessions, file devices and the impairment relay run deterministically and faster
/// than real time.
class CallSession
{
public:
    enum class Clock { RealTime, Virtual };
    static constexpr int kMaxPlaybackSlack = 4;

    struct Options
    {
        Clock clock = Clock::RealTime;
        /// Capture DSP (echo cancellation etc.), used on the media thread only; may be null.
        AudioProcessor *processor = nullptr;
        std::string cname = "crosstalk";
        /// Receive side: recover lost frames from the next packet's FEC (off = conceal only).
        bool fecRecovery = true;
        /// Silent blocks queued for the speaker at start: the slack the media thread has before
        /// the device would underrun. Grows by one block (up to kMaxPlaybackSlack) each time the
        /// device reports an underrun, so a busy machine trades a little latency for no gaps.
        int playbackPrefillBlocks = 1;
        /// Floor of the jitter buffer's target delay (ms): 20 by default; 10 suits 10 ms frames
        /// on a clean path.
        int minJitterDelayMs = 20;
        /// Start the device in start() and stop it in stop() (off when the owner shares it).
        bool manageDevice = true;
        int rtcpIntervalMs = 1000;
        /// Ask for SCHED_FIFO (priority 2, below audio servers) for the media thread when the process may
        /// (root, CAP_SYS_NICE, an rtprio limit); silently ordinary scheduling otherwise.
        bool realtimePriority = true;
    };

    CallSession(AudioDevice &device, Options options);
    explicit CallSession(AudioDevice &device);
    ~CallSession();
    CallSession(const CallSession &) = delete;
    CallSession &operator=(const CallSession &) = delete;

    /// Step 1: binds the local transport (first IPv4 candidate; port 0 = any free port) and
    /// picks the SSRC. Afterwards localDescription() has the real port and SSRC to signal.
    bool open(const MediaDescription &local, std::string &error);
    /// Step 1 with a transport the owner provides (e.g. an ICE agent in protocols/): nothing is
    /// bound; `local` is kept as given. `transport` must outlive the session (or its stop()).
    bool open(const MediaDescription &local, PacketTransport &transport, std::string &error);
    MediaDescription localDescription() const { return m_local; }

    /// Step 2: the peer's description is known (its codec preferences, candidates, keys):
    /// media starts flowing. Fails on unusable parameters (no candidate, keys on one side only).
    bool start(const MediaDescription &remote, std::string &error);
    /// Stops media and the thread; idempotent. The session can not be restarted.
    void stop();
    bool running() const { return m_running.load(std::memory_order_acquire); }

    /// Mute sends silence (the stream keeps flowing, so jitter and RTT stay measured).
    void setMuted(bool muted) { m_muted.store(muted, std::memory_order_release); }
    bool muted() const { return m_muted.load(std::memory_order_acquire); }
    /// Hold sends no media (RTCP goes on) and plays silence.
    void setHeld(bool held) { m_held.store(held, std::memory_order_release); }
    bool held() const { return m_held.load(std::memory_order_acquire); }

    /// Clock::Virtual only: does everything due at `nowUs` (any epoch, non-decreasing): reads
    /// waiting datagrams, runs one tick per captured block, sends RTCP.
    void advance(std::int64_t nowUs);

    /// A consistent snapshot, refreshed by the media thread every 100 ms (every 10 ms until
    /// the first received frame has been played). Any thread.
    CallStats stats() const;

private:
    void run();
    void service(std::int64_t nowUs);
    void processTick(std::int64_t nowUs, bool fromDevice);
    void publish(std::int64_t nowUs, bool force);
    bool dropExcessBlock(std::int64_t nowUs);

    AudioDevice &m_device;
    Options m_options;
    MediaDescription m_local;
    std::unique_ptr<UdpSocket> m_socket;
    PacketTransport *m_transport = nullptr; // m_socket or the owner's transport
    std::unique_ptr<MediaStream> m_stream;
    bool m_deviceStarted = false;

    std::atomic<bool> m_running{false};
    std::atomic<bool> m_quit{false};
    std::atomic<bool> m_muted{false};
    std::atomic<bool> m_held{false};
    std::thread m_thread;

    // Media thread state.
    std::int64_t m_lastCaptureUs = -1;
    std::uint64_t m_underrunsSeen = 0;
    int m_playbackSlack = 0;
    // Playback queue bookkeeping for dropExcessBlock().
    std::uint64_t m_blocksWritten = 0;
    std::uint64_t m_consumedAtStart = 0;
    std::int64_t m_excessSinceUs = -1;
    std::uint64_t m_playbackDrops = 0;
    std::int64_t m_nextClockTickUs = 0;
    std::int64_t m_nextPublishUs = 0;
    std::int64_t m_cpuStartNs = -1;
    std::int64_t m_cpuStartWallUs = 0;
    // Tick cost as thread CPU time (what the tick needs, immune to preemption by other
    // processes) and as wall time (what the deadline sees), 10 us buckets.
    std::vector<std::uint32_t> m_tickHistogram;
    std::vector<std::uint32_t> m_tickWallHistogram;
    double m_tickMaxUs = 0;
    int m_inputPeak = 0;  // since the last publish
    int m_outputPeak = 0;
    std::array<Sample, kBlockSamples> m_capture{};
    std::array<Sample, kBlockSamples> m_reference{};
    std::array<Sample, kBlockSamples> m_playback{};

    mutable std::mutex m_statsMutex; // the media thread only try_locks it
    CallStats m_published;
};

} // namespace crosstalk::voice
