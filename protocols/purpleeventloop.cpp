// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/purpleeventloop.h"

#include "protocols/purpleruntime.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <purple.h>

namespace crosstalk::protocols {

namespace {

PurpleLoopLoad g_load;

// libpurple's callbacks run on the UI thread: one that holds it long (a prpl parsing a huge
// roster stanza) freezes the window, so each is timed and the long ones are logged.
constexpr qint64 kLongCallbackNs = 100'000'000;

template <typename F>
auto timed(const char *what, F &&callback)
{
    QElapsedTimer timer;
    timer.start();
    auto result = callback();
    const qint64 ns = timer.nsecsElapsed();
    g_load.busyNs += ns;
    if (ns > kLongCallbackNs)
        qCInfo(lcPurple).nospace() << "a libpurple " << what << " callback held the UI thread for " << ns / 1000000
                                   << " ms";
    return result;
}

struct TimeoutClosure
{
    GSourceFunc function;
    gpointer data;
};

gboolean dispatchTimeout(gpointer data)
{
    auto *closure = static_cast<TimeoutClosure *>(data);
    return timed("timer", [closure] { return closure->function(closure->data); });
}

void destroyTimeout(gpointer data)
{
    delete static_cast<TimeoutClosure *>(data);
}

guint addTimeout(guint intervalMs, GSourceFunc function, gpointer data)
{
    return g_timeout_add_full(G_PRIORITY_DEFAULT, intervalMs, dispatchTimeout, new TimeoutClosure{function, data},
                              destroyTimeout);
}

guint addTimeoutSeconds(guint intervalS, GSourceFunc function, gpointer data)
{
    return g_timeout_add_seconds_full(G_PRIORITY_DEFAULT, intervalS, dispatchTimeout,
                                      new TimeoutClosure{function, data}, destroyTimeout);
}

struct InputClosure
{
    PurpleInputFunction function;
    gpointer data;
};

constexpr int kReadConditions = G_IO_IN | G_IO_HUP | G_IO_ERR;
constexpr int kWriteConditions = G_IO_OUT | G_IO_HUP | G_IO_ERR | G_IO_NVAL;

gboolean dispatchInput(GIOChannel *source, GIOCondition condition, gpointer data)
{
    auto *closure = static_cast<InputClosure *>(data);
    int purpleCondition = 0;
    if (condition & kReadConditions)
        purpleCondition |= PURPLE_INPUT_READ;
    if (condition & kWriteConditions)
        purpleCondition |= PURPLE_INPUT_WRITE;
    return timed("network input", [&] {
        closure->function(closure->data, g_io_channel_unix_get_fd(source),
                          static_cast<PurpleInputCondition>(purpleCondition));
        return TRUE;
    });
}

void destroyClosure(gpointer data)
{
    delete static_cast<InputClosure *>(data);
}

guint addInput(gint fd, PurpleInputCondition condition, PurpleInputFunction function, gpointer data)
{
    int glibCondition = 0;
    if (condition & PURPLE_INPUT_READ)
        glibCondition |= kReadConditions;
    if (condition & PURPLE_INPUT_WRITE)
        glibCondition |= kWriteConditions;
    GIOChannel *channel = g_io_channel_unix_new(fd);
    const guint id = g_io_add_watch_full(channel, G_PRIORITY_DEFAULT,
                                         static_cast<GIOCondition>(glibCondition), dispatchInput,
                                         new InputClosure{function, data}, destroyClosure);
    g_io_channel_unref(channel);
    return id;
}

PurpleEventLoopUiOps g_eventLoopOps = {
    addTimeout,
    g_source_remove,
    addInput,
    g_source_remove,
    nullptr, // input_get_error: libpurple falls back to getsockopt
    addTimeoutSeconds,
    nullptr, nullptr, nullptr,
};

} // namespace

PurpleLoopLoad purpleLoopLoad()
{
    return g_load;
}

PurpleEventLoopUiOps *purpleEventLoopOps()
{
    return &g_eventLoopOps;
}

bool qtUsesGlibDispatcher()
{
    auto *dispatcher = QAbstractEventDispatcher::instance(QCoreApplication::instance()
                                                              ? QCoreApplication::instance()->thread()
                                                              : nullptr);
    return dispatcher && dispatcher->inherits("QEventDispatcherGlib");
}

} // namespace crosstalk::protocols
