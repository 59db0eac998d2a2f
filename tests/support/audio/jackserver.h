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
/// `jackd -n <unique name> --no-realtime -d dummy -r RATE -p PERIOD`. It dies with the test
/// process (PR_SET_PDEATHSIG via ServerProcess). start() points this process's JACK clients
/// (PortAudio's JACK host API included) at it through JACK_DEFAULT_SERVER, so parallel tests
/// each talk to their own server. A monitor client counts the server's xruns.
class JackServer
{
public:
    explicit JackServer(int sampleRate = 48000, int period = 480);
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

private:
    static int onXrun(void *self);
    static void onShutdown(void *self);

    int m_rate;
    int m_period;
    QString m_name;
    TempDir m_dir;
    std::unique_ptr<ServerProcess> m_process;
    void *m_client = nullptr; // jack_client_t, kept out of the header
    std::atomic<std::uint64_t> m_xruns{0};
    std::atomic<bool> m_serverGone{false};
};

} // namespace crosstalk::test
