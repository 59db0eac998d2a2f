// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/address.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QWidget;

namespace crosstalk {
class AutoAway;
class GlobalStatus;
class IdleSource;
class PasswordKeeper;
}
namespace crosstalk::protocols {
class PurpleBackend;
}
namespace crosstalk::ui {
class AccountsDialog;
class ChatWindowManager;
class Notifier;
class PromptPresenter;
class TrayIcon;
}

namespace crosstalk::app {

class KeychainVault;
class RemoteControl;

/// The desktop half of the composition root: keyring and password prompts, global status
/// with auto-away, tray, notifications, accounts dialog, network-change reconnects and the
/// remote-control bus service. Application creates one after the main window.
class DesktopSetup : public QObject
{
    Q_OBJECT
public:
    DesktopSetup(const QString &profileDir, protocols::PurpleBackend &backend, QWidget *window,
                 QObject *parent = nullptr);
    ~DesktopSetup() override;

    GlobalStatus &status() const { return *m_status; }
    PasswordKeeper &passwords() const { return *m_keeper; }
    ui::Notifier &notifier() const { return *m_notifier; }
    ui::TrayIcon &tray() const { return *m_tray; }

    /// A message arrived for a conversation the user is not looking at (the conversation
    /// layer's attentionNeeded); title is how the conversation is shown.
    void notifyMessage(const QString &conversationKey, const QString &title, const QString &plainText);
    /// The notification of a conversation was seen (its window got focus).
    void conversationSeen(const QString &conversationKey);
    void showAccounts();
    /// The accounts dialog with the editor for a new account open.
    void addAccount();
    /// From now on message notifications and the unread badge follow the chat windows: only
    /// conversations the user is not looking at notify.
    void followChatWindows(ui::ChatWindowManager &windows);

Q_SIGNALS:
    /// The user clicked a message notification, or remote control asked to open one.
    void conversationRequested(const crosstalk::BuddyAddress &buddy);
    /// Remote control asked for a call (placed as the contact list's call button does).
    void callRequested(const crosstalk::BuddyAddress &buddy);

private:
    void watchNetwork();
    void addSoundSwitches(const QString &settingsFile);

    protocols::PurpleBackend &m_backend;
    QPointer<QWidget> m_window;
    std::unique_ptr<KeychainVault> m_vault;
    std::unique_ptr<PasswordKeeper> m_keeper;
    std::unique_ptr<ui::PromptPresenter> m_passwordPrompts;
    std::unique_ptr<GlobalStatus> m_status;
    std::unique_ptr<IdleSource> m_idle;
    std::unique_ptr<AutoAway> m_autoAway;
    std::unique_ptr<ui::TrayIcon> m_tray;
    std::unique_ptr<ui::Notifier> m_notifier;
    std::unique_ptr<RemoteControl> m_remote;
    QPointer<ui::AccountsDialog> m_accountsDialog;
    bool m_usingImFallback = true;
};

} // namespace crosstalk::app
