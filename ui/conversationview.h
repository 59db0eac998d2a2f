// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/history/historytypes.h"
#include "core/network/filetransferservice.h"
#include "core/network/groupchatservice.h"
#include "ui/conversationtarget.h"

#include <QUrl>
#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QListWidget;
class QPushButton;
class QToolButton;
class QHBoxLayout;
class QVBoxLayout;

namespace crosstalk::conversations {
class ConversationHub;
class TypingNotifier;
} // namespace crosstalk::conversations
namespace crosstalk::history {
class HistoryReader;
}

namespace crosstalk::ui {

class ChatInput;
class ConversationModel;
class MessageDelegate;
class EmojiPicker;
class TransferList;

/// One conversation (a tab): the message list paged from the store, the input, typing
/// state, search, and for rooms the topic and participants.
class ConversationView : public QWidget
{
    Q_OBJECT
public:
    ConversationView(conversations::ConversationHub &hub, history::HistoryReader &reader,
                     ConversationTarget target, const QString &title, QWidget *parent = nullptr);
    ~ConversationView() override;

    const ConversationTarget &target() const { return m_target; }
    QString title() const { return m_title; }
    ConversationModel &model() { return *m_model; }
    QListView &list() { return *m_list; }
    ChatInput &input() { return *m_input; }

    /// A committed message of this conversation.
    void addMessage(const store::StoredMessage &message);
    void setPeerTyping(TypingState state);
    void setTopic(const QString &topic);
    void setParticipants(const QList<ChatParticipant> &participants);
    void setOwnNick(const QString &nick);
    /// A line about the room (joins, nick changes, kicks), shown under the topic.
    void showRoomEvent(const QString &text);
    void setJoined(bool joined);
    bool isAtBottom() const;

    /// The ways to reach this person (one-to-one only): the "send via" selector, always
    /// shown. The current route stays selected when it is among them.
    void setRoutes(const QList<ConversationRoute> &routes);
    QList<ConversationRoute> routes() const { return m_routes; }
    QComboBox *routeSelector() const { return m_routeBox; }
    /// Switches to another of the person's buddies: replies go there and the list shows that
    /// conversation's history. note, when set, says why under the header.
    void retarget(const BuddyAddress &to, const QString &note = {}, ConversationId known = {}, bool byUser = false);

    /// Rooms: the notification level shown on the "Notify" button.
    void setNotificationLevel(NotificationLevel level);
    QToolButton *notifyButton() const { return m_notifyButton; }

    /// Shows the person's whole history (every buddy, every account) as one timeline; the
    /// route then only decides where replies go.
    void setPerson(PersonId person);

    /// Enables sending files (the attach button and drag-and-drop) and the transfer rows.
    void setFileTransfers(FileTransferService *service);
    /// The transfer rows (null until setFileTransfers).
    TransferList *transfers() const { return m_transferList; }
    /// Offers files to the buddy; a file that cannot be sent says why under the header.
    void sendFiles(const QStringList &paths);
    QToolButton *attachButton() const { return m_attach; }
    QToolButton *emojiButton() const { return m_emojiButton; }
    EmojiPicker *emojiPicker() const { return m_emojiPicker; }

    /// How links are opened (QDesktopServices by default; tests record instead).
    void setLinkOpener(std::function<void(const QUrl &)> opener) { m_openLink = std::move(opener); }
    /// Search within the conversation (the whole stored history).
    void showSearch();
    void search(const QString &text);
    void nextHit(int step);
    int hitCount() const { return int(m_hits.size()); }

Q_SIGNALS:
    /// The first page is laid out (open-to-first-paint is measured to here).
    void opened();
    void searchFinished(int hits);
    /// The user picked a notification level for this room.
    void notificationLevelRequested(crosstalk::ui::NotificationLevel level);
    /// The route changed (byUser: picked in the selector).
    void routeChanged(const crosstalk::ui::ConversationTarget &from, const crosstalk::ui::ConversationTarget &to,
                      bool byUser);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void onScroll(int value);
    void onPageLoaded(bool older, int rows);
    void onSubmitted(const QString &text);
    void jumpToHit();

    conversations::ConversationHub &m_hub;
    history::HistoryReader &m_reader;
    ConversationTarget m_target;
    QString m_title;
    ConversationModel *m_model;
    MessageDelegate *m_delegate;
    QListView *m_list;
    ChatInput *m_input;
    QLabel *m_header;
    QLabel *m_status; ///< typing / topic / room events
    QWidget *m_searchBar;
    QLineEdit *m_searchEdit;
    QLabel *m_searchCount;
    QListWidget *m_participants = nullptr;
    conversations::TypingNotifier *m_typing = nullptr;
    QVBoxLayout *m_layout = nullptr;
    QComboBox *m_routeBox = nullptr;
    QToolButton *m_notifyButton = nullptr;
    QList<ConversationRoute> m_routes;
    int m_openGeneration = 0;
    QHBoxLayout *m_inputRow = nullptr;
    QToolButton *m_attach = nullptr;
    QToolButton *m_emojiButton = nullptr;
    EmojiPicker *m_emojiPicker = nullptr;
    FileTransferService *m_fileTransfers = nullptr;
    TransferList *m_transferList = nullptr;
    std::function<void(const QUrl &)> m_openLink;
    QList<history::SearchHit> m_hits;
    int m_hitIndex = -1;
    QString m_topic;
    bool m_stickToBottom = true;
    MessageId m_anchor; ///< the message kept in place while a page goes in
    int m_anchorOffset = 0;
};

} // namespace crosstalk::ui
