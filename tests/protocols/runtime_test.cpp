// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/protocols/purplefixture.h"
#include "tests/support/waitfor.h"

#include <QDir>
#include <QLoggingCategory>

#include <catch2/catch.hpp>

#include <purple.h>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

QStringList g_purpleLog;
QtMessageHandler g_previous = nullptr;

void captureHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (qstrcmp(context.category, "crosstalk.purple") == 0)
        g_purpleLog << message;
    if (g_previous)
        g_previous(type, context, message);
}

} // namespace

TEST_CASE("runtime: every installed prpl loads, debug goes to a Qt category, HTML logging is off")
{
    QLoggingCategory::setFilterRules(QStringLiteral("crosstalk.purple.debug=true"));
    g_previous = qInstallMessageHandler(captureHandler);
    PurpleFixture f;
    f.start();
    qInstallMessageHandler(g_previous);

    QStringList ids;
    for (const ProtocolInfo &p : f.accounts().protocols())
        ids << p.id;
    INFO(ids.join(QLatin1Char(' ')).toStdString());
    CHECK(ids.contains(QStringLiteral("prpl-jabber")));
    CHECK(ids.contains(QStringLiteral("prpl-irc")));
    // Every prpl plugin file in libpurple's directory shows up (not just the two we test).
    int prplFiles = 0;
    for (GList *it = purple_plugins_get_all(); it; it = it->next) {
        auto *plugin = static_cast<PurplePlugin *>(it->data);
        if (plugin->info && plugin->info->type == PURPLE_PLUGIN_PROTOCOL)
            ++prplFiles;
    }
    CHECK(ids.size() == prplFiles);
    CHECK(ids.size() >= 5);

    CHECK_FALSE(g_purpleLog.isEmpty());
    CHECK_FALSE(purple_prefs_get_bool("/purple/logging/log_ims"));
    CHECK_FALSE(purple_prefs_get_bool("/purple/logging/log_chats"));
    CHECK_FALSE(purple_prefs_get_bool("/purple/logging/log_system"));
}

TEST_CASE("runtime: an account for a protocol that is not loaded is refused")
{
    PurpleFixture f;
    f.start();
    AccountSpec spec;
    spec.protocolId = QStringLiteral("prpl-does-not-exist");
    spec.username = QStringLiteral("x");
    CHECK_FALSE(f.accounts().addAccount(spec).isValid());
    CHECK(f.accounts().accounts().isEmpty());
}
