// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/commandline.h"
#include "app/demoserver.h"

#include <QObject>
#include <QProcess>
#include <QTemporaryDir>

#include <memory>

namespace crosstalk::app {

/// `crosstalk --demo`: a throwaway Prosody, two temporary profiles (alice and bob), and a
/// second Crosstalk process for bob's window (libpurple is one per process). This process
/// is alice. Closing it, or killing it, stops the server and bob's window.
class Demo : public QObject
{
    Q_OBJECT
public:
    explicit Demo(QString program, QObject *parent = nullptr);
    ~Demo() override;

    /// Where alice's profile lives; valid after construction.
    QString aliceProfile() const;
    void start();

Q_SIGNALS:
    /// The server is up: this process should sign alice on with these details.
    void aliceReady(const crosstalk::app::CommandLine::DemoPeer &peer, const QString &password);
    void failed(const QString &reason);

private:
    void launchBob();
    static void removeStaleDemoDirs();

    QString m_program;
    QTemporaryDir m_root;
    std::unique_ptr<DemoServer> m_server;
    QProcess m_bob;
};

} // namespace crosstalk::app
