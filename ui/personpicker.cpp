// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/personpicker.h"

#include "core/contacts/textfold.h"
#include "ui/displaytext.h"

#include <QDialogButtonBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace crosstalk::ui {

PersonPicker::PersonPicker(const contacts::ContactDirectory &directory, PersonId exclude, QWidget *parent)
    : QDialog(parent)
    , m_directory(directory)
    , m_exclude(exclude)
    , m_filter(new QLineEdit(this))
    , m_list(new QListWidget(this))
{
    const contacts::Contact *self = directory.contact(exclude);
    setWindowTitle(tr("Merge %1 with…").arg(self ? displaySafe(self->displayName(), 60) : QString()));
    m_filter->setPlaceholderText(tr("Type a name or address"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Merge"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_list);
    layout->addWidget(buttons);
    connect(m_filter, &QLineEdit::textChanged, this, &PersonPicker::refill);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto accept = [this] {
        if (QListWidgetItem *item = m_list->currentItem()) {
            Q_EMIT picked(PersonId(item->data(Qt::UserRole).toLongLong()));
            QDialog::accept();
        }
    };
    connect(buttons, &QDialogButtonBox::accepted, this, accept);
    connect(m_list, &QListWidget::itemActivated, this, accept);
    refill({});
    resize(360, 420);
}

void PersonPicker::refill(const QString &filter)
{
    m_list->clear();
    const QStringList words = contacts::foldForMatch(filter).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    int shown = 0;
    m_directory.forEach([&](const contacts::Contact &c) {
        if (c.id == m_exclude || shown >= 200) // a picker lists a screenful, the filter finds the rest
            return;
        QString key = contacts::foldForMatch(c.displayName());
        for (const contacts::ContactBuddy &b : c.buddies)
            key += QLatin1Char(' ') + contacts::foldForMatch(b.address.handle);
        for (const QString &w : words) {
            if (!key.contains(w))
                return;
        }
        auto *item = new QListWidgetItem(displaySafe(c.displayName(), 80), m_list);
        item->setData(Qt::UserRole, c.id.value());
        ++shown;
    });
    m_list->sortItems();
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
}

} // namespace crosstalk::ui
