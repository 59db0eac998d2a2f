// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/network/accountservice.h"

#include <QHash>
#include <QLabel>
#include <QWidget>

class QVBoxLayout;

namespace crosstalk::ui {

/// One line per account: who, which network, connection state and the last error.
class AccountStrip : public QWidget
{
    Q_OBJECT
public:
    explicit AccountStrip(AccountService &accounts, QWidget *parent = nullptr);

    /// The text currently shown for an account (for tests and accessibility).
    QString statusText(AccountId id) const;

private:
    void addRow(AccountId id);
    void removeRow(AccountId id);
    void showState(AccountId id, ConnectionState state, const QString &reason);

    AccountService &m_accounts;
    QVBoxLayout *m_layout;
    QLabel *m_empty;
    QHash<AccountId, QLabel *> m_rows;
};

} // namespace crosstalk::ui
