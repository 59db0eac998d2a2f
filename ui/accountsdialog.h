// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/network/accountservice.h"
#include "core/network/protocoldescription.h"
#include "core/secrets/passwordkeeper.h"

#include <QDialog>

class QTreeWidget;
class QTreeWidgetItem;
class QPushButton;

namespace crosstalk::ui {

/// Every account in libpurple's order: enable, add, edit, remove, reorder, reconnect, with
/// each account's connection state and last error. Non-modal; the editors it opens too.
class AccountsDialog : public QDialog
{
    Q_OBJECT
public:
    AccountsDialog(AccountService &accounts, AccountAdministration &admin, const ProtocolCatalog &catalog,
                   PasswordKeeper &passwords, QWidget *parent = nullptr);

    /// Opens the editor for a new account (returned for tests) / for an existing one.
    class AccountEditor *addAccount();
    class AccountEditor *editAccount(AccountId id);
    void moveAccount(AccountId id, int delta);

    // For tests and accessibility.
    QTreeWidget *list() const { return m_list; }
    QString stateText(AccountId id) const;

private:
    void reload();
    void updateRow(QTreeWidgetItem *item, const AccountInfo &info);
    QTreeWidgetItem *itemFor(AccountId id) const;
    AccountId selected() const;
    void save(AccountEditor *editor);
    void updateButtons();

    AccountService &m_accounts;
    AccountAdministration &m_admin;
    const ProtocolCatalog &m_catalog;
    PasswordKeeper &m_passwords;
    QTreeWidget *m_list;
    QPushButton *m_edit;
    QPushButton *m_remove;
    QPushButton *m_up;
    QPushButton *m_down;
    QPushButton *m_reconnect;
    QHash<AccountId, int> m_retryInMs;
};

} // namespace crosstalk::ui
