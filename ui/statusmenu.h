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

    static QString labelFor(PresenceKind kind);
    static QList<PresenceKind> choices();

Q_SIGNALS:
    void showHideRequested();
    void accountsRequested();
    void quitRequested();
    /// "Custom message…": the owner asks for the text (non-modal) and calls setStatus.
    void customMessageRequested();

private:
    void rebuildDynamic();

    GlobalStatus &m_status;
    AccountService &m_accounts;
    QHash<PresenceKind, QAction *> m_kinds;
    QMenu *m_recent;
    QMenu *m_saved;
    QMenu *m_perAccount;
    QAction *m_showHide;
    QAction *m_quit;
};

} // namespace crosstalk::ui
