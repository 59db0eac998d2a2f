// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/chatwindow.h"

#include "ui/conversationview.h"

#include <QEvent>
#include <QMenu>
#include <QShortcut>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace crosstalk::ui {

ChatWindow::ChatWindow(QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_tabs(new QTabWidget(this))
{
    setAttribute(Qt::WA_DeleteOnClose, false);
    resize(720, 640);
    m_tabs->setMovable(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setDocumentMode(true);
    m_tabs->setUsesScrollButtons(true);
    m_tabs->tabBar()->setContextMenuPolicy(Qt::CustomContextMenu);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        closeConversation(qobject_cast<ConversationView *>(m_tabs->widget(index)));
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        markSeen();
        refreshTitle();
    });
    connect(m_tabs->tabBar(), &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const int index = m_tabs->tabBar()->tabAt(pos);
        auto *view = qobject_cast<ConversationView *>(m_tabs->widget(index));
        if (!view)
            return;
        QMenu menu(this);
        QAction *detach = menu.addAction(tr("Move to New Window"));
        detach->setEnabled(m_tabs->count() > 1);
        QAction *close = menu.addAction(tr("Close"));
        QAction *chosen = menu.exec(m_tabs->tabBar()->mapToGlobal(pos));
        if (chosen == detach)
            Q_EMIT detachRequested(view);
        else if (chosen == close)
            closeConversation(view);
    });

    // Window-wide, so they work while the input has focus.
    const auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *s = new QShortcut(keys, this);
        s->setContext(Qt::WindowShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Tab), [this] { cycle(1); });
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab), [this] { cycle(-1); });
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Tab), [this] { cycle(-1); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_PageDown), [this] { cycle(1); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_PageUp), [this] { cycle(-1); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_W), [this] { closeConversation(current()); });
}

ChatWindow::~ChatWindow() = default;

void ChatWindow::addConversation(ConversationView *view, bool activateIt)
{
    m_tabs->addTab(view, view->title());
    m_tabs->setTabToolTip(m_tabs->indexOf(view), view->title());
    if (activateIt)
        activate(view);
    refresh(view);
}

void ChatWindow::takeConversation(ConversationView *view)
{
    const int index = m_tabs->indexOf(view);
    if (index < 0)
        return;
    m_tabs->removeTab(index);
    view->setParent(nullptr);
    if (m_unread.remove(view))
        Q_EMIT viewUnreadChanged(view, 0);
    m_mentions.remove(view);
    m_counted.remove(view);
    refreshTitle();
    if (m_tabs->count() == 0)
        Q_EMIT emptied();
}

void ChatWindow::closeConversation(ConversationView *view)
{
    if (!view || m_tabs->indexOf(view) < 0)
        return;
    Q_EMIT conversationClosed(view);
    takeConversation(view);
    view->deleteLater();
}

void ChatWindow::activate(ConversationView *view)
{
    m_tabs->setCurrentWidget(view);
    view->setFocus();
    markSeen();
}

bool ChatWindow::contains(ConversationView *view) const
{
    return m_tabs->indexOf(view) >= 0;
}

ConversationView *ChatWindow::current() const
{
    return qobject_cast<ConversationView *>(m_tabs->currentWidget());
}

QList<ConversationView *> ChatWindow::conversations() const
{
    QList<ConversationView *> views;
    for (int i = 0; i < m_tabs->count(); ++i)
        views << qobject_cast<ConversationView *>(m_tabs->widget(i));
    return views;
}

int ChatWindow::count() const
{
    return m_tabs->count();
}

bool ChatWindow::isShowing(ConversationView *view) const
{
    return isVisible() && isActiveWindow() && current() == view;
}

void ChatWindow::addUnread(ConversationView *view, int n, bool mention, bool countInTotal)
{
    if (isShowing(view))
        return;
    m_unread[view] += n;
    if (countInTotal)
        m_counted[view] += n;
    if (mention)
        m_mentions[view] += 1;
    refresh(view);
}

int ChatWindow::totalUnread() const
{
    int total = 0;
    for (int n : m_counted)
        total += n;
    return total;
}

void ChatWindow::cycle(int step)
{
    const int n = m_tabs->count();
    if (n > 1)
        m_tabs->setCurrentIndex((m_tabs->currentIndex() + step + n) % n);
    if (ConversationView *view = current())
        view->setFocus();
}

void ChatWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::ActivationChange && isActiveWindow())
        markSeen();
    QWidget::changeEvent(event);
}

void ChatWindow::markSeen()
{
    ConversationView *view = current();
    if (!view || !isActiveWindow() || !m_unread.value(view))
        return;
    m_unread.remove(view);
    m_mentions.remove(view);
    m_counted.remove(view);
    refresh(view);
    Q_EMIT conversationSeen(view);
}

void ChatWindow::refresh(ConversationView *view)
{
    const int index = m_tabs->indexOf(view);
    if (index < 0)
        return;
    const int n = m_unread.value(view);
    const int at = m_mentions.value(view);
    QString text = view->title();
    if (n)
        text += at ? QStringLiteral(" (%1, @%2)").arg(n).arg(at) : QStringLiteral(" (%1)").arg(n);
    m_tabs->setTabText(index, text);
    m_tabs->tabBar()->setTabTextColor(index, n ? palette().color(QPalette::Highlight) : QColor());
    Q_EMIT viewUnreadChanged(view, n);
    refreshTitle();
}

void ChatWindow::refreshTitle()
{
    const ConversationView *view = current();
    const int total = totalUnread();
    QString title = view ? view->title() + QStringLiteral(" — Crosstalk") : QStringLiteral("Crosstalk");
    if (total)
        title = QStringLiteral("(%1) ").arg(total) + title;
    setWindowTitle(title);
    Q_EMIT unreadChanged();
}

} // namespace crosstalk::ui
