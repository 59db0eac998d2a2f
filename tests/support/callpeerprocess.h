// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace crosstalk::test {

/// A call peer in its own process (libpurple is one per process): tests/support/crosstalkpeer
/// (Crosstalk's engine) or tests/support/farstreampeer (libpurple's stock Farstream backend).
/// Both speak one line protocol on stdin/stdout:
///   commands: call JID | answer | decline | hangup | mute on|off | hold on|off | caps JID | quality | quit
///   events:   ready | calling | incoming JID | ringing | connected | audio | remote-hold on|off
///             | caps JID yes|no ... | quality CODEC | ended REASON [DETAIL] | error TEXT
/// Like ServerProcess it dies with the test (PR_SET_PDEATHSIG); its stderr goes to a log file.
class CallPeerProcess
{
public:
    enum class Kind { Crosstalk, Farstream };
    struct Options
    {
        Kind kind = Kind::Crosstalk;
        QString jid;       ///< bare JID
        QString password;
        quint16 port = 0;  ///< Prosody c2s on 127.0.0.1 (no TLS)
        QString dir;       ///< profile directory, made by the caller (a TempDir)
        QString inputWav;  ///< crosstalkpeer: the microphone (looped); ignored by the Farstream peer (a sine)
        QString outputWav; ///< what the peer heard, written when each call ends
        int ringTimeoutMs = 45000;
        QStringList extraArguments;
    };

    explicit CallPeerProcess(Options options);
    ~CallPeerProcess();
    CallPeerProcess(const CallPeerProcess &) = delete;
    CallPeerProcess &operator=(const CallPeerProcess &) = delete;

    /// Starts the peer and waits for "ready" (signed on); false with *error (and the log) otherwise.
    bool start(QString *error, int timeoutMs = 20000);
    void send(const QString &command);
    /// Waits until a line starting with `prefix` arrives after the last consumed one, and
    /// consumes it; the line, or a null string on timeout or exit.
    QString waitForLine(const QString &prefix, int timeoutMs = 15000);
    /// True if such a line arrived (not consumed).
    bool hasLine(const QString &prefix) const;
    QStringList lines() const { return m_lines; }
    /// "quit", then SIGTERM/SIGKILL if it lingers.
    void stop();
    /// SIGKILL: the peer's machine vanishes.
    void kill();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    qint64 pid() const { return m_process.processId(); }
    QString logTail(int maxChars = 4000) const;
    QString outputWav() const { return m_options.outputWav; }

    /// Where the peer executables were built (CROSSTALK_TEST_PEER_DIR); false if one is missing.
    static QString program(Kind kind);

private:
    void readLines();

    Options m_options;
    QProcess m_process;
    QString m_logPath;
    QByteArray m_partial;
    QStringList m_lines;
    int m_consumed = 0;
};

} // namespace crosstalk::test
