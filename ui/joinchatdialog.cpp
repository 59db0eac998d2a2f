// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/joinchatdialog.h"

#include "core/network/accountservice.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace crosstalk::ui {

JoinChatDialog::JoinChatDialog(AccountService &accounts, const QList<ChatAddress> &bookmarks, QWidget *parent)
    : QDialog(parent)
    , m_account(new QComboBox(this))
    , m_room(new QLineEdit(this))
    , m_nick(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_bookmarks(new QListWidget(this))
{
    setWindowTitle(tr("Join a Group Chat"));
    for (const AccountInfo &info : accounts.accounts()) {
        if (info.state == ConnectionState::Connected)
            m_account->addItem(info.spec.username, QVariant::fromValue(info.id));
    }
    m_room->setPlaceholderText(tr("room@conference.example.org or #channel"));
    m_nick->setPlaceholderText(tr("Optional"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("Optional"));

    for (const ChatAddress &chat : bookmarks) {
        auto *item = new QListWidgetItem(chat.room, m_bookmarks);
        item->setData(Qt::UserRole, QVariant::fromValue(chat.account));
    }
    connect(m_bookmarks, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) {
        m_room->setText(item->text());
        const int index = m_account->findData(item->data(Qt::UserRole));
        if (index >= 0)
            m_account->setCurrentIndex(index);
    });
    connect(m_bookmarks, &QListWidget::itemDoubleClicked, this, [this] {
        if (!m_room->text().trimmed().isEmpty() && m_account->count())
            accept();
    });

    auto *form = new QFormLayout;
    form->addRow(tr("Account:"), m_account);
    form->addRow(tr("Room:"), m_room);
    form->addRow(tr("Nickname:"), m_nick);
    form->addRow(tr("Password:"), m_password);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Join"));
    const auto validate = [this, buttons] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(m_account->count() > 0 && !m_room->text().trimmed().isEmpty());
    };
    connect(m_room, &QLineEdit::textChanged, this, validate);
    validate();
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    if (!bookmarks.isEmpty()) {
        layout->addWidget(new QLabel(tr("Rooms you have joined before:"), this));
        layout->addWidget(m_bookmarks);
    } else {
        m_bookmarks->hide();
    }
    if (m_account->count() == 0)
        layout->addWidget(new QLabel(tr("No account is connected."), this));
    layout->addWidget(buttons);
}

ChatAddress JoinChatDialog::chat() const
{
    return {m_account->currentData().value<AccountId>(), m_room->text().trimmed()};
}

QString JoinChatDialog::nick() const
{
    return m_nick->text().trimmed();
}

QString JoinChatDialog::password() const
{
    return m_password->text();
}

} // namespace crosstalk::ui
