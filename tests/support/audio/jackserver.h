// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tests/support/serverprocess.h"
#include "tests/support/tempdir.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <cstdint>
#include <memory>

namespace crosstalk::test {

/// A throwaway JACK server on the dummy driver (no sound card needed), started for one test:
/// `jackd -n <name> --no-realtime -d dummy -r RATE -p PERIOD`. It dies with the test process
/// (PR_SET_PDEATHSIG via ServerProcess). start() points this process's JACK clients
/// (PortAudio's JACK host API included) at it through JACK_DEFAULT_SERVER. A monitor client
/// counts the server's xruns.
///
/// Names come from a small pool ("crosstalk-test-0".."-5"), each claimed with an flock held
/// for the fixture's life, so parallel tests never share a server. Why not a unique name per
/// run: JACK's shared-memory registry has 8 server slots and reclaims the slot of a dead
/// (killed) server only when a server of the same name starts again; unique names would fill
/// it after eight killed servers and every later jackd would fail "Too many servers".
class JackServer
{
public:
    enum class Scheduling {
        NoRealtime, ///< `--no-realtime`: works anywhere, but xruns when the machine is busy
        Realtime,   ///< SCHED_FIFO when permitted (root, CAP_SYS_NICE or rtprio limit); else NoRealtime
    };
    explicit JackServer(int sampleRate = 48000, int period = 480, Scheduling scheduling = Scheduling::NoRealtime);
    static constexpr int kNamePool = 6;
    ~JackServer();
    JackServer(const JackServer &) = delete;
    JackServer &operator=(const JackServer &) = delete;

    /// Starts jackd and waits until a client can connect; false with *error otherwise.
    bool start(QString *error);
    /// Stops the server (SIGTERM); clients see it shut down.
    void stop();
    /// SIGKILL: the server vanishes as in a crash (the sound card unplugged, in effect).
    void kill();
    bool isRunning() const;

    QString name() const { return m_name; }
    /// Full port names matching a regular expression (e.g. "PortAudio.*:out").
    QStringList ports(const QString &pattern = {}) const;
    bool connect(const QString &source, const QString &destination, QString *error);
    /// Xruns the server reported since start().
    std::uint64_t xruns() const { return m_xruns.load(); }

    /// True when jackd is installed.
    static bool available();
    /// True when this process may use SCHED_FIFO (so a Realtime server really is one).
    static bool realtimePermitted();
    bool isRealtime() const { return m_realtime; }

private:
    static int onXrun(void *self);
    static void onShutdown(void *self);

    int m_rate;
    int m_period;
    Scheduling m_scheduling;
    QString m_name;
    TempDir m_dir;
    std::unique_ptr<ServerProcess> m_process;
    void *m_client = nullptr; // jack_client_t, kept out of the header
    std::atomic<std::uint64_t> m_xruns{0};
    std::atomic<bool> m_serverGone{false};
    int m_lockFd = -1; // flock on the claimed name
    bool m_realtime = false;
};

} // namespace crosstalk::test
