// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/presence/globalstatus.h"

#include <QSettings>

namespace crosstalk {

namespace {

QString encode(const Presence &p)
{
    return QString::number(int(p.kind)) + QLatin1Char('\t') + p.message;
}

std::optional<Presence> decode(const QString &s)
{
    bool ok = false;
    const int kind = s.section(QLatin1Char('\t'), 0, 0).toInt(&ok);
    if (!ok || kind <= int(PresenceKind::Unknown) || kind > int(PresenceKind::Available))
        return std::nullopt;
    return Presence{PresenceKind(kind), s.section(QLatin1Char('\t'), 1), false};
}

QStringList encodeAll(const QList<Presence> &list)
{
    QStringList out;
    for (const Presence &p : list)
        out << encode(p);
    return out;
}

QList<Presence> decodeAll(const QStringList &list)
{
    QList<Presence> out;
    for (const QString &s : list) {
        if (const auto p = decode(s))
            out << *p;
    }
    return out;
}

} // namespace

GlobalStatus::GlobalStatus(AccountService &accounts, RosterService &roster, QString settingsFile, QObject *parent)
    : QObject(parent)
    , m_accounts(accounts)
    , m_roster(roster)
{
    if (!settingsFile.isEmpty()) {
        m_settings = std::make_unique<QSettings>(settingsFile, QSettings::IniFormat);
        load();
    }
    // A new or newly enabled account starts with the global status.
    connect(&accounts, &AccountService::accountAdded, this, [this](AccountId id) { apply(id); });
    connect(&accounts, &AccountService::accountRemoved, this, [this](AccountId id) {
        if (m_overrides.remove(id))
            persist();
    });
}

GlobalStatus::~GlobalStatus() = default;

Presence GlobalStatus::effective() const
{
    if (m_autoAway)
        return {PresenceKind::Away, m_chosen.message, true};
    return m_chosen;
}

void GlobalStatus::setStatus(const Presence &presence)
{
    Presence p{presence.kind, presence.message.trimmed(), false};
    if (p.kind == PresenceKind::Unknown)
        return;
    m_chosen = p;
    m_autoAway = false;
    if (!p.message.isEmpty()) {
        m_recent.removeAll(p);
        m_recent.prepend(p);
        while (m_recent.size() > kMaxRecent)
            m_recent.removeLast();
    }
    persist();
    applyAll();
    Q_EMIT changed();
}

void GlobalStatus::restore()
{
    applyAll();
    Q_EMIT changed();
}

void GlobalStatus::saveStatus(const Presence &presence)
{
    const Presence p{presence.kind, presence.message.trimmed(), false};
    if (p.kind == PresenceKind::Unknown || m_saved.contains(p))
        return;
    m_saved << p;
    persist();
    Q_EMIT changed();
}

void GlobalStatus::forgetSaved(const Presence &presence)
{
    if (m_saved.removeAll(presence) > 0) {
        persist();
        Q_EMIT changed();
    }
}

void GlobalStatus::setOverride(AccountId account, std::optional<Presence> presence)
{
    if (presence)
        m_overrides.insert(account, {presence->kind, presence->message, false});
    else
        m_overrides.remove(account);
    persist();
    apply(account);
    Q_EMIT changed();
}

std::optional<Presence> GlobalStatus::overrideFor(AccountId account) const
{
    const auto it = m_overrides.constFind(account);
    if (it == m_overrides.cend())
        return std::nullopt;
    return *it;
}

Presence GlobalStatus::presenceFor(AccountId account) const
{
    return overrideFor(account).value_or(effective());
}

void GlobalStatus::setAutoAway(bool away)
{
    // Only an online, reachable choice is lowered; Busy, Invisible and Offline stay as chosen.
    if (away && !(m_chosen.kind == PresenceKind::Available || m_chosen.kind == PresenceKind::Chatty))
        away = false;
    if (away == m_autoAway)
        return;
    m_autoAway = away;
    applyAll();
    Q_EMIT changed();
}

void GlobalStatus::applyAll()
{
    for (const AccountInfo &info : m_accounts.accounts())
        apply(info.id);
}

void GlobalStatus::apply(AccountId id)
{
    const auto info = m_accounts.account(id);
    if (!info || !info->spec.enabled)
        return;
    const Presence p = presenceFor(id);
    if (p.kind == PresenceKind::Offline) {
        m_accounts.disconnectAccount(id);
        m_roster.setOwnPresence(id, p);
        return;
    }
    m_roster.setOwnPresence(id, p);
    // Coming back from Offline: an online status alone does not dial a stopped account.
    if (info->state == ConnectionState::Disconnected || info->state == ConnectionState::Error)
        m_accounts.connectAccount(id);
}

void GlobalStatus::persist()
{
    if (!m_settings)
        return;
    m_settings->setValue(QStringLiteral("status/current"), encode(m_chosen));
    m_settings->setValue(QStringLiteral("status/recent"), encodeAll(m_recent));
    m_settings->setValue(QStringLiteral("status/saved"), encodeAll(m_saved));
    m_settings->remove(QStringLiteral("overrides"));
    for (auto it = m_overrides.cbegin(); it != m_overrides.cend(); ++it)
        m_settings->setValue(QStringLiteral("overrides/%1").arg(it.key().value()), encode(it.value()));
}

void GlobalStatus::load()
{
    if (const auto p = decode(m_settings->value(QStringLiteral("status/current")).toString()))
        m_chosen = *p;
    m_recent = decodeAll(m_settings->value(QStringLiteral("status/recent")).toStringList());
    m_saved = decodeAll(m_settings->value(QStringLiteral("status/saved")).toStringList());
    m_settings->beginGroup(QStringLiteral("overrides"));
    for (const QString &key : m_settings->childKeys()) {
        if (const auto p = decode(m_settings->value(key).toString()))
            m_overrides.insert(AccountId(key.toLongLong()), *p);
    }
    m_settings->endGroup();
}

} // namespace crosstalk
