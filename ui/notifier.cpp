// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/notifier.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QFileInfo>
#include <QSoundEffect>
#include <QSystemTrayIcon>
#include <QUrl>

namespace crosstalk::ui {

namespace {

const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");

QString soundFile(Notifier::Event event)
{
    switch (event) {
    case Notifier::Event::Message: return QStringLiteral("qrc:/sounds/message.wav");
    case Notifier::Event::Authorization: return QStringLiteral("qrc:/sounds/alert.wav");
    case Notifier::Event::IncomingCall: return QStringLiteral("qrc:/sounds/ring.wav");
    case Notifier::Event::MissedCall: return QStringLiteral("qrc:/sounds/alert.wav");
    }
    return {};
}

QString firstLine(const QString &text)
{
    QString line = text.section(QLatin1Char('\n'), 0, 0).trimmed();
    if (line.size() > 120)
        line = line.left(119) + QChar(0x2026);
    return line;
}

} // namespace

Notifier::Notifier(GlobalStatus &status, QObject *parent)
    : QObject(parent)
    , m_status(status)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    bus.connect(kService, kPath, kService, QStringLiteral("ActionInvoked"), this,
                SLOT(onActionInvoked(uint, QString)));
    bus.connect(kService, kPath, kService, QStringLiteral("NotificationClosed"), this,
                SLOT(onClosed(uint, uint)));
    bus.connect(kService, kPath, kService, QStringLiteral("NotificationReplied"), this,
                SLOT(onReplied(uint, QString)));
    // Which extras the server has (KDE's inline replies); asked once, without waiting.
    auto *caps = new QDBusPendingCallWatcher(
        bus.asyncCall(QDBusMessage::createMethodCall(kService, kPath, kService, QStringLiteral("GetCapabilities"))), this);
    connect(caps, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        QDBusPendingReply<QStringList> reply = *w;
        m_inlineReply = !reply.isError() && reply.value().contains(QLatin1String("inline-reply"));
    });
    m_flush.setInterval(250);
    connect(&m_flush, &QTimer::timeout, this, [this] {
        bool any = false;
        for (auto it = m_groups.begin(); it != m_groups.end(); ++it) {
            if (!it->pending)
                continue;
            if (it->lastShown.isValid() && it->lastShown.elapsed() < m_coalesceMs) {
                any = true;
                continue;
            }
            show(it.key());
        }
        if (!any)
            m_flush.stop();
    });
}

Notifier::~Notifier() = default;

void Notifier::setSoundEnabled(Event event, bool enabled)
{
    if (enabled)
        m_muted.remove(event);
    else
        m_muted.insert(event);
}

int Notifier::unread() const
{
    int total = 0;
    for (const Group &g : m_groups) {
        if (g.category == QLatin1String("im.received"))
            total += g.count;
    }
    return total;
}

void Notifier::message(const QString &key, const QString &sender, const QString &text)
{
    Group &g = m_groups[key];
    g.count++;
    g.category = QStringLiteral("im.received");
    g.summary = sender;
    g.body = g.count == 1 ? firstLine(text) : tr("%n new messages — %1", nullptr, g.count).arg(firstLine(text));
    Q_EMIT unreadChanged(unread());
    update(key, Event::Message);
}

void Notifier::authorizationRequest(const QString &key, const QString &who, const QString &account)
{
    Group &g = m_groups[key];
    g.count = 1;
    g.category = QStringLiteral("presence");
    g.summary = tr("Authorisation request");
    g.body = tr("%1 wants to add %2 to their contacts").arg(who, account);
    update(key, Event::Authorization);
}

void Notifier::missedCall(const QString &key, const QString &who)
{
    Group &g = m_groups[key];
    g.count++;
    g.category = QStringLiteral("call.unanswered");
    g.summary = tr("Missed call");
    g.body = g.count == 1 ? tr("%1 called").arg(who) : tr("%1 called %2 times").arg(who).arg(g.count);
    ++m_missedCalls;
    Q_EMIT missedCallsChanged(m_missedCalls);
    update(key, Event::MissedCall);
}

void Notifier::incomingCall(const QString &key, const QString &who, const QString &route)
{
    Group &g = m_groups[key];
    g.count = 1;
    g.category = QStringLiteral("call.incoming");
    g.summary = tr("Incoming call from %1").arg(who);
    g.body = tr("via %1").arg(route);
    g.critical = true;
    update(key, Event::IncomingCall);
}

void Notifier::callSettled(const QString &key)
{
    if (QSoundEffect *ring = m_sounds.value(Event::IncomingCall))
        ring->stop();
    conversationSeen(key); // closes the notification
}

bool Notifier::isRinging() const
{
    const QSoundEffect *ring = m_sounds.value(Event::IncomingCall);
    return ring && ring->isPlaying();
}

void Notifier::conversationSeen(const QString &key)
{
    const auto it = m_groups.find(key);
    if (it == m_groups.end())
        return;
    if (it->category == QLatin1String("call.unanswered")) {
        m_missedCalls -= it->count;
        Q_EMIT missedCallsChanged(m_missedCalls);
    }
    const uint id = it->id;
    m_groups.erase(it);
    Q_EMIT unreadChanged(unread());
    if (id != 0 && !m_fallback) {
        QDBusMessage close = QDBusMessage::createMethodCall(kService, kPath, kService, QStringLiteral("CloseNotification"));
        close << id;
        QDBusConnection::sessionBus().asyncCall(close);
    }
}

void Notifier::update(const QString &key, Event event)
{
    // Busy: counted (tray badge, unread) but no popup, no sound.
    if (m_status.suppressesPopups())
        return;
    Group &g = m_groups[key];
    if (g.lastShown.isValid() && g.lastShown.elapsed() < m_coalesceMs) {
        g.pending = true; // shown once the window is over, with everything that came meanwhile
        if (!m_flush.isActive())
            m_flush.start();
        return;
    }
    play(event);
    show(key);
}

void Notifier::show(const QString &key)
{
    Group &g = m_groups[key];
    g.pending = false;
    g.lastShown.start();
    ++m_popups;
    if (m_fallback) {
        if (m_tray && m_tray->isVisible())
            m_tray->showMessage(g.summary, g.body, QSystemTrayIcon::Information, 5000);
        return;
    }
    QDBusMessage notify = QDBusMessage::createMethodCall(kService, kPath, kService, QStringLiteral("Notify"));
    QStringList actions{QStringLiteral("default"), tr("Open")};
    if (g.category == QLatin1String("call.incoming"))
        actions = QStringList{QStringLiteral("answer"), tr("Answer"), QStringLiteral("decline"), tr("Decline")};
    if (m_inlineReply && g.category == QLatin1String("im.received") && key.startsWith(QLatin1String("im:")))
        actions << QStringLiteral("inline-reply") << tr("Reply");
    QVariantMap hints{{QStringLiteral("category"), g.category},
                      {QStringLiteral("desktop-entry"), QStringLiteral("im.crosstalk.Crosstalk")},
                      {QStringLiteral("x-crosstalk-conversation"), key}};
    if (g.critical)
        hints.insert(QStringLiteral("urgency"), QVariant::fromValue(uchar(2))); // stays until answered
    if (m_avatarLookup) {
        const QString picture = m_avatarLookup(key);
        if (!picture.isEmpty() && QFileInfo(picture).isFile())
            hints.insert(QStringLiteral("image-path"), QUrl::fromLocalFile(picture).toString());
    }
    notify << QCoreApplication::applicationName() << g.id << QStringLiteral("im.crosstalk.Crosstalk") << g.summary
           << g.body << actions << hints << int(-1);
    auto *watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(notify), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, key](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        QDBusPendingReply<uint> reply = *w;
        if (reply.isError()) {
            // No notification server: the tray balloon from now on.
            if (!m_fallback) {
                m_fallback = true;
                if (m_groups.contains(key))
                    show(key);
            }
            return;
        }
        const auto it = m_groups.find(key);
        if (it != m_groups.end())
            it->id = reply.value();
    });
}

void Notifier::play(Event event)
{
    if (m_muted.contains(event))
        return;
    QSoundEffect *&effect = m_sounds[event];
    if (!effect) {
        effect = new QSoundEffect(this);
        effect->setSource(QUrl(soundFile(event)));
        effect->setVolume(0.6f);
        if (event == Event::IncomingCall)
            effect->setLoopCount(QSoundEffect::Infinite); // rings until the call is settled
    }
    effect->play();
}

void Notifier::onActionInvoked(uint id, const QString &action)
{
    for (auto it = m_groups.cbegin(); it != m_groups.cend(); ++it) {
        if (it->id != id)
            continue;
        if (action == QLatin1String("answer"))
            Q_EMIT callAnswerRequested(it.key());
        else if (action == QLatin1String("decline"))
            Q_EMIT callDeclineRequested(it.key());
        else if (action == QLatin1String("default") || action.isEmpty())
            Q_EMIT activated(it.key());
        return;
    }
}

void Notifier::onReplied(uint id, const QString &text)
{
    for (auto it = m_groups.cbegin(); it != m_groups.cend(); ++it) {
        if (it->id == id) {
            Q_EMIT replied(it.key(), text);
            return;
        }
    }
}

void Notifier::onClosed(uint id, uint)
{
    // The server forgot it: the next message of that conversation starts a new one.
    for (auto it = m_groups.begin(); it != m_groups.end(); ++it) {
        if (it->id == id)
            it->id = 0;
    }
}

} // namespace crosstalk::ui
