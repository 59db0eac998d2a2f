// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/remotecontrol.h"

#include "core/network/accountservice.h"
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

} // namespace crosstalk::app
