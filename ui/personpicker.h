// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/contacts/contactdirectory.h"

#include <QDialog>

class QLineEdit;
class QListWidget;

namespace crosstalk::ui {

/// "Merge with…": pick another person by typing part of their name or address.
class PersonPicker : public QDialog
{
    Q_OBJECT
public:
    PersonPicker(const contacts::ContactDirectory &directory, PersonId exclude, QWidget *parent = nullptr);

Q_SIGNALS:
    void picked(crosstalk::PersonId person);

private:
    void refill(const QString &filter);

    const contacts::ContactDirectory &m_directory;
    PersonId m_exclude;
    QLineEdit *m_filter;
    QListWidget *m_list;
};

} // namespace crosstalk::ui
