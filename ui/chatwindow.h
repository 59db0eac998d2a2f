// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QWidget>

class QTabWidget;

namespace crosstalk::ui {

class ConversationView;

/// A window of conversation tabs: reorder by dragging, close, move a tab to a new window,
/// Ctrl+Tab / Ctrl+Shift+Tab / Ctrl+PgDn / Ctrl+PgUp to switch, Ctrl+W to close. Unread
/// counts show on each tab and, summed, in the window title.
class ChatWindow : public QWidget
{
    Q_OBJECT
public:
    explicit ChatWindow(QWidget *parent = nullptr);
    ~ChatWindow() override;

    void addConversation(ConversationView *view, bool activate);
    /// Takes the tab out without deleting it (to move it elsewhere).
    void takeConversation(ConversationView *view);
    void activate(ConversationView *view);
    bool contains(ConversationView *view) const;
    ConversationView *current() const;
    QList<ConversationView *> conversations() const;
    int count() const;
    QTabWidget &tabs() { return *m_tabs; }

    /// True when the user is looking at this conversation right now.
    bool isShowing(ConversationView *view) const;
    /// countInTotal false: shown on the tab only, not in the title or totalUnread() (a room
    /// notifying on mentions only).
    void addUnread(ConversationView *view, int n = 1, bool mention = false, bool countInTotal = true);
    int unread(ConversationView *view) const { return m_unread.value(view); }
    int mentions(ConversationView *view) const { return m_mentions.value(view); }
    int totalUnread() const;

    void closeConversation(ConversationView *view);
    void cycle(int step);

Q_SIGNALS:
    void unreadChanged();
    void viewUnreadChanged(crosstalk::ui::ConversationView *view, int unread);
    /// The user has now seen a conversation that had unread messages.
    void conversationSeen(crosstalk::ui::ConversationView *view);
    /// The user asked for this tab in a window of its own.
    void detachRequested(crosstalk::ui::ConversationView *view);
    /// The tab was closed by the user (the view is about to be deleted).
    void conversationClosed(crosstalk::ui::ConversationView *view);
    /// No tab is left.
    void emptied();

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh(ConversationView *view);
    void refreshTitle();
    void markSeen();

    QTabWidget *m_tabs;
    QHash<ConversationView *, int> m_unread;
    QHash<ConversationView *, int> m_mentions;
    QHash<ConversationView *, int> m_counted; ///< the part of m_unread in the totals
};

} // namespace crosstalk::ui
