// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/statusmenu.h"

#include "ui/statusicon.h"

#include <QActionGroup>

namespace crosstalk::ui {

StatusMenu::StatusMenu(GlobalStatus &status, AccountService &accounts, QWidget *parent)
    : QMenu(parent)
    , m_status(status)
    , m_accounts(accounts)
{
    auto *group = new QActionGroup(this);
    for (PresenceKind kind : choices()) {
        QAction *action = addAction(statusIcon(kind), labelFor(kind));
        action->setCheckable(true);
        group->addAction(action);
        m_kinds.insert(kind, action);
        connect(action, &QAction::triggered, this, [this, kind] {
            m_status.setStatus({kind, m_status.chosen().message, false});
        });
    }
    addAction(tr("Custom message…"), this, &StatusMenu::customMessageRequested);
    m_recent = addMenu(tr("Recent statuses"));
    m_saved = addMenu(tr("Saved statuses"));
    addAction(tr("Save current status"), this, [this] { m_status.saveStatus(m_status.chosen()); });
    m_perAccount = addMenu(tr("Per account"));
    addSeparator();
    m_showHide = addAction(tr("Hide window"), this, &StatusMenu::showHideRequested);
    addAction(tr("Accounts…"), this, &StatusMenu::accountsRequested);
    addSeparator();
    m_quit = addAction(tr("Quit"), this, &StatusMenu::quitRequested);

    connect(&status, &GlobalStatus::changed, this, &StatusMenu::rebuildDynamic);
    connect(&accounts, &AccountService::accountAdded, this, &StatusMenu::rebuildDynamic);
    connect(&accounts, &AccountService::accountRemoved, this, &StatusMenu::rebuildDynamic);
    rebuildDynamic();
}

QList<PresenceKind> StatusMenu::choices()
{
    return {PresenceKind::Available, PresenceKind::Away, PresenceKind::Busy, PresenceKind::Invisible,
            PresenceKind::Offline};
}

QString StatusMenu::labelFor(PresenceKind kind)
{
    switch (kind) {
    case PresenceKind::Available: return tr("Available");
    case PresenceKind::Away: return tr("Away");
    case PresenceKind::Busy: return tr("Busy (do not disturb)");
    case PresenceKind::Invisible: return tr("Invisible");
    case PresenceKind::Offline: return tr("Offline");
    case PresenceKind::ExtendedAway: return tr("Extended away");
    case PresenceKind::Chatty: return tr("Free for chat");
    case PresenceKind::Unknown: break;
    }
    return tr("Unknown");
}

void StatusMenu::setWindowVisible(bool visible)
{
    m_showHide->setText(visible ? tr("Hide window") : tr("Show window"));
}

void StatusMenu::rebuildDynamic()
{
    if (QAction *current = m_kinds.value(m_status.chosen().kind))
        current->setChecked(true);
    const auto describe = [](const Presence &p) {
        return p.message.isEmpty() ? labelFor(p.kind) : labelFor(p.kind) + QStringLiteral(": ") + p.message;
    };
    m_recent->clear();
    for (const Presence &p : m_status.recent())
        m_recent->addAction(statusIcon(p.kind), describe(p), this, [this, p] { m_status.setStatus(p); });
    m_recent->setEnabled(!m_status.recent().isEmpty());
    m_saved->clear();
    for (const Presence &p : m_status.saved())
        m_saved->addAction(statusIcon(p.kind), describe(p), this, [this, p] { m_status.setStatus(p); });
    m_saved->setEnabled(!m_status.saved().isEmpty());

    m_perAccount->clear();
    for (const AccountInfo &info : m_accounts.accounts()) {
        QMenu *sub = m_perAccount->addMenu(info.spec.username);
        auto *group = new QActionGroup(sub);
        const auto override = m_status.overrideFor(info.id);
        QAction *global = sub->addAction(tr("Use the global status"), this,
                                         [this, id = info.id] { m_status.setOverride(id, std::nullopt); });
        global->setCheckable(true);
        global->setChecked(!override);
        group->addAction(global);
        sub->addSeparator();
        for (PresenceKind kind : choices()) {
            QAction *a = sub->addAction(statusIcon(kind), labelFor(kind), this, [this, id = info.id, kind] {
                m_status.setOverride(id, Presence{kind, m_status.chosen().message, false});
            });
            a->setCheckable(true);
            a->setChecked(override && override->kind == kind);
            group->addAction(a);
        }
    }
    m_perAccount->setEnabled(!m_accounts.accounts().isEmpty());
}

} // namespace crosstalk::ui
