// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace crosstalk {

/// Names one account's password in a keyring: the protocol and the full username, so the
/// same account in two profiles (or re-imported from Pidgin) finds the same entry.
struct SecretKey
{
    QString protocolId;
    QString username;

    QString toString() const { return protocolId + QLatin1Char('/') + username; }
};

/// The result of one keyring operation.
struct SecretResult
{
    enum class Status {
        Ok,
        NotFound,    ///< the keyring answered: no such entry
        Unavailable, ///< no keyring answers (no Secret Service on the bus, no backend)
        Refused,     ///< the keyring answered but said no (locked, user cancelled, denied)
    };
    Status status = Status::Ok;
    QString password; ///< for reads that succeeded
    QString error;    ///< the keyring's own words otherwise

    bool ok() const { return status == Status::Ok; }
};

/// An asynchronous keyring: every operation returns at once and calls back on the calling
/// (main) thread, because a Secret Service may take seconds (or show an unlock prompt).
/// The app backs it with qtkeychain; tests with an in-memory fake or a real gnome-keyring.
class SecretVault : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    using Callback = std::function<void(const SecretResult &)>;

    virtual void read(const SecretKey &key, Callback done) = 0;
    virtual void write(const SecretKey &key, const QString &password, Callback done) = 0;
    virtual void remove(const SecretKey &key, Callback done) = 0;
};

} // namespace crosstalk
