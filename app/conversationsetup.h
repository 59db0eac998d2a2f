// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace crosstalk {
class AccountService;
class FileTransferService;
class GroupChatService;
class MessagingService;
class RosterService;
} // namespace crosstalk
namespace crosstalk::store {
class Store;
}
namespace crosstalk::history {
class HistoryReader;
class HistoryRecorder;
} // namespace crosstalk::history
namespace crosstalk::conversations {
class ConversationHub;
}
namespace crosstalk::contacts {
class ContactDirectory;
}
namespace crosstalk::ui {
class ChatWindowManager;
class MainWindow;
} // namespace crosstalk::ui

namespace crosstalk::app {

/// Wires conversations into the app: the profile's store (opened off the UI thread), the
/// history recorder and reader, the ConversationHub (durable in/out traffic) and the chat
/// windows, and the main window's "talk to this buddy" request. Nothing conversational is
/// shown before the store is open; messages arriving before that wait in libpurple's queue
/// of signals only for the few milliseconds the open takes.
class ConversationSetup : public QObject
{
    Q_OBJECT
public:
    struct Services
    {
        AccountService &accounts;
        RosterService &roster;
        MessagingService &messaging;
        GroupChatService &chats;
        FileTransferService &fileTransfers;
        contacts::ContactDirectory *directory = nullptr; ///< people: one conversation per person
    };

    /// The store is the app's one store (one writer per database file).
    ConversationSetup(store::Store &store, Services services, ui::MainWindow &window, QObject *parent = nullptr);
    ~ConversationSetup() override;

    /// Call once the store is open; the chat windows come up then.
    void start();
    ui::ChatWindowManager *windows() const { return m_windows.get(); }
    store::Store *store() const { return &m_store; }

Q_SIGNALS:
    void ready();

private:
    void onStoreOpen();
    void joinChatDialog();
    /// <profile>/conversations.ini: the download directory and each room's notification level.
    QString settingsPath() const;
    void loadSettings();

    store::Store &m_store;
    Services m_services;
    ui::MainWindow &m_window;
    std::unique_ptr<history::HistoryRecorder> m_recorder;
    std::unique_ptr<history::HistoryReader> m_reader;
    std::unique_ptr<conversations::ConversationHub> m_hub;
    std::unique_ptr<ui::ChatWindowManager> m_windows;
};

} // namespace crosstalk::app
