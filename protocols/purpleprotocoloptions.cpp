// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/purpleprotocoloptions.h"

#include "protocols/purpleconvert.h"

#include <purple.h>

namespace crosstalk::protocols {

namespace {

PurplePluginProtocolInfo *infoOf(PurplePlugin *prpl)
{
    return prpl ? PURPLE_PLUGIN_PROTOCOL_INFO(prpl) : nullptr;
}

QString text(const char *s)
{
    // libpurple marks mnemonics GTK-style ("_Resource").
    return fromUtf8(s).remove(QLatin1Char('_'));
}

std::optional<ProtocolOption> optionOf(PurpleAccountOption *option)
{
    ProtocolOption o;
    const char *setting = purple_account_option_get_setting(option);
    if (!setting)
        return std::nullopt;
    o.key = fromUtf8(setting);
    o.label = text(purple_account_option_get_text(option));
    if (o.label.isEmpty())
        o.label = o.key;
    switch (purple_account_option_get_type(option)) {
    case PURPLE_PREF_BOOLEAN:
        o.type = ProtocolOption::Type::Bool;
        o.defaultValue = bool(purple_account_option_get_default_bool(option));
        break;
    case PURPLE_PREF_INT:
        o.type = ProtocolOption::Type::Int;
        o.defaultValue = purple_account_option_get_default_int(option);
        break;
    case PURPLE_PREF_STRING:
        o.type = ProtocolOption::Type::String;
        o.defaultValue = fromUtf8(purple_account_option_get_default_string(option));
        o.masked = purple_account_option_get_masked(option);
        break;
    case PURPLE_PREF_STRING_LIST:
        o.type = ProtocolOption::Type::List;
        for (GList *l = purple_account_option_get_list(option); l; l = l->next) {
            auto *pair = static_cast<PurpleKeyValuePair *>(l->data);
            if (pair && pair->key)
                o.choices << qMakePair(text(pair->key), fromUtf8(static_cast<const char *>(pair->value)));
        }
        o.defaultValue = fromUtf8(purple_account_option_get_default_list_value(option));
        break;
    default:
        return std::nullopt; // a type no form can edit
    }
    return o;
}

ProtocolDescription describePlugin(PurplePlugin *prpl)
{
    ProtocolDescription d;
    d.id = fromUtf8(purple_plugin_get_id(prpl));
    d.name = fromUtf8(purple_plugin_get_name(prpl));
    d.usernameLabel = QStringLiteral("Username");
    PurplePluginProtocolInfo *info = infoOf(prpl);
    if (!info)
        return d;
    for (GList *l = info->user_splits; l; l = l->next) {
        auto *split = static_cast<PurpleAccountUserSplit *>(l->data);
        d.splits << UsernameSplit{text(purple_account_user_split_get_text(split)),
                                  fromUtf8(purple_account_user_split_get_default_value(split)),
                                  QChar::fromLatin1(purple_account_user_split_get_separator(split)),
                                  bool(purple_account_user_split_get_reverse(split))};
    }
    for (GList *l = info->protocol_options; l; l = l->next) {
        if (const auto option = optionOf(static_cast<PurpleAccountOption *>(l->data)))
            d.options << *option;
    }
    d.passwordRequired = !(info->options & OPT_PROTO_NO_PASSWORD) && !(info->options & OPT_PROTO_PASSWORD_OPTIONAL);
    d.passwordOptional = info->options & OPT_PROTO_PASSWORD_OPTIONAL;
    d.supportsAvatar = info->icon_spec.format != nullptr;
    d.supportsRegistration = info->register_user != nullptr;
    return d;
}

} // namespace

QList<ProtocolDescription> PurpleProtocolOptions::describeProtocols() const
{
    QList<ProtocolDescription> result;
    for (GList *l = purple_plugins_get_protocols(); l; l = l->next)
        result << describePlugin(static_cast<PurplePlugin *>(l->data));
    return result;
}

std::optional<ProtocolDescription> PurpleProtocolOptions::describe(const QString &protocolId) const
{
    PurplePlugin *prpl = purple_find_prpl(protocolId.toUtf8().constData());
    if (!prpl)
        return std::nullopt;
    return describePlugin(prpl);
}

QStringList PurpleProtocolOptions::splitUsername(const QString &protocolId, const QString &username) const
{
    const auto d = describe(protocolId);
    if (!d)
        return {username};
    QString rest = username;
    QStringList values(d->splits.size());
    // As Pidgin's editor: the last split is cut off the end first.
    for (qsizetype i = d->splits.size() - 1; i >= 0; --i) {
        const UsernameSplit &split = d->splits[i];
        const qsizetype at = split.reverse ? rest.lastIndexOf(split.separator) : rest.indexOf(split.separator);
        if (at >= 0) {
            values[i] = rest.mid(at + 1);
            rest.truncate(at);
        } else {
            values[i] = split.defaultValue;
        }
    }
    return QStringList{rest} + values;
}

QString PurpleProtocolOptions::joinUsername(const QString &protocolId, const QStringList &parts) const
{
    const auto d = describe(protocolId);
    QString username = parts.value(0).trimmed();
    if (!d)
        return username;
    for (qsizetype i = 0; i < d->splits.size(); ++i) {
        QString value = parts.value(i + 1).trimmed();
        if (value.isEmpty())
            value = d->splits[i].defaultValue;
        if (!value.isEmpty())
            username += d->splits[i].separator + value;
    }
    return username;
}

} // namespace crosstalk::protocols
