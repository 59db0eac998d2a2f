// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/purpleeventloop.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>

#include <purple.h>

namespace crosstalk::protocols {

namespace {

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
    closure->function(closure->data, g_io_channel_unix_get_fd(source),
                      static_cast<PurpleInputCondition>(purpleCondition));
    return TRUE;
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
    g_timeout_add,
    g_source_remove,
    addInput,
    g_source_remove,
    nullptr, // input_get_error: libpurple falls back to getsockopt
    g_timeout_add_seconds,
    nullptr, nullptr, nullptr,
};

} // namespace

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
