// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/addcontactdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>

namespace crosstalk::ui {

AddContactDialog::AddContactDialog(AccountService &accounts, QWidget *parent)
    : QDialog(parent)
    , m_account(new QComboBox(this))
    , m_handle(new QLineEdit(this))
    , m_alias(new QLineEdit(this))
    , m_group(new QLineEdit(tr("Buddies"), this))
{
    setWindowTitle(tr("Add contact"));
    for (const AccountInfo &a : accounts.accounts()) {
        QString network = a.spec.protocolId;
        for (const ProtocolInfo &p : accounts.protocols()) {
            if (p.id == a.spec.protocolId)
                network = p.name;
        }
        m_account->addItem(QStringLiteral("%1 (%2)").arg(a.spec.username, network), a.id.value());
    }
    m_handle->setPlaceholderText(tr("e.g. friend@example.org or a nickname"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Add"));
    buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    auto *form = new QFormLayout(this);
    form->addRow(tr("Account"), m_account);
    form->addRow(tr("Address"), m_handle);
    form->addRow(tr("Name (optional)"), m_alias);
    form->addRow(tr("Group"), m_group);
    form->addRow(buttons);
    connect(m_handle, &QLineEdit::textChanged, this, [this, buttons](const QString &text) {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!text.trimmed().isEmpty() && m_account->count() > 0);
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        Q_EMIT addRequested({AccountId(m_account->currentData().toLongLong()), m_handle->text().trimmed()},
                            m_alias->text().trimmed(), m_group->text().trimmed());
        accept();
    });
}

} // namespace crosstalk::ui
