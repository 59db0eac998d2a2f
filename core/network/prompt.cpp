// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/prompt.h"

namespace crosstalk {

Prompt::Prompt(Kind kind, QString title, QString primary, QString secondary, QStringList actions,
               int defaultAction, int cancelAction, QObject *parent)
    : QObject(parent)
    , m_kind(kind)
    , m_title(std::move(title))
    , m_primary(std::move(primary))
    , m_secondary(std::move(secondary))
    , m_actions(std::move(actions))
    , m_defaultAction(defaultAction)
    , m_cancelAction(cancelAction)
{
}

void Prompt::setFieldValue(const QString &id, const QVariant &value)
{
    for (auto &field : m_fields) {
        if (field.id == id)
            field.value = value;
    }
}

QVariant Prompt::fieldValue(const QString &id) const
{
    for (const auto &field : m_fields) {
        if (field.id == id)
            return field.value;
    }
    return {};
}

void Prompt::answer(int action)
{
    if (!isOpen())
        return;
    m_answered = true;
    Q_EMIT answered(action);
}

int Prompt::actionIndex(const QString &label) const
{
    const auto plain = [](QString s) { return s.remove(QLatin1Char('&')).trimmed(); };
    for (int i = 0; i < m_actions.size(); ++i) {
        if (plain(m_actions[i]).compare(plain(label), Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

void Prompt::withdraw()
{
    if (!isOpen())
        return;
    m_withdrawn = true;
    Q_EMIT withdrawn();
}

} // namespace crosstalk
