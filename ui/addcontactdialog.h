// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/address.h"
#include "core/network/accountservice.h"

#include <QDialog>

class QComboBox;
class QLineEdit;

namespace crosstalk::ui {

/// Add a buddy on a chosen account; the protocol asks for their authorisation where it has it.
class AddContactDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AddContactDialog(AccountService &accounts, QWidget *parent = nullptr);

Q_SIGNALS:
    void addRequested(const crosstalk::BuddyAddress &address, const QString &alias, const QString &group);

private:
    QComboBox *m_account;
    QLineEdit *m_handle;
    QLineEdit *m_alias;
    QLineEdit *m_group;
};

} // namespace crosstalk::ui
