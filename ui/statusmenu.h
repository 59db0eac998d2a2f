// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/network/accountservice.h"
#include "core/presence/globalstatus.h"

#include <QMenu>

namespace crosstalk::ui {

/// The tray's menu (also usable from the main window): the five statuses, a custom message,
/// recent and saved statuses, per-account overrides, Show/Hide, Accounts, Quit. Every
/// action is here because many StatusNotifierItem hosts never send clicks.
class StatusMenu : public QMenu
{
    Q_OBJECT
public:
    StatusMenu(GlobalStatus &status, AccountService &accounts, QWidget *parent = nullptr);

    /// The action that picks this status (for tests and the tray's D-Bus menu).
    QAction *actionFor(PresenceKind kind) const { return m_kinds.value(kind); }
    QAction *showHideAction() const { return m_showHide; }
    QAction *quitAction() const { return m_quit; }
    void setWindowVisible(bool visible);
    /// "Away when idle": the minutes now in force (0 = never); when the desktop cannot report
    /// idle time, the submenu is disabled and says why.
    void setIdleAway(int minutes, bool available, const QString &why = {});
    QMenu *idleMenu() const { return m_idle; }
    static QList<int> idleChoices() { return {0, 5, 10, 15, 30, 60}; }

    static QString labelFor(PresenceKind kind);
    static QList<PresenceKind> choices();

Q_SIGNALS:
    void showHideRequested();
    void accountsRequested();
    void quitRequested();
    /// "Custom message…": the owner asks for the text (non-modal) and calls setStatus.
    void customMessageRequested();
    /// The user picked how many idle minutes set Away (0 = never).
    void idleAwayChosen(int minutes);

private:
    void rebuildDynamic();

    GlobalStatus &m_status;
    AccountService &m_accounts;
    QHash<PresenceKind, QAction *> m_kinds;
    QMenu *m_idle = nullptr;
    QHash<int, QAction *> m_idleChoices;
    QAction *m_idleUnavailable = nullptr;
    QMenu *m_recent;
    QMenu *m_saved;
    QMenu *m_perAccount;
    QAction *m_showHide;
    QAction *m_quit;
};

} // namespace crosstalk::ui
