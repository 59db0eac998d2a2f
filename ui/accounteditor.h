// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/account.h"
#include "core/network/protocoldescription.h"

#include <QDialog>
#include <QHash>

class QComboBox;
class QFormLayout;
class QLineEdit;
class QSpinBox;
class QCheckBox;
class QGroupBox;

namespace crosstalk::ui {

/// The form for one account, generated from its protocol's description (user splits and
/// protocol options of every type), so a protocol plugin nobody has seen gets a working
/// form. Adds alias, avatar, password and proxy. Non-modal; accepted() means "save".
class AccountEditor : public QDialog
{
    Q_OBJECT
public:
    /// A new account: the user picks the protocol (first one preselected).
    AccountEditor(const ProtocolCatalog &catalog, QWidget *parent = nullptr);
    /// An existing account: its protocol is fixed, its values filled in.
    AccountEditor(const ProtocolCatalog &catalog, const AccountInfo &account, QWidget *parent = nullptr);

    /// Switches the form to a protocol (new accounts only) or to a description given
    /// directly (tests feed absurd ones).
    void setProtocol(const QString &protocolId);
    void setDescription(const ProtocolDescription &description);

    AccountSpec spec() const;
    /// Empty when the user typed none (an existing account keeps its saved one).
    QString password() const;
    AccountId accountId() const { return m_accountId; }

    // For tests and accessibility.
    QWidget *optionEditor(const QString &key) const { return m_options.value(key); }
    QLineEdit *usernameField(int part) const;
    QLineEdit *passwordField() const { return m_password; }
    int optionCount() const { return int(m_options.size()); }

private:
    void build();
    void fill(const AccountInfo &account);
    QWidget *editorFor(const ProtocolOption &option);

    const ProtocolCatalog &m_catalog;
    ProtocolDescription m_description;
    AccountId m_accountId;
    bool m_enabled = true;

    QComboBox *m_protocol = nullptr;
    QFormLayout *m_identity = nullptr;
    QFormLayout *m_optionsForm = nullptr;
    QList<QLineEdit *> m_usernameParts;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_alias = nullptr;
    QLineEdit *m_avatar = nullptr;
    QComboBox *m_proxyType = nullptr;
    QLineEdit *m_proxyHost = nullptr;
    QSpinBox *m_proxyPort = nullptr;
    QLineEdit *m_proxyUser = nullptr;
    QHash<QString, QWidget *> m_options;
    QList<ProtocolDescription> m_protocols;
};

} // namespace crosstalk::ui
