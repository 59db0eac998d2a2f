// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/address.h"

#include <QObject>
#include <QString>

namespace crosstalk {
class AccountService;
class CallService;
class GlobalStatus;
class MessagingService;
class PasswordKeeper;
class RosterService;
}

namespace crosstalk::app {

/// The session-bus interface scripts and desktop integrations use, as Pidgin's D-Bus API:
/// service im.crosstalk.Crosstalk, object /im/crosstalk/Crosstalk, interface
/// im.crosstalk.Crosstalk1 (the number is the version; incompatible changes get a new
/// interface beside the old one). Lists come back as JSON text. Documented in docs/remote.md.
class RemoteControl : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "im.crosstalk.Crosstalk1")
    Q_PROPERTY(uint Version READ Version)
public:
    struct Services
    {
        AccountService &accounts;
        RosterService &roster;
        MessagingService &messaging;
        GlobalStatus &status;
        PasswordKeeper &passwords;
        CallService *calls = nullptr; ///< null where calls are not available
    };

    static constexpr uint kVersion = 1;
    static QString serviceName() { return QStringLiteral("im.crosstalk.Crosstalk"); }
    static QString objectPath() { return QStringLiteral("/im/crosstalk/Crosstalk"); }
    static QString interfaceName() { return QStringLiteral("im.crosstalk.Crosstalk1"); }

    explicit RemoteControl(Services services, QObject *parent = nullptr);
    ~RemoteControl() override;

    /// Claims the name on the session bus; false (with problem()) when another instance has it
    /// or there is no session bus.
    bool registerOnSessionBus();
    QString problem() const { return m_problem; }

    uint Version() const { return kVersion; }

public Q_SLOTS:
    /// "available", "away", "busy", "invisible", "offline" (also "extended-away", "chatty").
    QString GetStatus() const;
    QString GetStatusMessage() const;
    /// False for an unknown status name.
    bool SetStatus(const QString &status, const QString &message);
    /// [{"id":1,"protocol":"prpl-jabber","username":…,"enabled":true,"state":"connected","error":""}]
    QString ListAccounts() const;
    /// [{"account":1,"handle":…,"name":…,"group":…,"status":"away","message":…}]
    QString ListPeople() const;
    bool OpenConversation(qlonglong account, const QString &handle);
    /// "sent", "not-connected" or "failed".
    QString SendMessage(qlonglong account, const QString &handle, const QString &text);
    /// Adds and enables an account; the password goes to the keyring (or memory) as the
    /// accounts dialog does. settingsJson is an object of protocol options. Returns the id, or
    /// 0 when the protocol is not loaded.
    qlonglong AddAccount(const QString &protocol, const QString &username, const QString &settingsJson,
                         const QString &password);

    /// Places a call as the contact list's call button does (the call window opens).
    /// "calling", or "unavailable: <why>" when the buddy cannot be called.
    QString Call(qlonglong account, const QString &handle);
    /// Hangs up (or declines, or cancels) every call not yet ended; returns how many.
    int HangUp();
    /// [{"id":3,"account":1,"handle":…,"direction":"outgoing","state":"active","muted":false,"held":false}]
    QString ListCalls() const;

Q_SIGNALS:
    void conversationRequested(const crosstalk::BuddyAddress &buddy);
    void callRequested(const crosstalk::BuddyAddress &buddy);

private:
    Services m_services;
    QString m_problem;
    bool m_registered = false;
};

} // namespace crosstalk::app
