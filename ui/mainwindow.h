// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/contacts/contactdirectory.h"
#include "core/contacts/contactsync.h"
#include "core/network/accountservice.h"
#include "core/network/rosterservice.h"

#include <QMainWindow>
#include <QSet>
#include <QVariantMap>

#include <functional>

class QLabel;
class QLineEdit;
class QStackedWidget;
class QPushButton;
class QActionGroup;
class QMenu;

namespace crosstalk::ui {

class AccountStrip;
class ContactListModel;
class ContactListView;

/// The main window: the merged contact list (filter, suggestions, list or empty state)
/// with the accounts' connection states under it.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(AccountService &accounts, RosterService &roster, contacts::ContactDirectory &directory,
               contacts::ContactSync &sync, QWidget *parent = nullptr);

    AccountStrip *accountStrip() const { return m_strip; }
    ContactListModel *contactModel() const { return m_model; }
    ContactListView *contactView() const { return m_view; }
    QLineEdit *filterField() const { return m_filter; }

    /// Sort, grouping, offline and collapsed groups, to remember between runs.
    QVariantMap viewState() const;
    void restoreViewState(const QVariantMap &state);

    /// The context menu of a person (built fresh; deletes itself when closed).
    QMenu *personMenu(PersonId person);

    /// The buddy a message to this person goes to: best presence first, else any.
    std::optional<BuddyAddress> messageRoute(PersonId person) const;
    /// The buddy a call to this person goes to, or why there is none.
    std::optional<BuddyAddress> callRoute(PersonId person, QString *whyNot = nullptr) const;
    /// Who decides callRoute (the call layer's routes: presence, then the last used route);
    /// without one, the best online buddy that advertises voice.
    using CallRouter = std::function<std::optional<BuddyAddress>(PersonId, QString *)>;
    void setCallRouter(CallRouter router) { m_callRouter = std::move(router); }

Q_SIGNALS:
    /// The user asked to talk to this buddy (the best route of the activated person, or a
    /// route chosen in the context menu).
    void conversationRequested(const crosstalk::BuddyAddress &buddy);
    void callRequested(const crosstalk::BuddyAddress &buddy);
    void historyRequested(crosstalk::PersonId person);
    void addAccountRequested();
    void accountsRequested();
    void joinChatRequested();
    void viewStateChanged();

private:
    void buildMenus();
    void showPersonMenu(PersonId person, const QPoint &globalPos);
    void openPerson(PersonId person);
    void callPerson(PersonId person);
    void updateEmptyState();
    void updateSuggestionBanner();
    void askMergeWith(PersonId person);
    void showAddContact();
    QString buddyLabel(const contacts::ContactBuddy &buddy) const;

    AccountService &m_accounts;
    RosterService &m_roster;
    contacts::ContactDirectory &m_directory;
    contacts::ContactSync &m_sync;
    AccountStrip *m_strip;
    ContactListModel *m_model;
    ContactListView *m_view;
    QLineEdit *m_filter;
    QStackedWidget *m_stack;
    QLabel *m_emptyLabel;
    QPushButton *m_emptyButton;
    QWidget *m_banner;
    QLabel *m_bannerText;
    QAction *m_undo = nullptr;
    QAction *m_showOffline = nullptr;
    QAction *m_grouped = nullptr;
    QActionGroup *m_sortGroup = nullptr;
    QSet<QString> m_savedCollapsed; ///< collapsed groups last reported as view state
    CallRouter m_callRouter;
};

} // namespace crosstalk::ui
