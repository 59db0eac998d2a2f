// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow.h"

#include "ui/accountstrip.h"
#include "ui/buddylistmodel.h"

#include <QListView>
#include <QVBoxLayout>

namespace crosstalk::ui {

MainWindow::MainWindow(AccountService &accounts, RosterService &roster, QWidget *parent)
    : QMainWindow(parent)
    , m_strip(new AccountStrip(accounts, this))
    , m_model(new BuddyListModel(roster, this))
    , m_list(new QListView(this))
{
    setWindowTitle(tr("Crosstalk"));
    m_list->setModel(m_model);
    m_list->setUniformItemSizes(true);
    m_list->setAlternatingRowColors(true);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_strip);
    setCentralWidget(central);
    resize(360, 560);

    connect(m_list, &QListView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT conversationRequested({AccountId(index.data(BuddyListModel::AccountRole).toLongLong()),
                                      index.data(BuddyListModel::HandleRole).toString()});
    });
    connect(&accounts, &AccountService::connectionStateChanged, this,
            [this](AccountId id, ConnectionState state, const QString &) {
                if (state == ConnectionState::Connected)
                    m_model->reloadAccount(id);
            });
}

} // namespace crosstalk::ui
