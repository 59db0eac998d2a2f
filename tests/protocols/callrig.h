// SPDX-License-Identifier: GPL-3.0-or-later
// A call test bench: a real Prosody (no TLS), this process as alice (PurpleBackend, Crosstalk's
// media backend, a real-time FileDevice per call) and bob as a peer process (crosstalkpeer or
// farstreampeer), with every CallService signal recorded. carol (carolpw) exists too, a second caller.
#pragma once

#include "core/voice/audioformat.h"
#include "tests/protocols/purplefixture.h"
#include "tests/support/callpeerprocess.h"
#include "tests/support/prosodyserver.h"
#include "tests/support/tempdir.h"

#include <QList>

#include <memory>
#include <vector>

namespace crosstalk::test {

class CallRig
{
public:
    struct Options
    {
        CallPeerProcess::Kind peer = CallPeerProcess::Kind::Crosstalk;
        int ringTimeoutMs = 45000;     ///< ours
        int peerRingTimeoutMs = 45000; ///< the crosstalk peer's
        int connectTimeoutMs = 30000;
        int iceTimeoutMs = 20000;
        bool startPeer = true;
        QStringList peerArguments;
    };

    CallRig() : CallRig(Options{}) {}
    explicit CallRig(Options options);
    ~CallRig();

    /// Server, both accounts signed on, and alice sees bob as callable. FAILs the test otherwise.
    void start();
    /// Starts (or restarts) bob's process and waits until alice can call him.
    void startPeer();

    /// Waits until bob's client can call alice (it learns her caps after her presence), then
    /// makes bob call her.
    void peerCallsAlice();

    CallService &calls() { return m_fixture->backend().calls(); }
    PurpleFixture &fixture() { return *m_fixture; }
    ProsodyServer &server() { return m_server; }
    CallPeerProcess &peer() { return *m_peer; }
    AccountId account() const { return m_account; }
    BuddyAddress bob() const { return {m_account, QStringLiteral("bob@localhost")}; }
    QString aliceJid() const { return QStringLiteral("alice@localhost"); }

    /// The latest info of `key` as signalled.
    CallInfo info(CallKey key) const;
    bool waitForState(CallKey key, CallState state, int timeoutMs = 20000);
    bool waitForEnd(CallKey key, int timeoutMs = 20000);
    /// The key of the first incoming call announced after `after` keys were seen.
    CallKey waitForIncoming(int timeoutMs = 20000);
    int endedCount(CallKey key) const;

    /// What alice's speaker played in call number `index` (0-based; written when it ended).
    std::vector<voice::Sample> alicePlayed(int index, int timeoutMs = 10000) const;
    /// What bob heard in his last call (his WAV, written when it ended).
    std::vector<voice::Sample> bobHeard(int timeoutMs = 10000) const;
    const std::vector<voice::Sample> &aliceInput() const { return m_aliceInput; }
    const std::vector<voice::Sample> &bobInput() const { return m_bobInput; }
    int devicesCreated() const { return m_devices; }

    QList<CallInfo> added;
    QList<CallInfo> changes;
    QList<CallInfo> ended;

private:
    Options m_options;
    TempDir m_dir;
    ProsodyServer m_server;
    std::vector<voice::Sample> m_aliceInput;
    std::vector<voice::Sample> m_bobInput;
    std::unique_ptr<PurpleFixture> m_fixture;
    std::unique_ptr<CallPeerProcess> m_peer;
    AccountId m_account;
    int m_devices = 0;
};

/// Whether `heard` carries `source` (looped): 1.5 s stretches from near its end are found in the
/// source by cross-correlation; returns the best correlation and the segmental SNR (dB) there.
struct HeardCheck
{
    bool found = false;
    double correlation = 0;
    double snrDb = -100;
};
HeardCheck checkHeard(const std::vector<voice::Sample> &heard, const std::vector<voice::Sample> &source);

/// Open file descriptors and threads of this process.
int openFileDescriptors();
int threadCount();

} // namespace crosstalk::test
