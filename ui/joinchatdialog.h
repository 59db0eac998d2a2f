// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/address.h"

#include <QDialog>
#include <QList>

class QComboBox;
class QLineEdit;
class QListWidget;

namespace crosstalk {
class AccountService;
}

namespace crosstalk::ui {

/// Join an XMPP room or IRC channel: account, room, nick, password; rooms used before
/// (known to the store) are offered as bookmarks.
class JoinChatDialog : public QDialog
{
    Q_OBJECT
public:
    JoinChatDialog(AccountService &accounts, const QList<ChatAddress> &bookmarks, QWidget *parent = nullptr);

    ChatAddress chat() const;
    QString nick() const;
    QString password() const;

private:
    QComboBox *m_account;
    QLineEdit *m_room;
    QLineEdit *m_nick;
    QLineEdit *m_password;
    QListWidget *m_bookmarks;
};

} // namespace crosstalk::ui
