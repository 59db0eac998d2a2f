// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/promptdialog.h"

#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>

namespace crosstalk::ui {

PromptDialog::PromptDialog(Prompt *prompt, QWidget *parent)
    : QDialog(parent)
    , m_prompt(prompt)
{
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(prompt->title().isEmpty() ? tr("Crosstalk") : prompt->title());
    auto *layout = new QVBoxLayout(this);

    auto *primary = new QLabel(prompt->primary(), this);
    primary->setTextFormat(Qt::PlainText); // server-supplied text is never rendered as markup
    primary->setWordWrap(true);
    QFont bold = primary->font();
    bold.setBold(true);
    primary->setFont(bold);
    layout->addWidget(primary);
    if (!prompt->secondary().isEmpty()) {
        auto *secondary = new QLabel(prompt->secondary(), this);
        secondary->setTextFormat(Qt::PlainText);
        secondary->setWordWrap(true);
        secondary->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(secondary);
    }

    if (prompt->kind() == Prompt::Kind::Certificate && !prompt->certificate().subject.isEmpty()) {
        // Whom the user would trust, in full: accepting stores this exact certificate.
        const Prompt::CertificateDetails c = prompt->certificate();
        auto *details = new QFormLayout;
        const auto row = [this, details](const QString &label, const QString &value) {
            if (value.isEmpty())
                return;
            auto *text = new QLabel(value, this);
            text->setTextFormat(Qt::PlainText);
            text->setTextInteractionFlags(Qt::TextSelectableByMouse);
            text->setWordWrap(true);
            text->setObjectName(label);
            details->addRow(label, text);
        };
        row(tr("Server"), c.host);
        row(tr("Subject"), c.subject);
        row(tr("Issuer"), c.issuer);
        row(tr("SHA-1 fingerprint"), c.fingerprint);
        row(tr("SHA-256 fingerprint"), c.sha256);
        row(tr("Valid from"), c.validFrom);
        row(tr("Valid until"), c.validUntil);
        layout->addLayout(details);
    }

    if (!prompt->fields().isEmpty()) {
        auto *form = new QFormLayout;
        for (const PromptField &field : prompt->fields()) {
            if (QWidget *editor = editorFor(field)) {
                m_editors.insert(field.id, editor);
                form->addRow(field.label + (field.required ? QStringLiteral(" *") : QString()), editor);
            }
        }
        layout->addLayout(form);
    }

    auto *buttons = new QDialogButtonBox(this);
    const QStringList actions = prompt->actions();
    for (int i = 0; i < actions.size(); ++i) {
        QPushButton *button = buttons->addButton(actions[i], i == prompt->cancelAction() && actions.size() > 1
                                                                  ? QDialogButtonBox::RejectRole
                                                                  : QDialogButtonBox::AcceptRole);
        button->setDefault(i == prompt->defaultAction());
        connect(button, &QPushButton::clicked, this, [this, i] { answer(i); });
    }
    layout->addWidget(buttons);

    connect(prompt, &Prompt::withdrawn, this, &QWidget::close);
    connect(prompt, &QObject::destroyed, this, &QWidget::close);
}

QWidget *PromptDialog::editorFor(const PromptField &field)
{
    switch (field.type) {
    case PromptField::Type::Text:
    case PromptField::Type::Password: {
        auto *edit = new QLineEdit(field.value.toString(), this);
        if (field.type == PromptField::Type::Password)
            edit->setEchoMode(QLineEdit::Password);
        return edit;
    }
    case PromptField::Type::Integer: {
        auto *spin = new QSpinBox(this);
        spin->setRange(std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
        spin->setValue(field.value.toInt());
        return spin;
    }
    case PromptField::Type::Boolean: {
        auto *check = new QCheckBox(this);
        check->setChecked(field.value.toBool());
        return check;
    }
    case PromptField::Type::Choice: {
        auto *combo = new QComboBox(this);
        combo->addItems(field.choices);
        combo->setCurrentIndex(field.value.toInt());
        return combo;
    }
    case PromptField::Type::Label:
        return nullptr;
    }
    return nullptr;
}

void PromptDialog::answer(int action)
{
    if (m_prompt && m_prompt->isOpen()) {
        for (auto it = m_editors.cbegin(); it != m_editors.cend(); ++it) {
            QVariant value;
            if (auto *edit = qobject_cast<QLineEdit *>(it.value()))
                value = edit->text();
            else if (auto *spin = qobject_cast<QSpinBox *>(it.value()))
                value = spin->value();
            else if (auto *check = qobject_cast<QCheckBox *>(it.value()))
                value = check->isChecked();
            else if (auto *combo = qobject_cast<QComboBox *>(it.value()))
                value = combo->currentIndex();
            m_prompt->setFieldValue(it.key(), value);
        }
        m_prompt->answer(action);
    }
    close();
}

void PromptDialog::closeEvent(QCloseEvent *event)
{
    if (m_prompt && m_prompt->isOpen())
        m_prompt->dismiss();
    event->accept();
}

PromptPresenter::PromptPresenter(PromptService &prompts, QWidget *dialogParent)
    : m_parent(dialogParent)
{
    connect(&prompts, &PromptService::promptRaised, this, [this](Prompt *prompt) {
        auto *dialog = new PromptDialog(prompt, m_parent);
        dialog->show();
    });
}

} // namespace crosstalk::ui
