// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/network/accountservice.h"
#include "core/network/rosterservice.h"

#include <QMainWindow>

class QListView;

namespace crosstalk::ui {

class AccountStrip;
class BuddyListModel;

/// The main window: the contact list with the accounts' connection states under it.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(AccountService &accounts, RosterService &roster, QWidget *parent = nullptr);

    AccountStrip *accountStrip() const { return m_strip; }
    BuddyListModel *buddyModel() const { return m_model; }

Q_SIGNALS:
    /// The user asked to talk to this buddy (double-click or Enter on a row).
    void conversationRequested(const crosstalk::BuddyAddress &buddy);

private:
    AccountStrip *m_strip;
    BuddyListModel *m_model;
    QListView *m_list;
};

} // namespace crosstalk::ui
