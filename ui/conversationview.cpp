// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/conversationview.h"

#include "core/conversations/conversationhub.h"
#include "core/conversations/typingnotifier.h"
#include "core/history/historyreader.h"
#include "ui/bandedpainting.h"
#include "ui/chatinput.h"
#include "ui/conversationmodel.h"
#include "ui/emojipicker.h"
#include "ui/messagedelegate.h"
#include "ui/transferlist.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QMimeData>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QSplitter>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace crosstalk::ui {

namespace {

// How close to an end of the list (pixels) the next page is fetched.
constexpr int kPrefetchMargin = 600;

QString roleBadge(ChatParticipant::Role role)
{
    switch (role) {
    case ChatParticipant::Role::Founder: return QStringLiteral("~");
    case ChatParticipant::Role::Operator: return QStringLiteral("@");
    case ChatParticipant::Role::HalfOp: return QStringLiteral("%");
    case ChatParticipant::Role::Voice: return QStringLiteral("+");
    default: return {};
    }
}

QString roleName(ChatParticipant::Role role)
{
    switch (role) {
    case ChatParticipant::Role::Founder: return QObject::tr("Owner");
    case ChatParticipant::Role::Operator: return QObject::tr("Moderator / operator");
    case ChatParticipant::Role::HalfOp: return QObject::tr("Half-operator");
    case ChatParticipant::Role::Voice: return QObject::tr("Voice");
    default: return QObject::tr("Participant");
    }
}

} // namespace

ConversationView::ConversationView(conversations::ConversationHub &hub, history::HistoryReader &reader,
                                   ConversationTarget target, const QString &title, QWidget *parent)
    : QWidget(parent)
    , m_hub(hub)
    , m_reader(reader)
    , m_target(std::move(target))
    , m_title(title)
    , m_model(new ConversationModel(reader, 500, this))
    , m_list(new QListView(this))
    , m_input(new ChatInput(this))
    , m_header(new QLabel(this))
    , m_status(new QLabel(this))
    , m_searchBar(new QWidget(this))
    , m_searchEdit(new QLineEdit(m_searchBar))
    , m_searchCount(new QLabel(m_searchBar))
    , m_openLink([](const QUrl &url) { QDesktopServices::openUrl(url); })
{
    m_delegate = new MessageDelegate(m_list);
    m_list->setModel(m_model);
    m_list->setItemDelegate(m_delegate);
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_list->verticalScrollBar()->setSingleStep(20);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setMouseTracking(true);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setWordWrap(true);
    paintInBands(m_list);

    QFont headerFont = font();
    headerFont.setBold(true);
    headerFont.setPointSizeF(font().pointSizeF() * 1.15);
    m_header->setFont(headerFont);
    m_header->setText(title);
    m_header->setTextFormat(Qt::PlainText);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_status->setWordWrap(true);

    auto *searchLayout = new QHBoxLayout(m_searchBar);
    searchLayout->setContentsMargins(0, 0, 0, 0);
    m_searchEdit->setPlaceholderText(tr("Search this conversation"));
    m_searchEdit->setClearButtonEnabled(true);
    auto *prev = new QToolButton(m_searchBar);
    prev->setText(QStringLiteral("▲"));
    prev->setToolTip(tr("Older match"));
    auto *next = new QToolButton(m_searchBar);
    next->setText(QStringLiteral("▼"));
    next->setToolTip(tr("Newer match"));
    searchLayout->addWidget(m_searchEdit, 1);
    searchLayout->addWidget(m_searchCount);
    searchLayout->addWidget(prev);
    searchLayout->addWidget(next);
    m_searchBar->hide();
    connect(m_searchEdit, &QLineEdit::returnPressed, this, [this] {
        if (!m_hits.isEmpty() && m_searchEdit->text() == m_searchEdit->property("searched").toString())
            nextHit(1);
        else
            search(m_searchEdit->text());
    });
    connect(prev, &QToolButton::clicked, this, [this] { nextHit(1); });
    connect(next, &QToolButton::clicked, this, [this] { nextHit(-1); });
    auto *find = new QShortcut(QKeySequence::Find, this, this, &ConversationView::showSearch);
    find->setContext(Qt::WidgetWithChildrenShortcut);
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), m_searchBar, [this] {
        m_searchBar->hide();
        m_model->setSearchHit({});
        m_input->setFocus();
    });
    escape->setContext(Qt::WidgetWithChildrenShortcut);

    auto *send = new QPushButton(tr("Send"), this);
    connect(send, &QPushButton::clicked, this, [this] {
        const QString text = m_input->toPlainText();
        if (!text.trimmed().isEmpty()) {
            m_input->clear();
            onSubmitted(text);
        }
    });
    m_attach = new QToolButton(this);
    m_attach->setIcon(style()->standardIcon(QStyle::SP_FileIcon));
    m_attach->setText(tr("File"));
    m_attach->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_attach->setToolTip(tr("Send a file (or drop files here)"));
    m_attach->hide();
    connect(m_attach, &QToolButton::clicked, this, [this] {
        // Non-modal: the conversation keeps running while the user picks.
        auto *dialog = new QFileDialog(this, tr("Send files to %1").arg(m_title));
        dialog->setFileMode(QFileDialog::ExistingFiles);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QFileDialog::filesSelected, this, &ConversationView::sendFiles);
        dialog->open();
    });
    m_emojiButton = new QToolButton(this);
    m_emojiButton->setText(QStringLiteral("☺"));
    m_emojiButton->setToolTip(tr("Emoji"));
    m_emojiPicker = new EmojiPicker(this);
    connect(m_emojiButton, &QToolButton::clicked, this, [this] { m_emojiPicker->popUp(m_emojiButton); });
    connect(m_emojiPicker, &EmojiPicker::picked, this, [this](const QString &emoji) {
        m_input->insertPlainText(emoji);
        m_input->setFocus();
    });
    auto *inputRow = new QHBoxLayout;
    m_inputRow = inputRow;
    inputRow->addWidget(m_input, 1);
    inputRow->addWidget(m_emojiButton, 0, Qt::AlignBottom);
    inputRow->addWidget(m_attach, 0, Qt::AlignBottom);
    inputRow->addWidget(send, 0, Qt::AlignBottom);

    QWidget *center = m_list;
    if (m_target.isChat) {
        auto *splitter = new QSplitter(this);
        m_participants = new QListWidget(splitter);
        m_participants->setSortingEnabled(false);
        splitter->addWidget(m_list);
        splitter->addWidget(m_participants);
        splitter->setStretchFactor(0, 4);
        splitter->setStretchFactor(1, 1);
        center = splitter;
    }

    auto *layout = new QVBoxLayout(this);
    m_layout = layout;
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    auto *headerRow = new QHBoxLayout;
    headerRow->addWidget(m_header, 1);
    if (!m_target.isChat) {
        m_routeBox = new QComboBox(this);
        m_routeBox->setToolTip(tr("Send via"));
        m_routeBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        headerRow->addWidget(new QLabel(tr("Send via"), this));
        headerRow->addWidget(m_routeBox);
        setRoutes({{m_target.buddy(), m_target.peer, true}});
        connect(m_routeBox, &QComboBox::activated, this, [this](int index) {
            if (index >= 0 && index < m_routes.size())
                retarget(m_routes[index].address, {}, {}, true);
        });
    }
    if (m_target.isChat) {
        m_notifyButton = new QToolButton(this);
        m_notifyButton->setPopupMode(QToolButton::InstantPopup);
        m_notifyButton->setToolTip(tr("When this room may notify you and count as unread"));
        auto *menu = new QMenu(m_notifyButton);
        const QList<std::pair<NotificationLevel, QString>> levels = {
            {NotificationLevel::All, tr("All messages")},
            {NotificationLevel::Mentions, tr("Mentions only")},
            {NotificationLevel::Nothing, tr("Nothing")}};
        for (const auto &[level, text] : levels) {
            QAction *action = menu->addAction(text);
            action->setCheckable(true);
            action->setData(int(level));
            connect(action, &QAction::triggered, this, [this, level = level] { Q_EMIT notificationLevelRequested(level); });
        }
        m_notifyButton->setMenu(menu);
        headerRow->addWidget(m_notifyButton);
        setNotificationLevel(NotificationLevel::Mentions);
    }
    layout->addLayout(headerRow);
    layout->addWidget(m_status);
    layout->addWidget(m_searchBar);
    layout->addWidget(center, 1);
    layout->addLayout(inputRow);
    m_status->hide();
    setFocusProxy(m_input);

    connect(m_list->verticalScrollBar(), &QScrollBar::valueChanged, this, &ConversationView::onScroll);
    connect(m_list->verticalScrollBar(), &QScrollBar::rangeChanged, this, [this](int, int max) {
        if (m_stickToBottom && !m_anchor.isValid())
            m_list->verticalScrollBar()->setValue(max);
    });
    connect(m_model, &ConversationModel::pageLoaded, this, &ConversationView::onPageLoaded);
    connect(m_model, &ConversationModel::opened, this, [this](MessageId select) {
        if (select.isValid()) {
            m_stickToBottom = false;
            m_model->setSearchHit(select);
            const int row = m_model->rowOf(select);
            if (row >= 0)
                m_list->scrollTo(m_model->index(row), QAbstractItemView::PositionAtCenter);
        } else {
            m_stickToBottom = true;
            m_list->scrollToBottom();
        }
        Q_EMIT opened();
    });
    connect(m_delegate, &MessageDelegate::linkActivated, this, [this](const QUrl &url) { m_openLink(url); });
    connect(m_delegate, &MessageDelegate::retryRequested, this, [this](MessageId id) { m_hub.retry(id); });
    connect(m_input, &ChatInput::submitted, this, &ConversationView::onSubmitted);
    connect(m_input, &ChatInput::filesDropped, this, &ConversationView::sendFiles);

    if (!m_target.isChat) {
        m_typing = new conversations::TypingNotifier(5000, this);
        connect(m_input, &QPlainTextEdit::textChanged, this,
                [this] { m_typing->edited(m_input->document()->isEmpty()); });
        connect(m_typing, &conversations::TypingNotifier::stateChanged, this,
                [this](TypingState state) { m_hub.sendTyping(m_target.buddy(), state); });
    }

    // The store knows the conversation by id; resolving it is a write-thread round trip.
    auto future = m_target.isChat ? m_hub.conversationFor(m_target.chat()) : m_hub.conversationFor(m_target.buddy());
    future.then(this, [this, generation = m_openGeneration](ConversationId id) {
        if (generation == m_openGeneration && (!m_model->conversation().isValid() || m_model->rowCount() == 0))
            m_model->open(id);
    });
}

ConversationView::~ConversationView()
{
    if (m_typing)
        m_typing->reset();
}

bool ConversationView::isAtBottom() const
{
    const QScrollBar *bar = m_list->verticalScrollBar();
    return bar->value() >= bar->maximum() - 4;
}

void ConversationView::addMessage(const store::StoredMessage &message)
{
    m_stickToBottom = isAtBottom() || message.direction == MessageDirection::Outgoing;
    m_model->addLive(message);
    if (m_stickToBottom)
        m_list->scrollToBottom();
}

void ConversationView::setNotificationLevel(NotificationLevel level)
{
    if (!m_notifyButton)
        return;
    const QString names[] = {tr("All messages"), tr("Mentions only"), tr("Nothing")};
    m_notifyButton->setText(tr("Notify: %1").arg(names[int(level)]));
    for (QAction *action : m_notifyButton->menu()->actions())
        action->setChecked(action->data().toInt() == int(level));
}

void ConversationView::setRoutes(const QList<ConversationRoute> &routes)
{
    if (!m_routeBox)
        return;
    m_routes = routes;
    const QSignalBlocker block(m_routeBox);
    m_routeBox->clear();
    int current = -1;
    for (const ConversationRoute &route : routes) {
        m_routeBox->addItem((route.online ? QStringLiteral("● ") : QStringLiteral("○ ")) + route.label);
        m_routeBox->setItemData(m_routeBox->count() - 1, route.online ? tr("online") : tr("offline"), Qt::ToolTipRole);
        if (ConversationTarget::of(route.address) == m_target)
            current = m_routeBox->count() - 1;
    }
    if (current < 0) { // the current route is not (or no longer) among them: keep it listed
        m_routes.prepend({m_target.buddy(), m_target.peer, false});
        m_routeBox->insertItem(0, QStringLiteral("○ ") + m_target.peer);
        current = 0;
    }
    m_routeBox->setCurrentIndex(current);
}

void ConversationView::retarget(const BuddyAddress &to, const QString &note, ConversationId known, bool byUser)
{
    const ConversationTarget target = ConversationTarget::of(to);
    if (target == m_target || m_target.isChat)
        return;
    if (m_typing)
        m_typing->reset();
    const ConversationTarget before = std::exchange(m_target, target);
    setRoutes(m_routes);
    ++m_openGeneration;
    if (m_model->person().isValid()) {
        // One timeline for the person: nothing to reload, replies just go elsewhere.
    } else if (known.isValid()) {
        m_model->open(known);
    } else {
        m_model->open({}); // empty until the store says which conversation it is
        m_hub.conversationFor(to).then(this, [this, generation = m_openGeneration](ConversationId id) {
            if (generation == m_openGeneration)
                m_model->open(id);
        });
    }
    if (!note.isEmpty()) {
        m_status->setText(note);
        m_status->show();
    }
    Q_EMIT routeChanged(before, m_target, byUser);
}

void ConversationView::setPerson(PersonId person)
{
    if (m_target.isChat || !person.isValid() || m_model->person() == person)
        return;
    ++m_openGeneration; // a conversation page still on its way is no longer wanted
    m_model->openPerson(person, m_model->conversation());
}

void ConversationView::setFileTransfers(FileTransferService *service)
{
    if (m_fileTransfers || !service || m_target.isChat)
        return;
    m_fileTransfers = service;
    m_transferList = new TransferList(*service, this);
    m_layout->insertWidget(m_layout->indexOf(m_searchBar) + 2, m_transferList);
    m_attach->show();
    setAcceptDrops(true);
    m_input->setAcceptFiles(true);
}

void ConversationView::sendFiles(const QStringList &paths)
{
    if (!m_fileTransfers)
        return;
    QStringList problems;
    for (const QString &path : paths) {
        QString error;
        if (!m_fileTransfers->sendFile(m_target.buddy(), path, &error).isValid())
            problems << error;
    }
    if (!problems.isEmpty()) {
        m_status->setText(tr("Not sent: %1").arg(problems.join(QStringLiteral("; "))));
        m_status->show();
    }
}

namespace {

QStringList localFiles(const QMimeData *mime)
{
    QStringList paths;
    if (!mime || !mime->hasUrls())
        return paths;
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile())
            paths << url.toLocalFile();
    }
    return paths;
}

} // namespace

void ConversationView::dragEnterEvent(QDragEnterEvent *event)
{
    if (m_fileTransfers && !localFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void ConversationView::dropEvent(QDropEvent *event)
{
    const QStringList paths = localFiles(event->mimeData());
    if (!m_fileTransfers || paths.isEmpty())
        return;
    event->acceptProposedAction();
    sendFiles(paths);
}

void ConversationView::onScroll(int value)
{
    if (m_anchor.isValid())
        return; // a page is going in; the anchor decides where we are
    const QScrollBar *bar = m_list->verticalScrollBar();
    m_stickToBottom = value >= bar->maximum() - 4 && !m_model->hasNewer();
    const bool wantOlder = value < kPrefetchMargin && m_model->hasOlder();
    const bool wantNewer = value > bar->maximum() - kPrefetchMargin && m_model->hasNewer();
    if ((!wantOlder && !wantNewer) || m_model->isLoading())
        return;
    // Rows go in above (and fall off below, or the reverse): remember which message is at
    // the top of the viewport and where, so that it stays there.
    const QModelIndex top = m_list->indexAt(QPoint(4, 4));
    if (top.isValid()) {
        m_anchor = MessageId(top.data(ConversationModel::MessageIdRole).toLongLong());
        m_anchorOffset = m_list->visualRect(top).top();
    }
    if (wantOlder)
        m_model->loadOlder();
    else
        m_model->loadNewer();
}

void ConversationView::onPageLoaded(bool, int)
{
    const MessageId anchor = std::exchange(m_anchor, MessageId());
    const int row = m_model->rowOf(anchor);
    if (row < 0)
        return;
    m_list->doItemsLayout(); // the new rows' heights, now rather than at the next paint
    QScrollBar *bar = m_list->verticalScrollBar();
    bar->setValue(bar->value() + m_list->visualRect(m_model->index(row)).top() - m_anchorOffset);
}

void ConversationView::onSubmitted(const QString &text)
{
    if (m_typing)
        m_typing->reset();
    m_stickToBottom = true;
    if (m_target.isChat) {
        if (!m_hub.sendChatText(m_target.chat(), text)) {
            showRoomEvent(tr("Not sent: you are not in the room."));
            m_input->setPlainText(text);
        }
        return;
    }
    m_hub.sendText(m_target.buddy(), text);
}

void ConversationView::setPeerTyping(TypingState state)
{
    if (m_target.isChat)
        return;
    const QString name = m_title;
    if (state == TypingState::Typing) {
        m_status->setText(tr("%1 is typing…").arg(name));
        m_status->show();
    } else if (state == TypingState::Paused) {
        m_status->setText(tr("%1 stopped typing").arg(name));
        m_status->show();
    } else {
        m_status->hide();
    }
}

void ConversationView::setTopic(const QString &topic)
{
    if (topic == m_topic && m_status->isVisible())
        return;
    m_topic = topic;
    m_status->setText(topic.isEmpty() ? tr("No topic") : tr("Topic: %1").arg(topic));
    m_status->setVisible(true);
}

void ConversationView::showRoomEvent(const QString &text)
{
    m_status->setText((m_topic.isEmpty() ? QString() : tr("Topic: %1").arg(m_topic) + QStringLiteral("\n")) + text);
    m_status->show();
}

void ConversationView::setJoined(bool joined)
{
    m_input->setEnabled(joined);
    m_input->setPlaceholderText(joined ? tr("Write a message…") : tr("Not in the room"));
}

void ConversationView::setParticipants(const QList<ChatParticipant> &participants)
{
    if (!m_participants)
        return;
    QList<ChatParticipant> sorted = participants;
    std::sort(sorted.begin(), sorted.end(), [](const ChatParticipant &a, const ChatParticipant &b) {
        if (a.role != b.role)
            return a.role > b.role;
        return a.nick.compare(b.nick, Qt::CaseInsensitive) < 0;
    });
    m_participants->clear();
    for (const ChatParticipant &p : sorted) {
        auto *item = new QListWidgetItem(roleBadge(p.role) + p.nick, m_participants);
        item->setToolTip(roleName(p.role) + (p.away ? tr(" (away)") : QString()));
        if (p.away)
            item->setForeground(palette().color(QPalette::PlaceholderText));
    }
}

void ConversationView::setOwnNick(const QString &nick)
{
    m_delegate->setOwnName(nick.isEmpty() ? tr("Me") : nick);
    m_model->setHighlightWords(nick.isEmpty() ? QStringList() : QStringList{nick});
}

void ConversationView::showSearch()
{
    m_searchBar->show();
    m_searchEdit->setFocus();
    m_searchEdit->selectAll();
}

void ConversationView::search(const QString &text)
{
    m_searchEdit->setProperty("searched", text);
    m_hits.clear();
    m_hitIndex = -1;
    if (text.trimmed().isEmpty()) {
        m_searchCount->clear();
        m_model->setSearchHit({});
        return;
    }
    history::SearchQuery query;
    query.text = text;
    const bool person = m_model->person().isValid();
    query.account = person ? AccountId() : m_target.account;
    query.limit = 500;
    const ConversationId conversation = m_model->conversation();
    m_reader.search(query).then(this, [this, conversation, text, person](history::SearchResults results) {
        if (results.superseded || m_searchEdit->property("searched").toString() != text)
            return;
        // The index searches per account; this view keeps its own conversation's hits.
        for (const history::SearchHit &hit : results.hits) {
            bool mine = hit.message.conversation == conversation;
            if (person && hit.message.kind == store::ConversationKind::Im) {
                for (const ConversationRoute &route : std::as_const(m_routes))
                    mine = mine || route.address == BuddyAddress{hit.message.account, hit.message.peer};
            }
            if (mine)
                m_hits.append(hit);
        }
        m_searchCount->setText(m_hits.isEmpty() ? tr("No matches") : tr("%n match(es)", nullptr, int(m_hits.size())));
        if (!m_hits.isEmpty()) {
            m_hitIndex = 0;
            jumpToHit();
        }
        Q_EMIT searchFinished(int(m_hits.size()));
    });
}

void ConversationView::nextHit(int step)
{
    if (m_hits.isEmpty())
        return;
    m_hitIndex = int((m_hitIndex + step + m_hits.size()) % m_hits.size());
    jumpToHit();
}

void ConversationView::jumpToHit()
{
    const history::SearchHit &hit = m_hits[m_hitIndex];
    m_searchCount->setText(tr("%1 of %2").arg(m_hitIndex + 1).arg(m_hits.size()));
    const int row = m_model->rowOf(hit.message.id);
    if (row >= 0) {
        m_stickToBottom = false;
        m_model->setSearchHit(hit.message.id);
        m_list->scrollTo(m_model->index(row), QAbstractItemView::PositionAtCenter);
        return;
    }
    // Not in the window: load the page around it (a little before, so it has context).
    m_model->openAt(hit.message.sentAt.addSecs(-60), hit.message.id);
}

} // namespace crosstalk::ui
