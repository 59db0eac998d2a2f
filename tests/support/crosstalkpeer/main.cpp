// SPDX-License-Identifier: GPL-3.0-or-later
// A second Crosstalk for call tests (libpurple is one per process): PurpleBackend with Crosstalk's
// media backend and a real-time FileDevice (a WAV as microphone, a WAV as speaker), driven over
// stdin/stdout with the same line protocol as the Farstream peer (see callpeerprocess.h):
//
//   in:  call JID | answer | decline | hangup | mute on|off | hold on|off | caps JID | quality | quit
//   out: ready | calling | incoming JID | ringing | connected | audio | remote-hold on|off
//        | caps JID yes|no | quality CODEC | ended REASON [DETAIL] | error TEXT
#include "core/voice/filedevice.h"
#include "protocols/purplebackend.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QSocketNotifier>

#include <cstdio>
#include <unistd.h>

using namespace crosstalk;

namespace {

void say(const QString &line)
{
    const QByteArray bytes = line.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

QString reasonWord(CallEndReason reason)
{
    switch (reason) {
    case CallEndReason::None: return QStringLiteral("none");
    case CallEndReason::HungUpLocally: return QStringLiteral("hung-up-locally");
    case CallEndReason::HungUpRemotely: return QStringLiteral("hung-up-remotely");
    case CallEndReason::DeclinedLocally: return QStringLiteral("declined-locally");
    case CallEndReason::DeclinedRemotely: return QStringLiteral("declined-remotely");
    case CallEndReason::CancelledLocally: return QStringLiteral("cancelled-locally");
    case CallEndReason::CancelledRemotely: return QStringLiteral("cancelled-remotely");
    case CallEndReason::NoAnswer: return QStringLiteral("no-answer");
    case CallEndReason::Unreachable: return QStringLiteral("unreachable");
    case CallEndReason::NoCommonCodec: return QStringLiteral("no-common-codec");
    case CallEndReason::ConnectionFailed: return QStringLiteral("connection-failed");
    case CallEndReason::NetworkLost: return QStringLiteral("network-lost");
    case CallEndReason::AudioDeviceFailed: return QStringLiteral("audio-device-failed");
    case CallEndReason::Error: return QStringLiteral("error");
    }
    return QStringLiteral("error");
}

class Peer : public QObject
{
public:
    Peer(protocols::PurpleBackend &backend, QString jid)
        : m_backend(backend)
        , m_jid(std::move(jid))
        , m_stdin(STDIN_FILENO, QSocketNotifier::Read)
    {
        CallService &calls = backend.calls();
        connect(&calls, &CallService::callAdded, this, [this](const CallInfo &c) {
            m_current = c.key;
            if (c.direction == CallDirection::Incoming)
                say(QStringLiteral("incoming ") + c.peer.handle);
            else
                say(QStringLiteral("calling"));
        });
        connect(&calls, &CallService::callChanged, this, [this](const CallInfo &c) {
            if (c.state != m_lastState.value(c.key)) {
                m_lastState[c.key] = c.state;
                if (c.state == CallState::Ringing && c.direction == CallDirection::Outgoing)
                    say(QStringLiteral("ringing"));
                else if (c.state == CallState::Connecting)
                    say(QStringLiteral("connected"));
                else if (c.state == CallState::Active)
                    say(QStringLiteral("audio"));
            }
            if (c.remoteHeld != m_remoteHeld) {
                m_remoteHeld = c.remoteHeld;
                say(QStringLiteral("remote-hold ") + (c.remoteHeld ? QStringLiteral("on") : QStringLiteral("off")));
            }
        });
        connect(&calls, &CallService::callEnded, this, [this](const CallInfo &c) {
            say(QStringLiteral("ended ") + reasonWord(c.endReason)
                + (c.endDetail.isEmpty() ? QString() : QLatin1Char(' ') + c.endDetail.simplified()));
            if (c.key == m_current)
                m_current = 0;
            m_remoteHeld = false;
        });
        connect(&backend.accounts(), &AccountService::connectionStateChanged, this,
                [this](AccountId, ConnectionState state, const QString &error) {
                    if (state == ConnectionState::Connected && !m_ready) {
                        m_ready = true;
                        say(QStringLiteral("ready"));
                    } else if (state == ConnectionState::Error) {
                        say(QStringLiteral("error account: ") + error);
                    } else if (state == ConnectionState::Disconnected) {
                        m_ready = false;
                    }
                });
        connect(&m_stdin, &QSocketNotifier::activated, this, [this] { readInput(); });
    }

    void setAccount(AccountId id) { m_account = id; }

private:
    void readInput()
    {
        char buffer[4096];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0) {
            // The test went away: leave as it would (hang up first).
            m_stdin.setEnabled(false);
            QCoreApplication::quit();
            return;
        }
        m_pending.append(buffer, int(n));
        int nl;
        while ((nl = m_pending.indexOf('\n')) >= 0) {
            const QString line = QString::fromUtf8(m_pending.left(nl)).trimmed();
            m_pending.remove(0, nl + 1);
            if (!line.isEmpty())
                command(line);
        }
    }

    void command(const QString &line)
    {
        const QString verb = line.section(QLatin1Char(' '), 0, 0);
        const QString arg = line.section(QLatin1Char(' '), 1).trimmed();
        CallService &calls = m_backend.calls();
        if (verb == QLatin1String("call")) {
            QString error;
            if (!calls.startCall({m_account, arg}, &error))
                say(QStringLiteral("error ") + error);
        } else if (verb == QLatin1String("answer")) {
            calls.answer(m_current);
        } else if (verb == QLatin1String("decline")) {
            calls.decline(m_current);
        } else if (verb == QLatin1String("hangup")) {
            calls.hangUp(m_current);
        } else if (verb == QLatin1String("mute")) {
            calls.setMuted(m_current, arg == QLatin1String("on"));
        } else if (verb == QLatin1String("hold")) {
            calls.setHeld(m_current, arg == QLatin1String("on"));
        } else if (verb == QLatin1String("caps")) {
            const CallCapability cap = calls.capability({m_account, arg});
            say(QStringLiteral("caps ") + arg + (cap.audio ? QStringLiteral(" yes") : QStringLiteral(" no ") + cap.whyNot));
        } else if (verb == QLatin1String("quality")) {
            const CallQuality q = calls.quality(m_current);
            say(QStringLiteral("quality ") + (q.codec.isEmpty() ? QStringLiteral("none") : q.codec));
        } else if (verb == QLatin1String("quit")) {
            QCoreApplication::quit();
        } else {
            say(QStringLiteral("error unknown command: ") + line);
        }
    }

    protocols::PurpleBackend &m_backend;
    QString m_jid;
    AccountId m_account;
    QSocketNotifier m_stdin;
    QByteArray m_pending;
    CallKey m_current = 0;
    QHash<CallKey, CallState> m_lastState;
    bool m_remoteHeld = false;
    bool m_ready = false;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("jid"), QStringLiteral("Bare JID to sign on as."), QStringLiteral("jid")},
        {QStringLiteral("password"), QStringLiteral("Password."), QStringLiteral("password")},
        {QStringLiteral("port"), QStringLiteral("Prosody's c2s port on 127.0.0.1."), QStringLiteral("port")},
        {QStringLiteral("dir"), QStringLiteral("Profile directory (created)."), QStringLiteral("dir")},
        {QStringLiteral("in"), QStringLiteral("WAV played into calls as the microphone (looped)."), QStringLiteral("wav")},
        {QStringLiteral("out"), QStringLiteral("WAV the speaker writes at the end of each call."), QStringLiteral("wav")},
        {QStringLiteral("resource"), QStringLiteral("XMPP resource."), QStringLiteral("name"), QStringLiteral("peer")},
        {QStringLiteral("ring-timeout"), QStringLiteral("Ring timeout in ms."), QStringLiteral("ms"), QStringLiteral("45000")},
    });
    parser.process(app);
    const QString jid = parser.value(QStringLiteral("jid"));
    if (jid.isEmpty() || parser.value(QStringLiteral("port")).isEmpty() || parser.value(QStringLiteral("dir")).isEmpty()) {
        say(QStringLiteral("error --jid, --port and --dir are required"));
        return 2;
    }
    QDir().mkpath(parser.value(QStringLiteral("dir")));

    protocols::PurpleBackend::Options options;
    options.userDir = parser.value(QStringLiteral("dir")) + QStringLiteral("/purple");
    options.ringTimeoutMs = parser.value(QStringLiteral("ring-timeout")).toInt();
    const std::string in = parser.value(QStringLiteral("in")).toStdString();
    const std::string out = parser.value(QStringLiteral("out")).toStdString();
    options.media.audioProcessing = false; // tests measure the codec path, not the echo canceller
    options.media.audioDevice = [in, out](std::string &) -> std::unique_ptr<voice::AudioDevice> {
        voice::FileDeviceConfig config;
        config.clock = voice::FileDeviceConfig::Clock::RealTime;
        config.inputPath = in;
        config.loopInput = true;
        config.outputPath = out;
        config.maxRecordSeconds = 120;
        return std::make_unique<voice::FileDevice>(std::move(config));
    };
    protocols::PurpleBackend backend(std::move(options));
    Peer peer(backend, jid);
    QString error;
    if (!backend.start(&error)) {
        say(QStringLiteral("error ") + error);
        return 1;
    }
    AccountSpec spec;
    spec.protocolId = QStringLiteral("prpl-jabber");
    spec.username = jid + QLatin1Char('/') + parser.value(QStringLiteral("resource"));
    spec.enabled = false;
    spec.settings = {{QStringLiteral("connect_server"), QStringLiteral("127.0.0.1")},
                     {QStringLiteral("port"), parser.value(QStringLiteral("port")).toInt()},
                     {QStringLiteral("connection_security"), QStringLiteral("opportunistic_tls")},
                     {QStringLiteral("auth_plain_in_clear"), true}};
    const AccountId id = backend.accounts().addAccount(spec);
    peer.setAccount(id);
    backend.accounts().provideSecret(id, parser.value(QStringLiteral("password")));
    backend.accounts().setEnabled(id, true);
    return app.exec();
}
