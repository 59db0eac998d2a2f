// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

#include <functional>

namespace crosstalk::app {

/// The throwaway Prosody behind `crosstalk --demo`: domain "localhost" on a free port of
/// 127.0.0.1, a certificate made for this run, and users who are already each other's
/// buddies. Everything is asynchronous (the window is up while it starts); it dies with
/// this process, even when the process is killed.
class DemoServer : public QObject
{
    Q_OBJECT
public:
    explicit DemoServer(QString rootDir, QObject *parent = nullptr);
    ~DemoServer() override;

    /// False when Prosody is not installed (say how to get it).
    static bool isAvailable();

    void start(const QStringList &users);
    quint16 port() const { return m_port; }
    QString certificatePath() const;
    QString password(const QString &user) const;
    QString jid(const QString &user) const { return user + QStringLiteral("@localhost"); }

Q_SIGNALS:
    void ready();
    void failed(const QString &reason);

private:
    void runStep(const QString &program, const QStringList &args, std::function<void()> next);
    void writeFiles();
    void launch();
    void pollListening(int attemptsLeft);
    QString path(const QString &name) const { return m_root + QLatin1Char('/') + name; }

    QString m_root;
    QStringList m_users;
    QString m_secret;
    quint16 m_port = 0;
    QProcess m_server;
};

} // namespace crosstalk::app
