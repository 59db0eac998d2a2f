// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/chatwindowmanager.h"

#include "core/contacts/contactdirectory.h"
#include "core/contacts/presenceaggregator.h"
#include "core/conversations/conversationhub.h"
#include "ui/chatwindow.h"
#include "ui/conversationmodel.h"
#include "ui/conversationview.h"
#include "ui/transferlist.h"

#include <QApplication>

namespace crosstalk::ui {

ChatWindowManager::ChatWindowManager(conversations::ConversationHub &hub, history::HistoryReader &reader,
                                     QObject *parent)
    : QObject(parent)
    , m_hub(hub)
    , m_reader(reader)
{
    connect(&m_hub, &conversations::ConversationHub::messageStored, this, &ChatWindowManager::onMessage);
    connect(&m_hub, &conversations::ConversationHub::messageStateChanged, this,
            [this](MessageId id, store::MessageState state, const QString &reason) {
                for (const auto &view : std::as_const(m_views)) {
                    if (view)
                        view->model().updateState(id, state, reason);
                }
            });
    connect(&m_hub, &conversations::ConversationHub::typingChanged, this,
            [this](const BuddyAddress &from, TypingState state) {
                if (ConversationView *view = find(ConversationTarget::of(from)))
                    view->setPeerTyping(state);
            });

    GroupChatService &chats = m_hub.chats();
    connect(&chats, &GroupChatService::joined, this, [this](const ChatAddress &chat) {
        if (ConversationView *view = find(ConversationTarget::of(chat))) {
            view->setJoined(true);
            refreshRoom(chat);
        }
    });
    connect(&chats, &GroupChatService::joinFailed, this, [this](const ChatAddress &chat, const QString &reason) {
        if (ConversationView *view = find(ConversationTarget::of(chat))) {
            view->setJoined(false);
            view->showRoomEvent(tr("Could not join: %1").arg(reason));
        }
    });
    connect(&chats, &GroupChatService::left, this, [this](const ChatAddress &chat) {
        if (ConversationView *view = find(ConversationTarget::of(chat))) {
            view->setJoined(false);
            view->showRoomEvent(tr("You are no longer in the room."));
        }
    });
    connect(&chats, &GroupChatService::participantsChanged, this, &ChatWindowManager::refreshRoom);
    connect(&chats, &GroupChatService::topicChanged, this, [this](const ChatAddress &chat, const QString &topic) {
        if (ConversationView *view = find(ConversationTarget::of(chat)))
            view->setTopic(topic);
    });
    connect(&chats, &GroupChatService::nickChanged, this,
            [this](const ChatAddress &chat, const QString &oldNick, const QString &newNick) {
                if (ConversationView *view = find(ConversationTarget::of(chat))) {
                    refreshRoom(chat);
                    view->showRoomEvent(tr("%1 is now known as %2").arg(oldNick, newNick));
                }
            });
    connect(&chats, &GroupChatService::participantLeft, this,
            [this](const ChatAddress &chat, const QString &nick, const QString &reason) {
                if (ConversationView *view = find(ConversationTarget::of(chat)))
                    view->showRoomEvent(reason.isEmpty() ? tr("%1 left").arg(nick)
                                                         : tr("%1 left (%2)").arg(nick, reason));
            });
}

ChatWindowManager::~ChatWindowManager()
{
    for (const auto &window : std::as_const(m_windows))
        delete window.data();
}

ConversationView *ChatWindowManager::find(const ConversationTarget &target) const
{
    if (ConversationView *exact = m_views.value(target).data())
        return exact;
    const PersonId person = personOf(target);
    return person.isValid() ? m_personViews.value(person).data() : nullptr;
}

PersonId ChatWindowManager::personOf(const ConversationTarget &target) const
{
    if (!m_directory || target.isChat)
        return {};
    return m_directory->personOf(target.buddy());
}

ConversationView *ChatWindowManager::openConversation(const BuddyAddress &buddy)
{
    return open(ConversationTarget::of(buddy), true);
}

ConversationView *ChatWindowManager::openChat(const ChatAddress &chat)
{
    ConversationView *view = open(ConversationTarget::of(chat), true);
    if (!view->property("levelWired").toBool()) {
        view->setProperty("levelWired", true);
        view->setNotificationLevel(notificationLevel(chat));
        connect(view, &ConversationView::notificationLevelRequested, this,
                [this, chat](NotificationLevel level) { setNotificationLevel(chat, level); });
    }
    refreshRoom(chat);
    view->setJoined(m_hub.chats().isJoined(chat));
    return view;
}

ConversationView *ChatWindowManager::open(const ConversationTarget &target, bool focus)
{
    if (ConversationView *existing = find(target)) {
        if (!(existing->target() == target) && !target.isChat) {
            // Asked for (or written to) through another of the person's buddies: that
            // route is now the one in use.
            existing->retarget(target.buddy());
            if (const PersonId person = personOf(target); person.isValid())
                m_lastUsed.insert(person, target.buddy());
        }
        if (focus) {
            ChatWindow *window = windowOf(existing);
            window->show();
            window->raise();
            window->activateWindow();
            window->activate(existing);
        }
        return existing;
    }
    const QString title = target.isChat ? target.peer
                                        : (m_names ? m_names(target.buddy()) : target.peer);
    auto *view = new ConversationView(m_hub, m_reader, target, title.isEmpty() ? target.peer : title);
    if (m_linkOpener)
        view->setLinkOpener(m_linkOpener);
    view->setFileTransfers(m_fileTransfers);
    m_views.insert(target, view);
    track(view);
    ChatWindow *window = primaryWindow();
    const bool first = window->count() == 0;
    window->addConversation(view, focus || first);
    if (focus || !window->isVisible()) {
        window->show();
        if (focus) {
            window->raise();
            window->activateWindow();
        }
    }
    return view;
}

ChatWindow *ChatWindowManager::primaryWindow()
{
    m_windows.removeAll(nullptr);
    // The most recently active window with tabs, else the first one, else a new one.
    for (const auto &window : std::as_const(m_windows)) {
        if (window->isActiveWindow())
            return window;
    }
    return m_windows.isEmpty() ? newWindow() : m_windows.first().data();
}

ChatWindow *ChatWindowManager::newWindow()
{
    auto *window = new ChatWindow;
    m_windows.append(window);
    connect(window, &ChatWindow::detachRequested, this, [this](ConversationView *view) { detach(view); });
    connect(window, &ChatWindow::conversationClosed, this, [this](ConversationView *view) {
        if (view->target().isChat)
            m_hub.chats().leaveChat(view->target().chat());
        m_views.remove(view->target());
        for (auto it = m_personViews.begin(); it != m_personViews.end();) {
            it = it.value() == view ? m_personViews.erase(it) : std::next(it);
        }
    });
    connect(window, &ChatWindow::unreadChanged, this, [this] { Q_EMIT unreadChanged(totalUnread()); });
    connect(window, &ChatWindow::viewUnreadChanged, this, [this](ConversationView *view, int unread) {
        if (const PersonId person = personOf(view->target()); person.isValid())
            Q_EMIT personUnreadChanged(person, unread);
    });
    connect(window, &ChatWindow::conversationSeen, this, [this](ConversationView *view) {
        if (view->target().isChat) {
            Q_EMIT conversationRead(view->target());
            return;
        }
        QList<ConversationTarget> targets{view->target()};
        for (const ConversationRoute &route : view->routes()) {
            if (!targets.contains(ConversationTarget::of(route.address)))
                targets << ConversationTarget::of(route.address);
        }
        for (const ConversationTarget &t : std::as_const(targets))
            Q_EMIT conversationRead(t);
    });
    connect(window, &ChatWindow::emptied, this, [this, window] {
        window->hide();
        if (m_windows.size() > 1) {
            m_windows.removeAll(window);
            window->deleteLater();
        }
    });
    return window;
}

ChatWindow *ChatWindowManager::detach(ConversationView *view)
{
    ChatWindow *from = windowOf(view);
    if (!from)
        return nullptr;
    const QPoint where = from->pos() + QPoint(40, 40);
    ChatWindow *to = newWindow();
    from->takeConversation(view);
    to->addConversation(view, true);
    to->resize(from->size());
    to->move(where);
    to->show();
    to->activateWindow();
    return to;
}

QList<ChatWindow *> ChatWindowManager::windows() const
{
    QList<ChatWindow *> list;
    for (const auto &window : m_windows) {
        if (window)
            list << window.data();
    }
    return list;
}

ChatWindow *ChatWindowManager::windowOf(ConversationView *view) const
{
    for (const auto &window : m_windows) {
        if (window && window->contains(view))
            return window.data();
    }
    return nullptr;
}

void ChatWindowManager::setNotificationLevel(const ChatAddress &chat, NotificationLevel level)
{
    const bool changed = notificationLevel(chat) != level;
    m_levels.insert(chat, level);
    if (ConversationView *view = find(ConversationTarget::of(chat)))
        view->setNotificationLevel(level);
    if (changed)
        Q_EMIT notificationLevelChanged(chat, level);
}

NotificationLevel ChatWindowManager::notificationLevel(const ChatAddress &chat) const
{
    return m_levels.value(chat, NotificationLevel::Mentions);
}

void ChatWindowManager::setContactDirectory(contacts::ContactDirectory *directory)
{
    if (m_directory || !directory)
        return;
    m_directory = directory;
    connect(directory, &contacts::ContactDirectory::peopleChanged, this, &ChatWindowManager::onPeopleChanged);
    connect(directory, &contacts::ContactDirectory::reset, this, [this] { onPeopleChanged(m_personViews.keys()); });
    for (const auto &view : std::as_const(m_views)) {
        if (view)
            track(view);
    }
}

void ChatWindowManager::track(ConversationView *view)
{
    if (view->target().isChat)
        return;
    if (view->property("tracked").toBool() == false) {
        view->setProperty("tracked", true);
        connect(view, &ConversationView::routeChanged, this,
                [this, view](const ConversationTarget &from, const ConversationTarget &to, bool byUser) {
                    if (m_views.value(from) == view)
                        m_views.remove(from);
                    m_views.insert(to, view);
                    if (byUser) {
                        if (const PersonId person = personOf(to); person.isValid())
                            m_lastUsed.insert(person, to.buddy());
                    }
                });
    }
    const PersonId person = personOf(view->target());
    if (person.isValid()) {
        m_personViews.insert(person, view);
        view->setPerson(person);
    }
    view->setRoutes(routesFor(view->target().buddy()));
}

namespace {

QString protocolLabel(const QString &protocolId)
{
    if (protocolId == QLatin1String("prpl-jabber"))
        return QStringLiteral("XMPP");
    if (protocolId == QLatin1String("prpl-irc"))
        return QStringLiteral("IRC");
    QString name = protocolId;
    if (name.startsWith(QLatin1String("prpl-")))
        name = name.mid(5);
    return name.toUpper();
}

} // namespace

QList<ConversationRoute> ChatWindowManager::routesFor(const BuddyAddress &buddy) const
{
    const PersonId person = m_directory ? m_directory->personOf(buddy) : PersonId();
    const contacts::Contact *contact = person.isValid() ? m_directory->contact(person) : nullptr;
    if (!contact)
        return {{buddy, buddy.handle, true}};
    QList<ConversationRoute> routes;
    QList<int> order = contacts::PresenceAggregator::reachable(contact->buddies);
    for (int i = 0; i < contact->buddies.size(); ++i) {
        if (!order.contains(i))
            order.append(i); // the offline ones after, in the person's order
    }
    for (int i : std::as_const(order)) {
        const contacts::ContactBuddy &b = contact->buddies[i];
        routes.append({b.address, protocolLabel(b.protocolId) + QStringLiteral(" · ") + b.address.handle,
                       b.presence.isOnline()});
    }
    return routes;
}

BuddyAddress ChatWindowManager::bestRoute(PersonId person, const BuddyAddress &current) const
{
    const contacts::Contact *contact = m_directory ? m_directory->contact(person) : nullptr;
    if (!contact)
        return current;
    const auto online = [contact](const BuddyAddress &address) {
        for (const contacts::ContactBuddy &b : contact->buddies) {
            if (b.address == address)
                return b.presence.isOnline();
        }
        return false;
    };
    if (online(current))
        return current;
    const auto last = m_lastUsed.constFind(person);
    if (last != m_lastUsed.cend() && online(*last))
        return *last;
    const QList<int> reachable = contacts::PresenceAggregator::reachable(contact->buddies);
    return reachable.isEmpty() ? current : contact->buddies[reachable.first()].address;
}

void ChatWindowManager::onPeopleChanged(const QList<PersonId> &people)
{
    for (const PersonId &person : people) {
        ConversationView *view = m_personViews.value(person).data();
        if (!view)
            continue;
        const BuddyAddress current = view->target().buddy();
        const BuddyAddress best = bestRoute(person, current);
        if (!(best == current)) {
            // The buddy in use went offline: follow the person to where they are.
            QString was;
            for (const ConversationRoute &r : view->routes()) {
                if (r.address == current)
                    was = r.label;
            }
            view->setRoutes(routesFor(best));
            const QList<ConversationRoute> routes = routesFor(best);
            QString now = best.handle;
            for (const ConversationRoute &r : routes) {
                if (r.address == best)
                    now = r.label;
            }
            view->retarget(best, tr("%1 went offline — now sending via %2").arg(was.isEmpty() ? current.handle : was, now));
        }
        view->setRoutes(routesFor(view->target().buddy()));
    }
}

void ChatWindowManager::setFileTransfers(FileTransferService *service)
{
    if (m_fileTransfers || !service)
        return;
    m_fileTransfers = service;
    for (const auto &view : std::as_const(m_views)) {
        if (view)
            view->setFileTransfers(service);
    }
    connect(service, &FileTransferService::transferAdded, this,
            [this](const FileTransfer &t) { onTransfer(t, true); });
    connect(service, &FileTransferService::transferChanged, this,
            [this](const FileTransfer &t) { onTransfer(t, false); });
}

void ChatWindowManager::onTransfer(const FileTransfer &transfer, bool added)
{
    const ConversationTarget target = ConversationTarget::of(transfer.peer);
    ConversationView *view = find(target);
    if (!view) {
        if (!added || !transfer.isIncoming())
            return;
        view = open(target, false);
    }
    if (!view->transfers())
        return;
    view->transfers()->addOrUpdate(transfer);
    ChatWindow *window = windowOf(view);
    if (added && transfer.isIncoming() && window && !window->isShowing(view))
        window->addUnread(view, 1, false);
}

void ChatWindowManager::refreshRoom(const ChatAddress &chat)
{
    ConversationView *view = find(ConversationTarget::of(chat));
    if (!view)
        return;
    GroupChatService &chats = m_hub.chats();
    view->setParticipants(chats.participantList(chat));
    view->setOwnNick(chats.ownNick(chat));
    const QString topic = chats.topic(chat);
    if (!topic.isEmpty())
        view->setTopic(topic);
}

void ChatWindowManager::onMessage(const store::StoredMessage &message)
{
    const ConversationTarget target = ConversationTarget::of(message);
    const bool incoming = message.direction == MessageDirection::Incoming;
    ConversationView *view = find(target);
    if (!view) {
        // A new one-to-one message opens its tab in the background; room lines only matter
        // while the room is open.
        if (target.isChat || !incoming)
            return;
        view = open(target, false);
    }
    if (!target.isChat && incoming && !(view->target() == target)) {
        // The person wrote through another of their buddies: answer the same way.
        view->retarget(target.buddy(), {}, message.conversation);
        if (const PersonId person = personOf(target); person.isValid())
            m_lastUsed.insert(person, target.buddy());
    }
    view->addMessage(message);
    if (!incoming)
        return;
    bool mention = false;
    if (target.isChat) {
        const QString nick = m_hub.chats().ownNick(target.chat());
        mention = !nick.isEmpty() && message.plainText.contains(nick, Qt::CaseInsensitive);
    }
    ChatWindow *window = windowOf(view);
    if (!window || window->isShowing(view))
        return;
    const NotificationLevel level = target.isChat ? notificationLevel(target.chat()) : NotificationLevel::All;
    if (level == NotificationLevel::Nothing)
        return;
    const bool loud = level == NotificationLevel::All || mention;
    window->addUnread(view, 1, mention, loud);
    if (loud)
        Q_EMIT attentionNeeded(message, view->title(), mention);
}

int ChatWindowManager::totalUnread() const
{
    int total = 0;
    for (const auto &window : m_windows) {
        if (window)
            total += window->totalUnread();
    }
    return total;
}

} // namespace crosstalk::ui
