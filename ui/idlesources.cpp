// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/idlesources.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QGuiApplication>
#include <QtGui/qguiapplication_platform.h>

#include <X11/Xlib.h>
#include <X11/extensions/scrnsaver.h>

namespace crosstalk::ui {

namespace {

class X11Idle : public IdleSource
{
public:
    explicit X11Idle(Display *display) : m_display(display), m_info(XScreenSaverAllocInfo()) {}
    ~X11Idle() override { XFree(m_info); }

    void query(std::function<void(std::optional<qint64>)> done) override
    {
        // One round trip to the local X server: fast enough for the main thread.
        if (m_info && XScreenSaverQueryInfo(m_display, DefaultRootWindow(m_display), m_info))
            done(qint64(m_info->idle));
        else
            done(std::nullopt);
    }
    QString description() const override { return QStringLiteral("X11 screensaver extension"); }

private:
    Display *m_display;
    XScreenSaverInfo *m_info;
};

class ScreenSaverIdle : public IdleSource
{
public:
    void query(std::function<void(std::optional<qint64>)> done) override
    {
        const QDBusMessage call = QDBusMessage::createMethodCall(
            QStringLiteral("org.freedesktop.ScreenSaver"), QStringLiteral("/org/freedesktop/ScreenSaver"),
            QStringLiteral("org.freedesktop.ScreenSaver"), QStringLiteral("GetSessionIdleTime"));
        auto *watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call));
        QObject::connect(watcher, &QDBusPendingCallWatcher::finished, [done](QDBusPendingCallWatcher *w) {
            w->deleteLater();
            QDBusPendingReply<uint> reply = *w;
            if (reply.isError())
                done(std::nullopt);
            else
                done(qint64(reply.value())); // milliseconds, as KDE and GNOME's shim report it
        });
    }
    QString description() const override { return QStringLiteral("org.freedesktop.ScreenSaver (D-Bus)"); }
};

class NoIdle : public IdleSource
{
public:
    void query(std::function<void(std::optional<qint64>)> done) override { done(std::nullopt); }
    QString description() const override
    {
        return QStringLiteral("not available: neither the X11 screensaver extension nor "
                              "org.freedesktop.ScreenSaver is present, so auto-away is off");
    }
};

} // namespace

std::unique_ptr<IdleSource> makeDesktopIdleSource()
{
    if (auto *x11 = qGuiApp ? qGuiApp->nativeInterface<QNativeInterface::QX11Application>() : nullptr) {
        int event = 0;
        int error = 0;
        if (x11->display() && XScreenSaverQueryExtension(x11->display(), &event, &error))
            return std::make_unique<X11Idle>(x11->display());
    }
    // A synchronous check once at start (cheap, local bus) decides the fallback.
    if (QDBusConnection::sessionBus().isConnected()
        && QDBusConnection::sessionBus().interface()->isServiceRegistered(QStringLiteral("org.freedesktop.ScreenSaver")))
        return std::make_unique<ScreenSaverIdle>();
    return std::make_unique<NoIdle>();
}

} // namespace crosstalk::ui
