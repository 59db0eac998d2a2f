// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/accounteditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

namespace crosstalk::ui {

namespace {

const QList<QPair<QString, QString>> kProxyTypes = {
    {QStringLiteral("global"), QStringLiteral("Use global proxy settings")},
    {QStringLiteral("none"), QStringLiteral("No proxy")},
    {QStringLiteral("http"), QStringLiteral("HTTP")},
    {QStringLiteral("socks4"), QStringLiteral("SOCKS 4")},
    {QStringLiteral("socks5"), QStringLiteral("SOCKS 5")},
    {QStringLiteral("tor"), QStringLiteral("Tor/Privacy (SOCKS5)")},
    {QStringLiteral("envvar"), QStringLiteral("Use environment settings")},
};

void clearForm(QFormLayout *form)
{
    while (form->rowCount() > 0)
        form->removeRow(0);
}

} // namespace

AccountEditor::AccountEditor(const ProtocolCatalog &catalog, QWidget *parent)
    : QDialog(parent)
    , m_catalog(catalog)
    , m_protocols(catalog.describeProtocols())
{
    build();
    setWindowTitle(tr("Add account"));
    for (const ProtocolDescription &d : std::as_const(m_protocols))
        m_protocol->addItem(d.name, d.id);
    connect(m_protocol, &QComboBox::currentIndexChanged, this,
            [this] { setProtocol(m_protocol->currentData().toString()); });
    // XMPP first when it is there: the open network most people add first.
    const auto xmpp = std::find_if(m_protocols.cbegin(), m_protocols.cend(),
                                   [](const ProtocolDescription &d) { return d.id == QLatin1String("prpl-jabber"); });
    if (xmpp != m_protocols.cend())
        setDescription(*xmpp);
    else if (!m_protocols.isEmpty())
        setDescription(m_protocols.first());
}

AccountEditor::AccountEditor(const ProtocolCatalog &catalog, const AccountInfo &account, QWidget *parent)
    : QDialog(parent)
    , m_catalog(catalog)
    , m_accountId(account.id)
    , m_enabled(account.spec.enabled)
{
    build();
    setWindowTitle(tr("Edit account %1").arg(account.spec.username));
    const auto d = catalog.describe(account.spec.protocolId);
    m_protocol->addItem(d ? d->name : account.spec.protocolId, account.spec.protocolId);
    m_protocol->setEnabled(false);
    setDescription(d.value_or(ProtocolDescription{account.spec.protocolId, account.spec.protocolId,
                                                  tr("Username"), {}, {}, true, false, false, false}));
    fill(account);
}

void AccountEditor::build()
{
    setAttribute(Qt::WA_DeleteOnClose);
    auto *layout = new QVBoxLayout(this);
    auto *top = new QFormLayout;
    m_protocol = new QComboBox(this);
    top->addRow(tr("Protocol"), m_protocol);
    layout->addLayout(top);

    auto *identityBox = new QGroupBox(tr("Login"), this);
    m_identity = new QFormLayout(identityBox);
    layout->addWidget(identityBox);

    auto *userBox = new QGroupBox(tr("You"), this);
    auto *userForm = new QFormLayout(userBox);
    m_alias = new QLineEdit(this);
    m_alias->setPlaceholderText(tr("The name others see, where the protocol allows"));
    userForm->addRow(tr("Alias"), m_alias);
    auto *avatarRow = new QHBoxLayout;
    m_avatar = new QLineEdit(this);
    m_avatar->setPlaceholderText(tr("No picture"));
    auto *browse = new QPushButton(tr("Choose…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        auto *dialog = new QFileDialog(this, tr("Choose a picture"), QString(),
                                       tr("Images (*.png *.jpg *.jpeg *.gif)"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QFileDialog::fileSelected, m_avatar, &QLineEdit::setText);
        dialog->open(); // not exec(): libpurple keeps running
    });
    avatarRow->addWidget(m_avatar);
    avatarRow->addWidget(browse);
    userForm->addRow(tr("Avatar"), avatarRow);
    layout->addWidget(userBox);

    auto *optionsBox = new QGroupBox(tr("Protocol options"), this);
    m_optionsForm = new QFormLayout(optionsBox);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(optionsBox);
    scroll->setMinimumHeight(160);
    layout->addWidget(scroll, 1);

    auto *proxyBox = new QGroupBox(tr("Proxy"), this);
    auto *proxyForm = new QFormLayout(proxyBox);
    m_proxyType = new QComboBox(this);
    for (const auto &[id, name] : kProxyTypes)
        m_proxyType->addItem(name, id);
    m_proxyHost = new QLineEdit(this);
    m_proxyPort = new QSpinBox(this);
    m_proxyPort->setRange(0, 65535);
    m_proxyUser = new QLineEdit(this);
    proxyForm->addRow(tr("Type"), m_proxyType);
    proxyForm->addRow(tr("Host"), m_proxyHost);
    proxyForm->addRow(tr("Port"), m_proxyPort);
    proxyForm->addRow(tr("User"), m_proxyUser);
    const auto proxyFieldsEnabled = [this] {
        const QString type = m_proxyType->currentData().toString();
        const bool own = type != QLatin1String("global") && type != QLatin1String("none")
                         && type != QLatin1String("envvar");
        m_proxyHost->setEnabled(own);
        m_proxyPort->setEnabled(own);
        m_proxyUser->setEnabled(own);
    };
    connect(m_proxyType, &QComboBox::currentIndexChanged, this, proxyFieldsEnabled);
    proxyFieldsEnabled();
    layout->addWidget(proxyBox);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(480, 640);
}

void AccountEditor::setProtocol(const QString &protocolId)
{
    if (const auto d = m_catalog.describe(protocolId))
        setDescription(*d);
}

void AccountEditor::setDescription(const ProtocolDescription &description)
{
    m_description = description;
    if (const int index = m_protocol->findData(description.id); index >= 0 && index != m_protocol->currentIndex()) {
        const QSignalBlocker blocker(m_protocol);
        m_protocol->setCurrentIndex(index);
    }
    clearForm(m_identity);
    clearForm(m_optionsForm);
    m_usernameParts.clear();
    m_options.clear();

    auto *base = new QLineEdit(this);
    m_usernameParts << base;
    m_identity->addRow(description.usernameLabel.isEmpty() ? tr("Username") : description.usernameLabel, base);
    for (const UsernameSplit &split : description.splits) {
        auto *part = new QLineEdit(split.defaultValue, this);
        part->setPlaceholderText(split.defaultValue);
        m_usernameParts << part;
        m_identity->addRow(split.label, part);
    }
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(m_accountId.isValid() ? tr("Unchanged (kept in the keyring)")
                                   : description.passwordRequired ? tr("Required")
                                                                  : tr("Optional"));
    m_identity->addRow(tr("Password"), m_password);

    for (const ProtocolOption &option : description.options) {
        QWidget *editor = editorFor(option);
        m_options.insert(option.key, editor);
        if (option.type == ProtocolOption::Type::Bool)
            m_optionsForm->addRow(QString(), editor); // a check box carries its own label
        else
            m_optionsForm->addRow(option.label, editor);
    }
    if (description.options.isEmpty())
        m_optionsForm->addRow(new QLabel(tr("This protocol has no options."), this));
}

QWidget *AccountEditor::editorFor(const ProtocolOption &option)
{
    switch (option.type) {
    case ProtocolOption::Type::Bool: {
        auto *check = new QCheckBox(option.label, this);
        check->setChecked(option.defaultValue.toBool());
        return check;
    }
    case ProtocolOption::Type::Int: {
        auto *spin = new QSpinBox(this);
        // Any int a plugin may default to (ports, timeouts, absurd values) fits.
        spin->setRange(std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
        spin->setValue(option.defaultValue.toInt());
        return spin;
    }
    case ProtocolOption::Type::List: {
        auto *combo = new QComboBox(this);
        for (const auto &[label, value] : option.choices)
            combo->addItem(label, value);
        const int index = combo->findData(option.defaultValue.toString());
        // A default that is not among the choices is kept as its own entry, not lost.
        if (index < 0 && !option.defaultValue.toString().isEmpty()) {
            combo->addItem(option.defaultValue.toString(), option.defaultValue.toString());
            combo->setCurrentIndex(combo->count() - 1);
        } else {
            combo->setCurrentIndex(std::max(0, index));
        }
        return combo;
    }
    case ProtocolOption::Type::String:
        break;
    }
    auto *edit = new QLineEdit(option.defaultValue.toString(), this);
    if (option.masked)
        edit->setEchoMode(QLineEdit::Password);
    return edit;
}

void AccountEditor::fill(const AccountInfo &account)
{
    const QStringList parts = m_catalog.splitUsername(account.spec.protocolId, account.spec.username);
    for (int i = 0; i < m_usernameParts.size() && i < parts.size(); ++i)
        m_usernameParts[i]->setText(parts[i]);
    const QVariantMap &s = account.spec.settings;
    m_alias->setText(s.value(AccountKeys::alias(), account.spec.alias).toString());
    m_avatar->setText(s.value(AccountKeys::avatarPath()).toString());
    const int proxy = m_proxyType->findData(s.value(AccountKeys::proxyType(), QStringLiteral("global")).toString());
    m_proxyType->setCurrentIndex(std::max(0, proxy));
    m_proxyHost->setText(s.value(AccountKeys::proxyHost()).toString());
    m_proxyPort->setValue(s.value(AccountKeys::proxyPort()).toInt());
    m_proxyUser->setText(s.value(AccountKeys::proxyUser()).toString());
    for (auto it = m_options.cbegin(); it != m_options.cend(); ++it) {
        if (!s.contains(it.key()))
            continue;
        const QVariant v = s.value(it.key());
        if (auto *check = qobject_cast<QCheckBox *>(it.value()))
            check->setChecked(v.toBool());
        else if (auto *spin = qobject_cast<QSpinBox *>(it.value()))
            spin->setValue(v.toInt());
        else if (auto *combo = qobject_cast<QComboBox *>(it.value())) {
            const int index = combo->findData(v.toString());
            if (index >= 0)
                combo->setCurrentIndex(index);
        } else if (auto *edit = qobject_cast<QLineEdit *>(it.value()))
            edit->setText(v.toString());
    }
}

QLineEdit *AccountEditor::usernameField(int part) const
{
    return m_usernameParts.value(part);
}

AccountSpec AccountEditor::spec() const
{
    AccountSpec spec;
    spec.protocolId = m_description.id;
    QStringList parts;
    for (QLineEdit *edit : m_usernameParts)
        parts << edit->text();
    spec.username = m_catalog.joinUsername(m_description.id, parts);
    spec.alias = m_alias->text().trimmed();
    spec.enabled = m_enabled;
    for (auto it = m_options.cbegin(); it != m_options.cend(); ++it) {
        if (auto *check = qobject_cast<QCheckBox *>(it.value()))
            spec.settings.insert(it.key(), check->isChecked());
        else if (auto *spin = qobject_cast<QSpinBox *>(it.value()))
            spec.settings.insert(it.key(), spin->value());
        else if (auto *combo = qobject_cast<QComboBox *>(it.value()))
            spec.settings.insert(it.key(), combo->currentData().toString());
        else if (auto *edit = qobject_cast<QLineEdit *>(it.value()))
            spec.settings.insert(it.key(), edit->text());
    }
    spec.settings.insert(AccountKeys::alias(), spec.alias);
    spec.settings.insert(AccountKeys::avatarPath(), m_avatar->text().trimmed());
    spec.settings.insert(AccountKeys::proxyType(), m_proxyType->currentData().toString());
    spec.settings.insert(AccountKeys::proxyHost(), m_proxyHost->text().trimmed());
    spec.settings.insert(AccountKeys::proxyPort(), m_proxyPort->value());
    spec.settings.insert(AccountKeys::proxyUser(), m_proxyUser->text().trimmed());
    return spec;
}

QString AccountEditor::password() const
{
    return m_password->text();
}

} // namespace crosstalk::ui
