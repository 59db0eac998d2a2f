// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/presence.h"
#include "core/network/accountservice.h"
#include "core/network/rosterservice.h"

#include <QHash>
#include <QObject>

#include <memory>
#include <optional>

class QSettings;

namespace crosstalk {

/// One status for every enabled account: the user picks it once (tray, remote control),
/// each protocol gets its nearest primitive (RosterService::setOwnPresence), and it comes
/// back at the next start. An account may override it; auto-away lays "Away" over an
/// available status while the user is idle, without forgetting what they chose.
class GlobalStatus : public QObject
{
    Q_OBJECT
public:
    /// settingsFile: an INI file in the profile where the status, the recent and saved
    /// statuses and the overrides are kept (empty: nothing persists, as in tests).
    GlobalStatus(AccountService &accounts, RosterService &roster, QString settingsFile = {},
                 QObject *parent = nullptr);
    ~GlobalStatus() override;

    /// What the user chose.
    Presence chosen() const { return m_chosen; }
    /// What the accounts show: the choice, or Away while auto-away holds.
    Presence effective() const;
    bool isAutoAway() const { return m_autoAway; }
    /// Busy (do not disturb): notifications are counted but not shown.
    bool suppressesPopups() const { return effective().kind == PresenceKind::Busy; }

    /// The user's choice: applied to every enabled account without an override, remembered
    /// among the recent statuses and for the next start.
    void setStatus(const Presence &presence);
    /// Applies the remembered status (call once the accounts are loaded).
    void restore();

    /// The last few distinct statuses with a message, newest first.
    QList<Presence> recent() const { return m_recent; }
    QList<Presence> saved() const { return m_saved; }
    void saveStatus(const Presence &presence);
    void forgetSaved(const Presence &presence);

    void setOverride(AccountId account, std::optional<Presence> presence);
    std::optional<Presence> overrideFor(AccountId account) const;
    /// The presence an account is given (its override, or the effective global one).
    Presence presenceFor(AccountId account) const;

    /// Auto-away (from AutoAway): only ever lowers an online, reachable status.
    void setAutoAway(bool away);

    static constexpr int kMaxRecent = 5;

Q_SIGNALS:
    void changed();

private:
    void applyAll();
    void apply(AccountId account);
    void persist();
    void load();

    AccountService &m_accounts;
    RosterService &m_roster;
    std::unique_ptr<QSettings> m_settings;
    Presence m_chosen{PresenceKind::Available, {}, false};
    bool m_autoAway = false;
    QList<Presence> m_recent;
    QList<Presence> m_saved;
    QHash<AccountId, Presence> m_overrides;
};

} // namespace crosstalk
