// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/presence/globalstatus.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSystemTrayIcon>
#include <QTimer>

#include <functional>

class QSoundEffect;

namespace crosstalk::ui {

/// Desktop notifications through org.freedesktop.Notifications (asynchronous QtDBus calls),
/// falling back to the tray balloon when no notification server answers. One notification
/// per conversation, updated in place (replaces_id) and never more than one call per
/// conversation per coalescing window, so a burst is one popup that says "5 new messages".
/// Busy (do not disturb) counts but shows and sounds nothing.
class Notifier : public QObject
{
    Q_OBJECT
public:
    enum class Event { Message, Authorization, IncomingCall, MissedCall };

    Notifier(GlobalStatus &status, QObject *parent = nullptr);
    ~Notifier() override;

    void setFallbackTray(QSystemTrayIcon *tray) { m_tray = tray; }
    void setCoalesceMs(int ms) { m_coalesceMs = ms; }
    void setSoundEnabled(Event event, bool enabled);
    /// Where a conversation's picture is (an image file, or empty): shown in its notifications
    /// as the sender's avatar ("image-path"). Asked each time a notification is sent.
    void setAvatarLookup(std::function<QString(const QString &key)> lookup) { m_avatarLookup = std::move(lookup); }
    bool isSoundEnabled(Event event) const { return !m_muted.contains(event); }

    /// A message for a conversation that is not focused. key names the conversation.
    void message(const QString &key, const QString &sender, const QString &text);
    void authorizationRequest(const QString &key, const QString &who, const QString &account);
    void missedCall(const QString &key, const QString &who);
    /// A call rings: a notification with Answer / Decline, and the ringtone looping until
    /// callSettled(key) (answered, declined, cancelled).
    void incomingCall(const QString &key, const QString &who, const QString &route);
    void callSettled(const QString &key);
    bool isRinging() const;
    /// The user read the conversation: its count and notification go.
    void conversationSeen(const QString &key);

    int unread() const;
    int missedCalls() const { return m_missedCalls; }
    /// Notify calls sent to the bus (or balloons shown), for tests and diagnostics.
    int popupsShown() const { return m_popups; }
    bool usingFallback() const { return m_fallback; }
    bool offersInlineReply() const { return m_inlineReply; }

Q_SIGNALS:
    /// The user clicked the notification of this conversation.
    void activated(const QString &key);
    /// The user answered in the notification itself (servers with "inline-reply").
    void replied(const QString &key, const QString &text);
    void unreadChanged(int unread);
    void missedCallsChanged(int missed);
    /// Answer / Decline chosen in an incoming call's notification.
    void callAnswerRequested(const QString &key);
    void callDeclineRequested(const QString &key);

private Q_SLOTS:
    void onActionInvoked(uint id, const QString &action);
    void onClosed(uint id, uint reason);
    void onReplied(uint id, const QString &text);

private:
    struct Group
    {
        QString summary;
        QString body;
        QString category;
        int count = 0;
        uint id = 0;
        QElapsedTimer lastShown;
        bool pending = false;
        bool critical = false;
    };
    void update(const QString &key, Event event);
    void show(const QString &key);
    void play(Event event);

    GlobalStatus &m_status;
    std::function<QString(const QString &key)> m_avatarLookup;
    QPointer<QSystemTrayIcon> m_tray;
    QHash<QString, Group> m_groups;
    QSet<Event> m_muted;
    QHash<Event, QSoundEffect *> m_sounds;
    QTimer m_flush;
    int m_coalesceMs = 2000;
    int m_missedCalls = 0;
    int m_popups = 0;
    bool m_fallback = false;
    bool m_inlineReply = false; ///< the server said it has the "inline-reply" capability
};

} // namespace crosstalk::ui
