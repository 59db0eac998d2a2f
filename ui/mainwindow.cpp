// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow.h"

#include "core/contacts/presenceaggregator.h"
#include "ui/accountstrip.h"
#include "ui/addcontactdialog.h"
#include "ui/contactlistmodel.h"
#include "ui/displaytext.h"
#include "ui/contactlistview.h"
#include "ui/personpicker.h"

#include <QActionGroup>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

namespace crosstalk::ui {

using contacts::ContactBuddy;
using contacts::PresenceAggregator;

MainWindow::MainWindow(AccountService &accounts, RosterService &roster, contacts::ContactDirectory &directory,
                       contacts::ContactSync &sync, QWidget *parent)
    : QMainWindow(parent)
    , m_accounts(accounts)
    , m_roster(roster)
    , m_directory(directory)
    , m_sync(sync)
    , m_strip(new AccountStrip(accounts, this))
    , m_model(new ContactListModel(directory, this))
    , m_view(new ContactListView(*m_model, this))
    , m_filter(new QLineEdit(this))
    , m_stack(new QStackedWidget(this))
    , m_emptyLabel(new QLabel(this))
    , m_emptyButton(new QPushButton(tr("Add an account…"), this))
    , m_banner(new QWidget(this))
    , m_bannerText(new QLabel(m_banner))
{
    setWindowTitle(tr("Crosstalk"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/crosstalk.svg")));

    m_filter->setPlaceholderText(tr("Search people…"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_model, &ContactListModel::setFilter);
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        // Enter in the filter opens the first match, as in a launcher; Ctrl+Enter calls it,
        // as on a row.
        const bool call = QGuiApplication::keyboardModifiers() & Qt::ControlModifier;
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const PersonId person = m_model->personAt(m_model->index(row));
            if (person.isValid()) {
                call ? callPerson(person) : openPerson(person);
                return;
            }
        }
    });
    connect(m_view, &ContactListView::typed, this, [this](const QString &text) {
        m_filter->setFocus();
        m_filter->insert(text);
    });
    connect(m_view, &ContactListView::openRequested, this, &MainWindow::openPerson);
    connect(m_view, &ContactListView::callRequested, this, &MainWindow::callPerson);
    connect(m_view, &ContactListView::menuRequested, this, &MainWindow::showPersonMenu);
    connect(m_model, &ContactListModel::mergeRequested, &m_sync, &contacts::ContactSync::merge);
    connect(m_model, &ContactListModel::renameRequested, &m_sync, &contacts::ContactSync::rename);
    connect(m_model, &ContactListModel::moveToGroupRequested, this, [this](PersonId person, const QString &group) {
        if (const contacts::Contact *c = m_directory.contact(person)) {
            for (const ContactBuddy &b : c->buddies)
                m_roster.moveBuddy(b.address, group);
        }
    });
    connect(m_model, &ContactListModel::rowsRebuilt, this, &MainWindow::updateEmptyState);
    connect(&m_sync, &contacts::ContactSync::suggestionsChanged, this, &MainWindow::updateSuggestionBanner);
    connect(&m_sync, &contacts::ContactSync::loaded, this, &MainWindow::updateEmptyState);
    connect(&m_accounts, &AccountService::accountAdded, this, &MainWindow::updateEmptyState);
    connect(&m_accounts, &AccountService::accountRemoved, this, &MainWindow::updateEmptyState);
    connect(m_emptyButton, &QPushButton::clicked, this, &MainWindow::addAccountRequested);

    // Suggestion banner: "X and Y may be the same person".
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(8, 4, 8, 4);
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextFormat(Qt::PlainText);
    auto *mergeButton = new QPushButton(tr("Merge"), m_banner);
    auto *rejectButton = new QPushButton(tr("Not the same"), m_banner);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(mergeButton);
    bannerLayout->addWidget(rejectButton);
    m_banner->setAutoFillBackground(true);
    m_banner->setBackgroundRole(QPalette::AlternateBase);
    connect(mergeButton, &QPushButton::clicked, this, [this] {
        if (!m_sync.suggestions().isEmpty())
            m_sync.acceptSuggestion(m_sync.suggestions().first());
    });
    connect(rejectButton, &QPushButton::clicked, this, [this] {
        if (!m_sync.suggestions().isEmpty())
            m_sync.rejectSuggestion(m_sync.suggestions().first());
    });

    // Empty state page.
    auto *emptyPage = new QWidget(this);
    auto *emptyLayout = new QVBoxLayout(emptyPage);
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setTextFormat(Qt::PlainText);
    emptyLayout->addStretch();
    emptyLayout->addWidget(m_emptyLabel);
    emptyLayout->addWidget(m_emptyButton, 0, Qt::AlignCenter);
    emptyLayout->addStretch();
    m_stack->addWidget(m_view);
    m_stack->addWidget(emptyPage);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto *filterBox = new QWidget(central);
    auto *filterLayout = new QHBoxLayout(filterBox);
    filterLayout->setContentsMargins(6, 6, 6, 6);
    filterLayout->addWidget(m_filter);
    layout->addWidget(filterBox);
    layout->addWidget(m_banner);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_strip);
    setCentralWidget(central);
    resize(380, 620);

    buildMenus();
    updateSuggestionBanner();
    updateEmptyState();
}

void MainWindow::buildMenus()
{
    QMenu *contactsMenu = menuBar()->addMenu(tr("&Contacts"));
    contactsMenu->addAction(tr("&Add contact…"), QKeySequence(Qt::CTRL | Qt::Key_N), this, &MainWindow::showAddContact);
    m_undo = contactsMenu->addAction(tr("&Undo"), QKeySequence::Undo, &m_sync, &contacts::ContactSync::undo);
    m_undo->setEnabled(false);
    connect(&m_sync, &contacts::ContactSync::undoChanged, this, [this] {
        m_undo->setEnabled(m_sync.canUndo());
        m_undo->setText(m_sync.canUndo() ? tr("&Undo %1").arg(m_sync.undoText()) : tr("&Undo"));
    });
    contactsMenu->addAction(tr("&Join group chat…"), QKeySequence(Qt::CTRL | Qt::Key_J), this,
                            &MainWindow::joinChatRequested);
    contactsMenu->addSeparator();
    QAction *find = contactsMenu->addAction(tr("&Find"), this, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });
    find->setShortcut(QKeySequence::Find);

    QMenu *accountsMenu = menuBar()->addMenu(tr("&Accounts"));
    accountsMenu->addAction(tr("&Manage accounts…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A), this,
                            &MainWindow::accountsRequested);
    accountsMenu->addAction(tr("&Add account…"), this, &MainWindow::addAccountRequested);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    m_showOffline = viewMenu->addAction(tr("Show &offline people"));
    m_showOffline->setCheckable(true);
    m_showOffline->setChecked(m_model->showOffline());
    connect(m_showOffline, &QAction::toggled, this, [this](bool on) {
        m_model->setShowOffline(on);
        Q_EMIT viewStateChanged();
    });
    m_grouped = viewMenu->addAction(tr("Show &groups"));
    m_grouped->setCheckable(true);
    m_grouped->setChecked(m_model->grouped());
    connect(m_grouped, &QAction::toggled, this, [this](bool on) {
        m_model->setGrouped(on);
        Q_EMIT viewStateChanged();
    });
    QMenu *sortMenu = viewMenu->addMenu(tr("&Sort by"));
    m_sortGroup = new QActionGroup(this);
    const QList<QPair<QString, ContactListModel::SortMode>> sorts{
        {tr("&Presence"), ContactListModel::SortMode::Presence},
        {tr("&Name"), ContactListModel::SortMode::Name},
        {tr("&Recent conversation"), ContactListModel::SortMode::Recent}};
    for (const auto &[label, mode] : sorts) {
        QAction *a = sortMenu->addAction(label);
        a->setCheckable(true);
        a->setChecked(m_model->sortMode() == mode);
        a->setData(int(mode));
        m_sortGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, mode = mode] {
            m_model->setSortMode(mode);
            Q_EMIT viewStateChanged();
        });
    }
    connect(m_model, &ContactListModel::rowsRebuilt, this, [this] {
        // Collapsing a group is part of the view state too.
        if (m_model->collapsedGroups() != m_savedCollapsed) {
            m_savedCollapsed = m_model->collapsedGroups();
            Q_EMIT viewStateChanged();
        }
    });
}

QVariantMap MainWindow::viewState() const
{
    return {{QStringLiteral("sort"), int(m_model->sortMode())},
            {QStringLiteral("showOffline"), m_model->showOffline()},
            {QStringLiteral("grouped"), m_model->grouped()},
            {QStringLiteral("collapsed"), QStringList(m_model->collapsedGroups().values())}};
}

void MainWindow::restoreViewState(const QVariantMap &state)
{
    if (state.contains(QStringLiteral("sort"))) {
        const auto mode = ContactListModel::SortMode(state.value(QStringLiteral("sort")).toInt());
        m_model->setSortMode(mode);
        for (QAction *a : m_sortGroup->actions())
            a->setChecked(a->data().toInt() == int(mode));
    }
    if (state.contains(QStringLiteral("showOffline")))
        m_showOffline->setChecked(state.value(QStringLiteral("showOffline")).toBool());
    if (state.contains(QStringLiteral("grouped")))
        m_grouped->setChecked(state.value(QStringLiteral("grouped")).toBool());
    const QStringList collapsed = state.value(QStringLiteral("collapsed")).toStringList();
    m_model->setCollapsedGroups(QSet<QString>(collapsed.cbegin(), collapsed.cend()));
}

std::optional<BuddyAddress> MainWindow::messageRoute(PersonId person) const
{
    const contacts::Contact *c = m_directory.contact(person);
    if (!c || c->buddies.isEmpty())
        return std::nullopt;
    const QList<int> reachable = PresenceAggregator::reachable(c->buddies);
    return c->buddies[reachable.isEmpty() ? 0 : reachable.first()].address;
}

std::optional<BuddyAddress> MainWindow::callRoute(PersonId person, QString *whyNot) const
{
    if (m_callRouter)
        return m_callRouter(person, whyNot);
    const contacts::Contact *c = m_directory.contact(person);
    if (!c)
        return std::nullopt;
    const QList<int> callable = PresenceAggregator::callable(c->buddies);
    if (!callable.isEmpty())
        return c->buddies[callable.first()].address;
    if (whyNot) {
        *whyNot = PresenceAggregator::reachable(c->buddies).isEmpty()
                      ? tr("%1 is offline everywhere.").arg(c->displayName())
                      : tr("None of %1's accounts can take a voice call.").arg(c->displayName());
    }
    return std::nullopt;
}

void MainWindow::openPerson(PersonId person)
{
    if (const auto route = messageRoute(person))
        Q_EMIT conversationRequested(*route);
}

void MainWindow::callPerson(PersonId person)
{
    QString why;
    if (const auto route = callRoute(person, &why))
        Q_EMIT callRequested(*route);
    else
        statusBar()->showMessage(why, 5000);
}

QString MainWindow::buddyLabel(const ContactBuddy &b) const
{
    QString network = b.protocolId;
    for (const ProtocolInfo &p : m_accounts.protocols()) {
        if (p.id == b.protocolId)
            network = p.name;
    }
    return tr("%1 (%2, %3)").arg(displaySafe(b.address.handle, 60), network,
                                 presenceKindName(b.presence.kind));
}

void MainWindow::showPersonMenu(PersonId person, const QPoint &globalPos)
{
    if (QMenu *menu = personMenu(person))
        menu->popup(globalPos); // not exec(): no nested event loop
}

QMenu *MainWindow::personMenu(PersonId person)
{
    const contacts::Contact *c = m_directory.contact(person);
    if (!c)
        return nullptr;
    auto *menuPtr = new QMenu(this);
    menuPtr->setAttribute(Qt::WA_DeleteOnClose);
    QMenu &menu = *menuPtr;
    QMenu *message = menu.addMenu(tr("&Message via"));
    QMenu *call = menu.addMenu(tr("&Call via"));
    for (const ContactBuddy &b : c->buddies) {
        const BuddyAddress address = b.address;
        message->addAction(buddyLabel(b), this, [this, address] { Q_EMIT conversationRequested(address); });
        QAction *callAction = call->addAction(buddyLabel(b), this, [this, address] { Q_EMIT callRequested(address); });
        callAction->setEnabled(b.voiceCapable && b.presence.isOnline());
    }
    QString whyNot;
    if (!callRoute(person, &whyNot))
        call->setToolTip(whyNot);
    menu.addAction(tr("View &history"), this, [this, person] { Q_EMIT historyRequested(person); });
    menu.addSeparator();
    menu.addAction(tr("&Merge with…"), this, [this, person] { askMergeWith(person); });
    if (c->buddies.size() > 1) {
        QMenu *split = menu.addMenu(tr("&Split"));
        for (const ContactBuddy &b : c->buddies) {
            const BuddyAddress address = b.address;
            split->addAction(tr("Take out %1").arg(buddyLabel(b)), this, [this, address] { m_sync.split(address); });
        }
    }
    menu.addAction(tr("&Rename"), this, [this, person] { m_view->edit(m_model->indexOf(person)); });
    QMenu *move = menu.addMenu(tr("Move to &group"));
    QSet<QString> groups;
    m_directory.forEach([&](const contacts::Contact &other) {
        if (!other.group().isEmpty())
            groups.insert(other.group());
    });
    QStringList sorted = groups.values();
    sorted.sort(Qt::CaseInsensitive);
    for (const QString &g : std::as_const(sorted)) {
        move->addAction(displaySafe(g, 60), this, [this, person, g] {
            Q_EMIT m_model->moveToGroupRequested(person, g);
        });
    }
    menu.addSeparator();
    menu.addAction(tr("Re&move…"), this, [this, person] {
        const contacts::Contact *victim = m_directory.contact(person);
        if (!victim)
            return;
        auto *box = new QMessageBox(QMessageBox::Question, tr("Remove contact"),
                                    tr("Remove %1 from every account's buddy list?").arg(victim->displayName()),
                                    QMessageBox::Yes | QMessageBox::Cancel, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        connect(box, &QMessageBox::accepted, this, [this, person] {
            if (const contacts::Contact *gone = m_directory.contact(person)) {
                const auto buddies = gone->buddies;
                for (const ContactBuddy &b : buddies)
                    m_roster.removeBuddy(b.address);
            }
        });
        box->open();
    });
    const bool blocked = !c->buddies.isEmpty() && m_roster.isBlocked(c->buddies.first().address);
    menu.addAction(blocked ? tr("&Unblock") : tr("&Block"), this, [this, person, blocked] {
        if (const contacts::Contact *who = m_directory.contact(person)) {
            for (const ContactBuddy &b : who->buddies)
                m_roster.setBlocked(b.address, !blocked);
        }
    });
    return menuPtr;
}

void MainWindow::askMergeWith(PersonId person)
{
    auto *picker = new PersonPicker(m_directory, person, this);
    picker->setAttribute(Qt::WA_DeleteOnClose);
    connect(picker, &PersonPicker::picked, this, [this, person](PersonId other) { m_sync.merge(other, person); });
    picker->open();
}

void MainWindow::showAddContact()
{
    auto *dialog = new AddContactDialog(m_accounts, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &AddContactDialog::addRequested, this,
            [this](const BuddyAddress &address, const QString &alias, const QString &group) {
                m_roster.addBuddy(address, group, alias);
            });
    dialog->open();
}

void MainWindow::updateEmptyState()
{
    if (!m_sync.isLoaded()) {
        m_stack->setCurrentIndex(0); // the cache is on its way: no "empty" flash
    } else if (m_accounts.accounts().isEmpty() && m_directory.size() == 0) {
        m_emptyLabel->setText(tr("No accounts yet — add one to see your contacts here."));
        m_emptyButton->show();
        m_stack->setCurrentIndex(1);
    } else if (m_model->isEmptyBecauseOfFilter()) {
        m_emptyLabel->setText(tr("No one matches “%1”.").arg(m_model->filter()));
        m_emptyButton->hide();
        m_stack->setCurrentIndex(1);
    } else if (m_directory.size() == 0) {
        m_emptyLabel->setText(tr("No contacts yet. Add one with Contacts ▸ Add contact."));
        m_emptyButton->hide();
        m_stack->setCurrentIndex(1);
    } else {
        m_stack->setCurrentIndex(0);
    }
}

void MainWindow::updateSuggestionBanner()
{
    const auto suggestions = m_sync.suggestions();
    if (suggestions.isEmpty()) {
        m_banner->hide();
        return;
    }
    const auto &s = suggestions.first();
    QString text = tr("%1 and %2 may be the same person (%3).")
                       .arg(s.buddy.displayName(), s.match.displayName(), contacts::mergeReasonText(s.reason));
    if (suggestions.size() > 1)
        text += tr(" %n more suggestion(s).", nullptr, int(suggestions.size()) - 1);
    m_bannerText->setText(displaySafe(text, 300));
    m_banner->show();
}

} // namespace crosstalk::ui
