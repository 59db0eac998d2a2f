// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/trayicon.h"

#include "ui/statusicon.h"
#include "ui/statusmenu.h"

#include <QCloseEvent>
#include <QInputDialog>
#include <QWidget>

namespace crosstalk::ui {

TrayIcon::TrayIcon(GlobalStatus &status, AccountService &accounts, QWidget *window, QObject *parent)
    : QObject(parent)
    , m_status(status)
    , m_window(window)
    , m_menu(new StatusMenu(status, accounts))
    , m_tray(new QSystemTrayIcon(this))
{
    m_tray->setContextMenu(m_menu);
    connect(m_menu, &StatusMenu::showHideRequested, this, &TrayIcon::toggleWindow);
    connect(m_menu, &StatusMenu::accountsRequested, this, &TrayIcon::accountsRequested);
    connect(m_menu, &StatusMenu::quitRequested, this, &TrayIcon::quitRequested);
    connect(m_menu, &StatusMenu::customMessageRequested, this, &TrayIcon::askCustomMessage);
    connect(m_menu, &QMenu::aboutToShow, this, [this] { m_menu->setWindowVisible(m_window && m_window->isVisible()); });
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            toggleWindow();
    });
    connect(&status, &GlobalStatus::changed, this, &TrayIcon::refresh);
    if (window)
        window->installEventFilter(this);
    refresh();
    m_tray->show();
}

TrayIcon::~TrayIcon()
{
    delete m_menu; // a context menu is not owned by the tray icon
}

bool TrayIcon::isInTray() const
{
    return QSystemTrayIcon::isSystemTrayAvailable() && m_tray->isVisible();
}

void TrayIcon::setUnread(int count)
{
    if (count == m_unread)
        return;
    m_unread = count;
    refresh();
}

void TrayIcon::setMissedCalls(int count)
{
    if (count == m_missed)
        return;
    m_missed = count;
    refresh();
}

void TrayIcon::toggleWindow()
{
    if (!m_window)
        return;
    if (m_window->isVisible() && !m_window->isMinimized()) {
        m_window->hide();
    } else {
        m_window->showNormal();
        m_window->raise();
        m_window->activateWindow();
    }
    m_menu->setWindowVisible(m_window->isVisible());
}

void TrayIcon::refresh()
{
    const Presence p = m_status.effective();
    m_tray->setIcon(statusIcon(p.kind, m_unread, m_missed));
    QString tip = QStringLiteral("Crosstalk — ") + StatusMenu::labelFor(p.kind);
    if (!p.message.isEmpty())
        tip += QStringLiteral(": ") + p.message;
    if (m_status.isAutoAway())
        tip += tr(" (idle)");
    if (m_unread > 0)
        tip += tr("\n%n unread message(s)", nullptr, m_unread);
    if (m_missed > 0)
        tip += tr("\n%n missed call(s)", nullptr, m_missed);
    m_tray->setToolTip(tip);
}

void TrayIcon::askCustomMessage()
{
    auto *dialog = new QInputDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Status message"));
    dialog->setLabelText(tr("Message shown with your status on every account:"));
    dialog->setTextValue(m_status.chosen().message);
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &text) {
        Presence p = m_status.chosen();
        p.message = text;
        m_status.setStatus(p);
    });
    dialog->show(); // non-modal: libpurple keeps running
}

bool TrayIcon::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::Close && isInTray()) {
        // With a tray the window only hides; Quit is in the tray menu.
        m_window->hide();
        event->ignore();
        return true;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace crosstalk::ui
