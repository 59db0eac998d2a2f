// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/audio/jackserver.h"

#include "tests/support/waitfor.h"

#include <QDeadlineTimer>
#include <QThread>
#include <QRegularExpression>
#include <QStandardPaths>

#include <jack/jack.h>

#include <atomic>
#include <cerrno>
#include <thread>

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/file.h>
#include <unistd.h>

namespace crosstalk::test {
namespace {

jack_client_t *openClient(const QByteArray &server)
{
    jack_status_t status{};
    return jack_client_open("crosstalk-test-monitor",
                            static_cast<jack_options_t>(JackNoStartServer | JackServerName | JackUseExactName),
                            &status, server.constData());
}

// libjack prints every failed connection attempt while we poll for readiness; keep it quiet.
void silentError(const char *) {}

} // namespace

JackServer::JackServer(int sampleRate, int period, Scheduling scheduling)
    : m_rate(sampleRate)
    , m_period(period)
    , m_scheduling(scheduling)
{
}

JackServer::~JackServer()
{
    stop();
    if (m_lockFd >= 0)
        ::close(m_lockFd);
}

bool JackServer::available()
{
    return !QStandardPaths::findExecutable(QStringLiteral("jackd")).isEmpty();
}

bool JackServer::realtimePermitted()
{
    // Ask the kernel directly: switch a throwaway thread to SCHED_FIFO.
    bool ok = false;
    std::thread probe([&] {
        sched_param p{};
        p.sched_priority = 10;
        ok = pthread_setschedparam(pthread_self(), SCHED_FIFO, &p) == 0;
    });
    probe.join();
    return ok;
}

bool JackServer::start(QString *error)
{
    if (!available()) {
        if (error)
            *error = QStringLiteral("jackd is not installed (package jackd2)");
        return false;
    }
    // Claim a name from the pool; wait a while when parallel tests hold all of them.
    QDeadlineTimer deadline(60000);
    while (m_lockFd < 0) {
        for (int slot = 0; slot < kNamePool && m_lockFd < 0; ++slot) {
            const QByteArray lockPath = QStringLiteral("/tmp/crosstalk-jack-test-%1.lock").arg(slot).toUtf8();
            const int fd = ::open(lockPath.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
            if (fd < 0)
                continue;
            if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
                m_lockFd = fd;
                m_name = QStringLiteral("crosstalk-test-%1").arg(slot);
            } else {
                ::close(fd);
            }
        }
        if (m_lockFd >= 0)
            break;
        if (deadline.hasExpired()) {
            if (error)
                *error = QStringLiteral("all %1 JACK test server names stayed in use by other tests").arg(kNamePool);
            return false;
        }
        QThread::msleep(100);
    }
    // Every JACK client this process opens from now on (PortAudio's too) finds this server;
    // none may start a server of its own.
    qputenv("JACK_DEFAULT_SERVER", m_name.toUtf8());
    qputenv("JACK_NO_START_SERVER", "1");
    jack_set_error_function(silentError);
    m_realtime = m_scheduling == Scheduling::Realtime && realtimePermitted();
    QStringList args{QStringLiteral("-n"), m_name};
    args << (m_realtime ? QStringList{QStringLiteral("--realtime"), QStringLiteral("-P"), QStringLiteral("70")}
                        : QStringList{QStringLiteral("--no-realtime")});
    args << QStringList{QStringLiteral("-d"), QStringLiteral("dummy"), QStringLiteral("-r"), QString::number(m_rate),
                        QStringLiteral("-p"), QString::number(m_period)};
    m_process = std::make_unique<ServerProcess>(QStringLiteral("jackd"), QStringLiteral("jackd"), args,
        m_dir.filePath(QStringLiteral("jackd.log")));
    const QByteArray server = m_name.toUtf8();
    jack_client_t *client = nullptr;
    const bool ok = m_process->startAndWait(
        [&] {
            client = openClient(server);
            return client != nullptr;
        },
        10000, error);
    if (!ok)
        return false;
    m_client = client;
    m_serverGone.store(false);
    jack_set_xrun_callback(client, &JackServer::onXrun, this);
    jack_on_shutdown(client, &JackServer::onShutdown, this);
    if (jack_activate(client) != 0) {
        if (error)
            *error = QStringLiteral("cannot activate the JACK monitor client");
        return false;
    }
    return true;
}

int JackServer::onXrun(void *self)
{
    static_cast<JackServer *>(self)->m_xruns.fetch_add(1);
    return 0;
}

void JackServer::onShutdown(void *self)
{
    static_cast<JackServer *>(self)->m_serverGone.store(true);
}

void JackServer::stop()
{
    if (m_client) {
        // Closing a client whose server is already gone can block in libjack: just drop it then.
        if (!m_serverGone.load() && isRunning())
            jack_client_close(static_cast<jack_client_t *>(m_client));
        m_client = nullptr;
    }
    if (m_process)
        m_process->stop(2000);
}

void JackServer::kill()
{
    if (m_process)
        m_process->kill();
}

bool JackServer::isRunning() const
{
    return m_process && m_process->isRunning();
}

QStringList JackServer::ports(const QString &pattern) const
{
    QStringList out;
    if (!m_client)
        return out;
    const char **names = jack_get_ports(static_cast<jack_client_t *>(m_client), nullptr, nullptr, 0);
    if (!names)
        return out;
    const QRegularExpression re(pattern);
    for (const char **p = names; *p; ++p) {
        const QString name = QString::fromUtf8(*p);
        if (pattern.isEmpty() || re.match(name).hasMatch())
            out << name;
    }
    jack_free(names);
    return out;
}

bool JackServer::connect(const QString &source, const QString &destination, QString *error)
{
    if (!m_client) {
        if (error)
            *error = QStringLiteral("JACK server not started");
        return false;
    }
    const int rc = jack_connect(static_cast<jack_client_t *>(m_client), source.toUtf8().constData(),
                                destination.toUtf8().constData());
    if (rc != 0 && rc != EEXIST) {
        if (error)
            *error = QStringLiteral("jack_connect %1 -> %2 failed (%3); ports: %4")
                         .arg(source, destination)
                         .arg(rc)
                         .arg(ports().join(QStringLiteral(", ")));
        return false;
    }
    return true;
}

} // namespace crosstalk::test
