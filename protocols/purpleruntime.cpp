// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/purpleruntime.h"

#include "core/version.h"
#include "protocols/purpleconvert.h"
#include "protocols/purpleeventloop.h"

#include <QDir>

#include <purple.h>

Q_LOGGING_CATEGORY(lcPurple, "crosstalk.purple", QtInfoMsg)

namespace crosstalk::protocols {

namespace {

PurpleRuntime::Options *g_initialising = nullptr;
bool g_ranBefore = false; // libpurple is not built to start again after purple_core_quit
GHashTable *g_uiInfo = nullptr;

void debugPrint(PurpleDebugLevel level, const char *category, const char *message)
{
    QString text = QString::fromUtf8(message).trimmed();
    const QString line = QStringLiteral("%1: %2").arg(QString::fromUtf8(category ? category : "purple"), text);
    switch (level) {
    case PURPLE_DEBUG_ALL:
    case PURPLE_DEBUG_MISC:
        qCDebug(lcPurple).noquote() << line;
        break;
    case PURPLE_DEBUG_INFO:
        qCDebug(lcPurple).noquote() << line; // libpurple is chatty at info level
        break;
    case PURPLE_DEBUG_WARNING:
        qCInfo(lcPurple).noquote() << line;
        break;
    case PURPLE_DEBUG_ERROR:
    case PURPLE_DEBUG_FATAL:
        qCWarning(lcPurple).noquote() << line;
        break;
    }
}

gboolean debugEnabled(PurpleDebugLevel level, const char *)
{
    if (level >= PURPLE_DEBUG_ERROR)
        return lcPurple().isWarningEnabled();
    if (level >= PURPLE_DEBUG_WARNING)
        return lcPurple().isInfoEnabled();
    return lcPurple().isDebugEnabled();
}

PurpleDebugUiOps g_debugOps = {debugPrint, debugEnabled, nullptr, nullptr, nullptr, nullptr};

void disableHtmlLogging()
{
    purple_prefs_set_bool("/purple/logging/log_ims", FALSE);
    purple_prefs_set_bool("/purple/logging/log_chats", FALSE);
    purple_prefs_set_bool("/purple/logging/log_system", FALSE);
}

void uiPrefsInit()
{
    purple_prefs_add_none("/crosstalk");
    purple_prefs_add_none("/crosstalk/plugins");
    purple_prefs_add_path_list("/crosstalk/plugins/loaded", nullptr);
    disableHtmlLogging();
}

void uiInit()
{
    PurpleRuntime::runUiInit();
}

GHashTable *uiInfo()
{
    if (!g_uiInfo) {
        g_uiInfo = g_hash_table_new(g_str_hash, g_str_equal);
        g_hash_table_insert(g_uiInfo, const_cast<char *>("name"), const_cast<char *>("Crosstalk"));
        g_hash_table_insert(g_uiInfo, const_cast<char *>("version"), const_cast<char *>(CROSSTALK_VERSION));
        g_hash_table_insert(g_uiInfo, const_cast<char *>("client_type"), const_cast<char *>("pc"));
    }
    return g_uiInfo;
}

PurpleCoreUiOps g_coreOps = {uiPrefsInit, nullptr, uiInit, nullptr, uiInfo, nullptr, nullptr, nullptr};

} // namespace

PurpleRuntime::PurpleRuntime(Options options)
    : m_options(std::move(options))
{
}

PurpleRuntime::~PurpleRuntime()
{
    if (m_initialised)
        purple_core_quit();
}

void PurpleRuntime::runUiInit()
{
    purple_debug_set_ui_ops(&g_debugOps);
    if (g_initialising && g_initialising->installUiOps)
        g_initialising->installUiOps();
}

bool PurpleRuntime::init(QString *error)
{
    if (m_initialised)
        return true;
    if (purple_get_core() != nullptr || g_ranBefore) {
        if (error)
            *error = QStringLiteral("libpurple runs once per process (it already ran in this one)");
        return false;
    }
    if (!qtUsesGlibDispatcher()) {
        if (error)
            *error = QStringLiteral("Qt is not using the GLib event dispatcher (is QT_NO_GLIB set?); "
                                    "libpurple cannot run in this event loop");
        return false;
    }
    if (!QDir().mkpath(m_options.userDir)) {
        if (error)
            *error = QStringLiteral("cannot create the libpurple directory %1").arg(m_options.userDir);
        return false;
    }

    purple_util_set_user_dir(QDir(m_options.userDir).absolutePath().toUtf8().constData());
    purple_debug_set_enabled(FALSE); // our debug ops decide by logging category
    purple_debug_set_ui_ops(&g_debugOps);
    purple_core_set_ui_ops(&g_coreOps);
    purple_eventloop_set_ui_ops(purpleEventLoopOps());

    g_initialising = &m_options;
    const gboolean ok = purple_core_init(kUiId);
    g_initialising = nullptr;
    if (!ok) {
        if (error)
            *error = QStringLiteral("libpurple failed to initialise (see the crosstalk.purple log)");
        return false;
    }
    m_initialised = true;
    g_ranBefore = true;

    purple_set_blist(purple_blist_new());
    purple_blist_load();
    purple_prefs_load();
    disableHtmlLogging(); // a loaded prefs.xml may have turned it back on
    purple_plugins_load_saved("/crosstalk/plugins/loaded");
    purple_pounces_load();
    return true;
}

QList<ProtocolInfo> PurpleRuntime::protocols() const
{
    QList<ProtocolInfo> result;
    for (GList *it = purple_plugins_get_protocols(); it; it = it->next) {
        auto *plugin = static_cast<PurplePlugin *>(it->data);
        result.append({QString::fromUtf8(plugin->info->id), QString::fromUtf8(plugin->info->name)});
    }
    return result;
}

} // namespace crosstalk::protocols
