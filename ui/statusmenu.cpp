// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/statusmenu.h"

#include "ui/statusicon.h"

#include <QActionGroup>

namespace crosstalk::ui {

namespace {

QString idleLabel(int minutes)
{
    if (minutes == 0)
        return StatusMenu::tr("Never");
    return minutes == 1 ? StatusMenu::tr("After 1 minute") : StatusMenu::tr("After %1 minutes").arg(minutes);
}

} // namespace

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
    m_idle = addMenu(tr("Away when idle"));
    auto *idleGroup = new QActionGroup(this);
    for (int minutes : idleChoices()) {
        QAction *a = m_idle->addAction(idleLabel(minutes));
        a->setCheckable(true);
        idleGroup->addAction(a);
        m_idleChoices.insert(minutes, a);
        connect(a, &QAction::triggered, this, [this, minutes] { Q_EMIT idleAwayChosen(minutes); });
    }
    m_idleUnavailable = m_idle->addAction(QString());
    m_idleUnavailable->setEnabled(false);
    m_idleUnavailable->setVisible(false);
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

void StatusMenu::setIdleAway(int minutes, bool available, const QString &why)
{
    QAction *chosen = m_idleChoices.value(minutes);
    if (!chosen) {
        // A value edited into desktop.ini by hand: show it as it is.
        chosen = new QAction(idleLabel(minutes), m_idle);
        m_idle->insertAction(m_idleUnavailable, chosen);
        chosen->setCheckable(true);
        m_idleChoices.value(0)->actionGroup()->addAction(chosen);
        m_idleChoices.insert(minutes, chosen);
        connect(chosen, &QAction::triggered, this, [this, minutes] { Q_EMIT idleAwayChosen(minutes); });
    }
    chosen->setChecked(true);
    for (QAction *a : std::as_const(m_idleChoices))
        a->setEnabled(available);
    m_idleUnavailable->setVisible(!available);
    m_idleUnavailable->setText(why.isEmpty() ? tr("Idle time is not available here") : tr("Not available: %1").arg(why));
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
