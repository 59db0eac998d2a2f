// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/accountstrip.h"

#include <QVBoxLayout>

namespace crosstalk::ui {

namespace {

QString stateSymbol(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Connected: return QStringLiteral("●");
    case ConnectionState::Connecting: return QStringLiteral("◌");
    case ConnectionState::Error: return QStringLiteral("⚠");
    case ConnectionState::Disconnected: return QStringLiteral("○");
    }
    return {};
}

} // namespace

AccountStrip::AccountStrip(AccountService &accounts, QWidget *parent)
    : QWidget(parent)
    , m_accounts(accounts)
    , m_layout(new QVBoxLayout(this))
    , m_empty(new QLabel(tr("No accounts yet."), this))
{
    m_layout->setContentsMargins(6, 4, 6, 4);
    m_layout->setSpacing(2);
    m_layout->addWidget(m_empty);
    for (const AccountInfo &info : accounts.accounts()) {
        addRow(info.id);
        showState(info.id, info.state, info.lastError);
    }
    connect(&accounts, &AccountService::accountAdded, this, &AccountStrip::addRow);
    connect(&accounts, &AccountService::accountRemoved, this, &AccountStrip::removeRow);
    connect(&accounts, &AccountService::connectionStateChanged, this, &AccountStrip::showState);
}

QString AccountStrip::statusText(AccountId id) const
{
    const QLabel *label = m_rows.value(id);
    return label ? label->text() : QString();
}

void AccountStrip::addRow(AccountId id)
{
    if (m_rows.contains(id))
        return;
    auto *label = new QLabel(this);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    m_layout->addWidget(label);
    m_rows.insert(id, label);
    m_empty->hide();
    showState(id, ConnectionState::Disconnected, {});
}

void AccountStrip::removeRow(AccountId id)
{
    delete m_rows.take(id);
    m_empty->setVisible(m_rows.isEmpty());
}

void AccountStrip::showState(AccountId id, ConnectionState state, const QString &reason)
{
    QLabel *label = m_rows.value(id);
    const auto info = m_accounts.account(id);
    if (!label || !info)
        return;
    QString text = QStringLiteral("%1 %2 (%3): %4")
                       .arg(stateSymbol(state), info->spec.username, info->spec.protocolId,
                            connectionStateName(state));
    if (state == ConnectionState::Error && !reason.isEmpty())
        text += QStringLiteral(" — ") + reason;
    label->setText(text);
}

} // namespace crosstalk::ui
