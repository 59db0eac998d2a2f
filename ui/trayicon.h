// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/network/accountservice.h"
#include "core/presence/globalstatus.h"

#include <QPointer>
#include <QSystemTrayIcon>

namespace crosstalk::ui {

class StatusMenu;

/// Crosstalk in the system tray: the icon shows the global status with overlays for unread
/// messages and missed calls; the menu is the StatusMenu; a left click toggles the window.
/// Closing the window hides it to the tray only while a tray shows the icon; with no tray,
/// closing the window closes it (and the app quits with its last window).
class TrayIcon : public QObject
{
    Q_OBJECT
public:
    TrayIcon(GlobalStatus &status, AccountService &accounts, QWidget *window, QObject *parent = nullptr);
    ~TrayIcon() override;

    QSystemTrayIcon *tray() const { return m_tray; }
    StatusMenu *menu() const { return m_menu; }
    /// A tray exists and shows the icon.
    bool isInTray() const;

    void setUnread(int count);
    void setMissedCalls(int count);
    int unread() const { return m_unread; }
    int missedCalls() const { return m_missed; }
    void toggleWindow();

Q_SIGNALS:
    void accountsRequested();
    void quitRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refresh();
    void askCustomMessage();

    GlobalStatus &m_status;
    QPointer<QWidget> m_window;
    StatusMenu *m_menu;
    QSystemTrayIcon *m_tray;
    int m_unread = 0;
    int m_missed = 0;
};

} // namespace crosstalk::ui
