// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/remotecontrol.h"

#include "core/network/accountservice.h"
#include "core/network/callservice.h"
#include "core/network/messagingservice.h"
#include "core/network/rosterservice.h"
#include "core/presence/globalstatus.h"
#include "core/secrets/passwordkeeper.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace crosstalk::app {

namespace {

const QList<QPair<QString, PresenceKind>> kNames = {
    {QStringLiteral("available"), PresenceKind::Available}, {QStringLiteral("away"), PresenceKind::Away},
    {QStringLiteral("busy"), PresenceKind::Busy},           {QStringLiteral("invisible"), PresenceKind::Invisible},
    {QStringLiteral("offline"), PresenceKind::Offline},     {QStringLiteral("extended-away"), PresenceKind::ExtendedAway},
    {QStringLiteral("chatty"), PresenceKind::Chatty},       {QStringLiteral("unknown"), PresenceKind::Unknown},
};

QString nameOf(PresenceKind kind)
{
    for (const auto &[name, k] : kNames) {
        if (k == kind)
            return name;
    }
    return QStringLiteral("unknown");
}

QString stateName(ConnectionState s)
{
    switch (s) {
    case ConnectionState::Connected: return QStringLiteral("connected");
    case ConnectionState::Connecting: return QStringLiteral("connecting");
    case ConnectionState::Error: return QStringLiteral("error");
    case ConnectionState::Disconnected: break;
    }
    return QStringLiteral("disconnected");
}

QString json(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

} // namespace

RemoteControl::RemoteControl(Services services, QObject *parent)
    : QObject(parent)
    , m_services(services)
{
}

RemoteControl::~RemoteControl()
{
    if (m_registered) {
        QDBusConnection bus = QDBusConnection::sessionBus();
        bus.unregisterObject(objectPath());
        bus.unregisterService(serviceName());
    }
}

bool RemoteControl::registerOnSessionBus()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        m_problem = QStringLiteral("no session bus");
        return false;
    }
    if (!bus.registerObject(objectPath(), this, QDBusConnection::ExportAllSlots | QDBusConnection::ExportAllProperties)) {
        m_problem = bus.lastError().message();
        return false;
    }
    if (!bus.registerService(serviceName())) {
        m_problem = QStringLiteral("another Crosstalk owns %1 on this bus").arg(serviceName());
        bus.unregisterObject(objectPath());
        return false;
    }
    m_registered = true;
    return true;
}

QString RemoteControl::GetStatus() const
{
    return nameOf(m_services.status.effective().kind);
}

QString RemoteControl::GetStatusMessage() const
{
    return m_services.status.effective().message;
}

bool RemoteControl::SetStatus(const QString &status, const QString &message)
{
    for (const auto &[name, kind] : kNames) {
        if (name == status.trimmed().toLower() && kind != PresenceKind::Unknown) {
            m_services.status.setStatus({kind, message, false});
            return true;
        }
    }
    return false;
}

QString RemoteControl::ListAccounts() const
{
    QJsonArray out;
    for (const AccountInfo &a : m_services.accounts.accounts()) {
        out.append(QJsonObject{{QStringLiteral("id"), a.id.value()},
                               {QStringLiteral("protocol"), a.spec.protocolId},
                               {QStringLiteral("username"), a.spec.username},
                               {QStringLiteral("enabled"), a.spec.enabled},
                               {QStringLiteral("state"), stateName(a.state)},
                               {QStringLiteral("error"), a.lastError},
                               {QStringLiteral("status"), nameOf(m_services.roster.ownPresence(a.id).kind)}});
    }
    return json(out);
}

QString RemoteControl::ListPeople() const
{
    QJsonArray out;
    for (const AccountInfo &a : m_services.accounts.accounts()) {
        for (const BuddyInfo &b : m_services.roster.buddies(a.id)) {
            const QString name = !b.alias.isEmpty() ? b.alias : !b.serverAlias.isEmpty() ? b.serverAlias : b.address.handle;
            out.append(QJsonObject{{QStringLiteral("account"), a.id.value()},
                                   {QStringLiteral("handle"), b.address.handle},
                                   {QStringLiteral("name"), name},
                                   {QStringLiteral("group"), b.group},
                                   {QStringLiteral("status"), nameOf(b.presence.kind)},
                                   {QStringLiteral("message"), b.presence.message}});
        }
    }
    return json(out);
}

bool RemoteControl::OpenConversation(qlonglong account, const QString &handle)
{
    if (!m_services.accounts.account(AccountId(account)) || handle.isEmpty())
        return false;
    Q_EMIT conversationRequested(BuddyAddress{AccountId(account), handle});
    return true;
}

QString RemoteControl::SendMessage(qlonglong account, const QString &handle, const QString &text)
{
    const SendResult r = m_services.messaging.sendIm(BuddyAddress{AccountId(account), handle}, text.toHtmlEscaped());
    switch (r) {
    case SendResult::Sent: return QStringLiteral("sent");
    case SendResult::NotConnected: return QStringLiteral("not-connected");
    case SendResult::Failed: break;
    }
    return QStringLiteral("failed");
}

qlonglong RemoteControl::AddAccount(const QString &protocol, const QString &username, const QString &settingsJson,
                                    const QString &password)
{
    AccountSpec spec;
    spec.protocolId = protocol;
    spec.username = username;
    spec.enabled = false;
    spec.settings = QJsonDocument::fromJson(settingsJson.toUtf8()).object().toVariantMap();
    // JSON numbers arrive as double; libpurple options are ints.
    for (auto it = spec.settings.begin(); it != spec.settings.end(); ++it) {
        if (it->typeId() == QMetaType::Double)
            *it = int(it->toDouble());
    }
    const AccountId id = m_services.accounts.addAccount(spec);
    if (!id.isValid())
        return 0;
    if (!password.isEmpty())
        m_services.passwords.setPassword(id, password);
    m_services.accounts.setEnabled(id, true);
    return id.value();
}

QString RemoteControl::Call(qlonglong account, const QString &handle)
{
    if (!m_services.calls)
        return QStringLiteral("unavailable: calls are not supported here");
    const BuddyAddress buddy{AccountId(account), handle};
    const CallCapability can = m_services.calls->capability(buddy);
    if (!can.audio)
        return QStringLiteral("unavailable: ") + (can.whyNot.isEmpty() ? QStringLiteral("cannot be called") : can.whyNot);
    // Through the same path as the call button, so the call window and the call log follow.
    Q_EMIT callRequested(buddy);
    return QStringLiteral("calling");
}

int RemoteControl::HangUp()
{
    if (!m_services.calls)
        return 0;
    int count = 0;
    for (const CallInfo &call : m_services.calls->calls()) {
        if (call.state == CallState::Ended)
            continue;
        if (call.direction == CallDirection::Incoming && !call.answeredAt.isValid())
            m_services.calls->decline(call.key);
        else
            m_services.calls->hangUp(call.key);
        ++count;
    }
    return count;
}

static QString callStateName(CallState state)
{
    switch (state) {
    case CallState::Calling: return QStringLiteral("calling");
    case CallState::Ringing: return QStringLiteral("ringing");
    case CallState::Connecting: return QStringLiteral("connecting");
    case CallState::Active: return QStringLiteral("active");
    case CallState::Ended: return QStringLiteral("ended");
    }
    return {};
}

QString RemoteControl::ListCalls() const
{
    QJsonArray list;
    if (m_services.calls) {
        for (const CallInfo &call : m_services.calls->calls()) {
            list.append(QJsonObject{
                {QStringLiteral("id"), qint64(call.key)},
                {QStringLiteral("account"), call.peer.account.value()},
                {QStringLiteral("handle"), call.peer.handle},
                {QStringLiteral("direction"),
                 call.direction == CallDirection::Outgoing ? QStringLiteral("outgoing") : QStringLiteral("incoming")},
                {QStringLiteral("state"), callStateName(call.state)},
                {QStringLiteral("muted"), call.muted},
                {QStringLiteral("held"), call.held},
            });
        }
    }
    return QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact));
}

} // namespace crosstalk::app
