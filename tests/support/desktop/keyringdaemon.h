// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tests/support/desktop/sessionbus.h"

namespace crosstalk::test {

/// gnome-keyring-daemon's Secret Service on a test session bus, its login collection
/// created and unlocked with a throwaway password.
class KeyringDaemon
{
public:
    explicit KeyringDaemon(const SessionBus &bus) : m_bus(bus) {}
    ~KeyringDaemon();

    bool start(QString *error = nullptr);
    void stop();

    /// secret-tool lookup of a Crosstalk entry ("service" → server, "key" → user, as
    /// qtkeychain stores them); empty when there is none.
    QString lookup(const QString &service, const QString &key) const;
    /// Locks every collection (the keyring then refuses to hand out secrets without a prompt).
    bool lockAll() const;

private:
    const SessionBus &m_bus;
    TempDir m_dir;
    std::unique_ptr<ServerProcess> m_daemon;
};

} // namespace crosstalk::test
