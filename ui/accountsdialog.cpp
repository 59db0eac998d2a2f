// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/accountsdialog.h"

#include "ui/accounteditor.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace crosstalk::ui {

namespace {

constexpr int kIdRole = Qt::UserRole + 1;

QString stateLabel(const AccountInfo &info, int retryMs)
{
    switch (info.state) {
    case ConnectionState::Connected: return QObject::tr("Online");
    case ConnectionState::Connecting: return QObject::tr("Connecting…");
    case ConnectionState::Disconnected: return info.spec.enabled ? QObject::tr("Offline") : QObject::tr("Disabled");
    case ConnectionState::Error:
        if (retryMs > 0)
            return QObject::tr("Error: %1 — retrying in %2 s").arg(info.lastError).arg((retryMs + 999) / 1000);
        return QObject::tr("Error: %1").arg(info.lastError);
    }
    return {};
}

} // namespace

AccountsDialog::AccountsDialog(AccountService &accounts, AccountAdministration &admin,
                               const ProtocolCatalog &catalog, PasswordKeeper &passwords, QWidget *parent)
    : QDialog(parent)
    , m_accounts(accounts)
    , m_admin(admin)
    , m_catalog(catalog)
    , m_passwords(passwords)
{
    setWindowTitle(tr("Accounts"));
    auto *layout = new QHBoxLayout(this);
    m_list = new QTreeWidget(this);
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({tr("Account"), tr("Protocol"), tr("State")});
    m_list->setRootIsDecorated(false);
    m_list->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    layout->addWidget(m_list, 1);

    auto *buttons = new QVBoxLayout;
    auto *add = new QPushButton(tr("&Add…"), this);
    m_edit = new QPushButton(tr("&Edit…"), this);
    m_remove = new QPushButton(tr("&Remove"), this);
    m_up = new QPushButton(tr("Move &up"), this);
    m_down = new QPushButton(tr("Move &down"), this);
    m_reconnect = new QPushButton(tr("Re&connect"), this);
    for (QPushButton *b : {add, m_edit, m_remove, m_up, m_down, m_reconnect})
        buttons->addWidget(b);
    buttons->addStretch();
    layout->addLayout(buttons);

    connect(add, &QPushButton::clicked, this, [this] { addAccount(); });
    connect(m_edit, &QPushButton::clicked, this, [this] { editAccount(selected()); });
    connect(m_list, &QTreeWidget::itemDoubleClicked, this, [this] { editAccount(selected()); });
    connect(m_up, &QPushButton::clicked, this, [this] { moveAccount(selected(), -1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveAccount(selected(), +1); });
    connect(m_reconnect, &QPushButton::clicked, this, [this] { m_admin.reconnectNow(selected()); });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const AccountId id = selected();
        const auto info = m_accounts.account(id);
        if (!info)
            return;
        auto *box = new QMessageBox(QMessageBox::Question, tr("Remove account"),
                                    tr("Remove %1? Its saved password goes too.").arg(info->spec.username),
                                    QMessageBox::Yes | QMessageBox::No, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        connect(box, &QMessageBox::accepted, this, [this, id] { m_accounts.removeAccount(id); });
        box->open();
    });
    connect(m_list, &QTreeWidget::currentItemChanged, this, &AccountsDialog::updateButtons);
    connect(m_list, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item, int column) {
        if (column != 0)
            return;
        const AccountId id(item->data(0, kIdRole).toLongLong());
        const bool on = item->checkState(0) == Qt::Checked;
        const auto info = m_accounts.account(id);
        if (info && info->spec.enabled != on)
            m_accounts.setEnabled(id, on);
    });

    connect(&accounts, &AccountService::accountAdded, this, &AccountsDialog::reload);
    connect(&accounts, &AccountService::accountRemoved, this, &AccountsDialog::reload);
    connect(&accounts, &AccountService::connectionStateChanged, this, [this](AccountId id, ConnectionState state) {
        if (state != ConnectionState::Error)
            m_retryInMs.remove(id);
        if (QTreeWidgetItem *item = itemFor(id))
            if (const auto info = m_accounts.account(id))
                updateRow(item, *info);
    });
    connect(&accounts, &AccountService::reconnectScheduled, this, [this](AccountId id, int delayMs) {
        m_retryInMs.insert(id, delayMs);
        if (QTreeWidgetItem *item = itemFor(id))
            if (const auto info = m_accounts.account(id))
                updateRow(item, *info);
    });
    reload();
    resize(640, 320);
}

void AccountsDialog::reload()
{
    const AccountId keep = selected();
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    for (const AccountInfo &info : m_accounts.accounts()) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setData(0, kIdRole, info.id.value());
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        updateRow(item, info);
        if (info.id == keep)
            m_list->setCurrentItem(item);
    }
    updateButtons();
}

void AccountsDialog::updateRow(QTreeWidgetItem *item, const AccountInfo &info)
{
    const QSignalBlocker blocker(m_list);
    item->setText(0, info.spec.username);
    item->setCheckState(0, info.spec.enabled ? Qt::Checked : Qt::Unchecked);
    const auto d = m_catalog.describe(info.spec.protocolId);
    item->setText(1, d ? d->name : info.spec.protocolId);
    item->setText(2, stateLabel(info, m_retryInMs.value(info.id)));
    item->setToolTip(2, info.lastError);
}

QTreeWidgetItem *AccountsDialog::itemFor(AccountId id) const
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        if (item->data(0, kIdRole).toLongLong() == id.value())
            return item;
    }
    return nullptr;
}

QString AccountsDialog::stateText(AccountId id) const
{
    QTreeWidgetItem *item = itemFor(id);
    return item ? item->text(2) : QString();
}

AccountId AccountsDialog::selected() const
{
    QTreeWidgetItem *item = m_list->currentItem();
    return item ? AccountId(item->data(0, kIdRole).toLongLong()) : AccountId();
}

void AccountsDialog::updateButtons()
{
    const bool any = selected().isValid();
    const int row = m_list->currentItem() ? m_list->indexOfTopLevelItem(m_list->currentItem()) : -1;
    m_edit->setEnabled(any);
    m_remove->setEnabled(any);
    m_reconnect->setEnabled(any);
    m_up->setEnabled(any && row > 0);
    m_down->setEnabled(any && row + 1 < m_list->topLevelItemCount());
}

AccountEditor *AccountsDialog::addAccount()
{
    auto *editor = new AccountEditor(m_catalog, this);
    connect(editor, &QDialog::accepted, this, [this, editor] { save(editor); });
    editor->show();
    return editor;
}

AccountEditor *AccountsDialog::editAccount(AccountId id)
{
    const auto info = m_accounts.account(id);
    if (!info)
        return nullptr;
    auto *editor = new AccountEditor(m_catalog, *info, this);
    connect(editor, &QDialog::accepted, this, [this, editor] { save(editor); });
    editor->show();
    return editor;
}

void AccountsDialog::save(AccountEditor *editor)
{
    const AccountSpec spec = editor->spec();
    const QString password = editor->password();
    AccountId id = editor->accountId();
    if (!id.isValid()) {
        AccountSpec disabled = spec;
        disabled.enabled = false;
        id = m_accounts.addAccount(disabled);
        if (!id.isValid())
            return;
        if (!password.isEmpty())
            m_passwords.setPassword(id, password);
        m_accounts.setEnabled(id, true);
        return;
    }
    m_accounts.updateSettings(id, spec.settings);
    if (!password.isEmpty())
        m_passwords.setPassword(id, password);
    if (QTreeWidgetItem *item = itemFor(id))
        if (const auto info = m_accounts.account(id))
            updateRow(item, *info);
}

void AccountsDialog::moveAccount(AccountId id, int delta)
{
    const QList<AccountInfo> all = m_accounts.accounts();
    for (int i = 0; i < all.size(); ++i) {
        if (all[i].id == id) {
            m_admin.moveAccount(id, std::clamp(i + delta, 0, int(all.size()) - 1));
            break;
        }
    }
    reload();
    if (QTreeWidgetItem *item = itemFor(id))
        m_list->setCurrentItem(item);
}

} // namespace crosstalk::ui
