// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/purpleaccountsettings.h"

#include "core/network/protocoldescription.h"
#include "protocols/purpleconvert.h"
#include "protocols/purpleruntime.h"

#include <QFile>

#include <purple.h>

namespace crosstalk::protocols {

namespace {

PurplePluginProtocolInfo *protocolInfoOf(PurpleAccount *account)
{
    PurplePlugin *prpl = purple_find_prpl(purple_account_get_protocol_id(account));
    return prpl ? PURPLE_PLUGIN_PROTOCOL_INFO(prpl) : nullptr;
}

const char *proxyTypeName(PurpleProxyType type)
{
    switch (type) {
    case PURPLE_PROXY_NONE: return "none";
    case PURPLE_PROXY_HTTP: return "http";
    case PURPLE_PROXY_SOCKS4: return "socks4";
    case PURPLE_PROXY_SOCKS5: return "socks5";
    case PURPLE_PROXY_USE_ENVVAR: return "envvar";
    case PURPLE_PROXY_TOR: return "tor";
    case PURPLE_PROXY_USE_GLOBAL: break;
    }
    return "global";
}

PurpleProxyType proxyTypeOf(const QString &name)
{
    static const QList<QPair<QString, PurpleProxyType>> types = {
        {QStringLiteral("none"), PURPLE_PROXY_NONE},     {QStringLiteral("http"), PURPLE_PROXY_HTTP},
        {QStringLiteral("socks4"), PURPLE_PROXY_SOCKS4}, {QStringLiteral("socks5"), PURPLE_PROXY_SOCKS5},
        {QStringLiteral("envvar"), PURPLE_PROXY_USE_ENVVAR}, {QStringLiteral("tor"), PURPLE_PROXY_TOR},
    };
    for (const auto &[n, t] : types) {
        if (n == name)
            return t;
    }
    return PURPLE_PROXY_USE_GLOBAL;
}

} // namespace

QVariantMap accountSettings(PurpleAccount *account)
{
    QVariantMap settings;
    if (PurplePluginProtocolInfo *info = protocolInfoOf(account)) {
        for (GList *l = info->protocol_options; l; l = l->next) {
            auto *option = static_cast<PurpleAccountOption *>(l->data);
            const char *key = purple_account_option_get_setting(option);
            if (!key)
                continue;
            const QString name = fromUtf8(key);
            switch (purple_account_option_get_type(option)) {
            case PURPLE_PREF_BOOLEAN:
                settings.insert(name, bool(purple_account_get_bool(
                                          account, key, purple_account_option_get_default_bool(option))));
                break;
            case PURPLE_PREF_INT:
                settings.insert(name, purple_account_get_int(account, key, purple_account_option_get_default_int(option)));
                break;
            case PURPLE_PREF_STRING:
                settings.insert(name, fromUtf8(purple_account_get_string(
                                          account, key, purple_account_option_get_default_string(option))));
                break;
            case PURPLE_PREF_STRING_LIST:
                settings.insert(name, fromUtf8(purple_account_get_string(
                                          account, key, purple_account_option_get_default_list_value(option))));
                break;
            default:
                break;
            }
        }
    }
    settings.insert(AccountKeys::alias(), fromUtf8(purple_account_get_alias(account)));
    settings.insert(AccountKeys::avatarPath(), fromUtf8(purple_account_get_buddy_icon_path(account)));
    if (PurpleProxyInfo *proxy = purple_account_get_proxy_info(account)) {
        settings.insert(AccountKeys::proxyType(), QString::fromLatin1(proxyTypeName(purple_proxy_info_get_type(proxy))));
        settings.insert(AccountKeys::proxyHost(), fromUtf8(purple_proxy_info_get_host(proxy)));
        settings.insert(AccountKeys::proxyPort(), purple_proxy_info_get_port(proxy));
        settings.insert(AccountKeys::proxyUser(), fromUtf8(purple_proxy_info_get_username(proxy)));
    } else {
        settings.insert(AccountKeys::proxyType(), QStringLiteral("global"));
    }
    return settings;
}

namespace {

void applyProxy(PurpleAccount *account, const QVariantMap &settings)
{
    const PurpleProxyType type = proxyTypeOf(settings.value(AccountKeys::proxyType()).toString());
    if (type == PURPLE_PROXY_USE_GLOBAL) {
        purple_account_set_proxy_info(account, nullptr);
        return;
    }
    PurpleProxyInfo *proxy = purple_proxy_info_new();
    purple_proxy_info_set_type(proxy, type);
    purple_proxy_info_set_host(proxy, settings.value(AccountKeys::proxyHost()).toString().toUtf8().constData());
    purple_proxy_info_set_port(proxy, settings.value(AccountKeys::proxyPort()).toInt());
    const QString user = settings.value(AccountKeys::proxyUser()).toString();
    purple_proxy_info_set_username(proxy, user.isEmpty() ? nullptr : user.toUtf8().constData());
    // No proxy password: libpurple would write it into accounts.xml.
    purple_account_set_proxy_info(account, proxy);
}

void applyAvatar(PurpleAccount *account, const QString &path)
{
    if (path.isEmpty()) {
        purple_buddy_icons_set_account_icon(account, nullptr, 0);
        purple_account_set_buddy_icon_path(account, nullptr);
        return;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > 4 * 1024 * 1024) {
        qCWarning(lcPurple) << "avatar not readable or too large:" << path;
        return;
    }
    const QByteArray data = file.readAll();
    // libpurple takes ownership of a g_malloc'd copy.
    auto *copy = static_cast<guchar *>(g_memdup2(data.constData(), gsize(data.size())));
    purple_buddy_icons_set_account_icon(account, copy, size_t(data.size()));
    purple_account_set_buddy_icon_path(account, path.toUtf8().constData());
}

} // namespace

void applyAccountSettings(PurpleAccount *account, const QVariantMap &settings)
{
    bool proxy = false;
    for (auto it = settings.cbegin(); it != settings.cend(); ++it) {
        const QByteArray key = it.key().toUtf8();
        if (it.key() == AccountKeys::alias()) {
            const QByteArray alias = it.value().toString().toUtf8();
            purple_account_set_alias(account, alias.isEmpty() ? nullptr : alias.constData());
            continue;
        }
        if (it.key() == AccountKeys::avatarPath()) {
            if (it.value().toString() != fromUtf8(purple_account_get_buddy_icon_path(account)))
                applyAvatar(account, it.value().toString());
            continue;
        }
        if (it.key().startsWith(QLatin1String("crosstalk:proxy-"))) {
            proxy = true;
            continue;
        }
        switch (it.value().typeId()) {
        case QMetaType::Bool:
            purple_account_set_bool(account, key.constData(), it.value().toBool());
            break;
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::ULongLong:
            purple_account_set_int(account, key.constData(), it.value().toInt());
            break;
        default:
            purple_account_set_string(account, key.constData(), it.value().toString().toUtf8().constData());
            break;
        }
    }
    if (proxy)
        applyProxy(account, settings);
}

} // namespace crosstalk::protocols
