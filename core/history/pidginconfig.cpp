// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/history/pidginconfig.h"

#include <QIODevice>
#include <QXmlStreamReader>

namespace crosstalk::history {

namespace {

QVariant settingValue(const QString &type, const QString &text)
{
    if (type == u"int")
        return text.toInt();
    if (type == u"bool")
        return text.trimmed() == u"1" || text.trimmed().compare(u"true", Qt::CaseInsensitive) == 0;
    return text;
}

bool looksSecret(const QString &name)
{
    return name.contains(u"pass", Qt::CaseInsensitive) || name.contains(u"secret", Qt::CaseInsensitive) ||
           name.contains(u"token", Qt::CaseInsensitive);
}

// Reads <settings [ui=...]> children; UI settings only tell whether the account auto-logs in.
void readSettings(QXmlStreamReader &xml, PidginAccount &account)
{
    const bool uiSettings = xml.attributes().hasAttribute(QLatin1String("ui"));
    while (xml.readNextStartElement()) {
        if (xml.name() != u"setting") {
            xml.skipCurrentElement();
            continue;
        }
        const QString name = xml.attributes().value(QLatin1String("name")).toString();
        const QString type = xml.attributes().value(QLatin1String("type")).toString();
        const QString text = xml.readElementText();
        if (uiSettings) {
            if (name == u"auto-login")
                account.enabled = settingValue(type, text).toBool();
        } else if (!looksSecret(name)) {
            account.settings.insert(name, settingValue(type, text));
        }
    }
}

PidginAccount readAccount(QXmlStreamReader &xml)
{
    PidginAccount account;
    while (xml.readNextStartElement()) {
        const auto name = xml.name();
        if (name == u"protocol")
            account.protocol = xml.readElementText().trimmed();
        else if (name == u"name")
            account.name = xml.readElementText().trimmed();
        else if (name == u"password")
            account.password = xml.readElementText();
        else if (name == u"alias")
            account.alias = xml.readElementText().trimmed();
        else if (name == u"settings")
            readSettings(xml, account);
        else
            xml.skipCurrentElement(); // statuses, proxy (may hold a proxy password), errors
    }
    return account;
}

PidginBuddy readBuddy(QXmlStreamReader &xml, const QString &group)
{
    PidginBuddy buddy;
    buddy.protocol = xml.attributes().value(QLatin1String("proto")).toString();
    buddy.account = xml.attributes().value(QLatin1String("account")).toString();
    buddy.group = group;
    while (xml.readNextStartElement()) {
        if (xml.name() == u"name") {
            buddy.name = xml.readElementText().trimmed();
        } else if (xml.name() == u"alias") {
            buddy.alias = xml.readElementText().trimmed();
        } else if (xml.name() == u"setting") {
            const QString setting = xml.attributes().value(QLatin1String("name")).toString();
            const QString text = xml.readElementText();
            if (setting == u"servernick" || setting == u"server_alias")
                buddy.serverAlias = text.trimmed();
        } else {
            xml.skipCurrentElement();
        }
    }
    return buddy;
}

QString describe(const QXmlStreamReader &xml)
{
    return QStringLiteral("line %1: %2").arg(xml.lineNumber()).arg(xml.errorString());
}

} // namespace

std::optional<QList<PidginAccount>> parsePidginAccounts(QIODevice &device, QString *error)
{
    QXmlStreamReader xml(&device);
    QList<PidginAccount> accounts;
    if (!xml.readNextStartElement() || xml.name() != u"account") {
        if (error)
            *error = xml.hasError() ? describe(xml) : QStringLiteral("not a Pidgin accounts file");
        return std::nullopt;
    }
    while (xml.readNextStartElement()) {
        if (xml.name() == u"account")
            accounts.append(readAccount(xml));
        else
            xml.skipCurrentElement();
    }
    if (xml.hasError()) {
        if (error)
            *error = describe(xml);
        return std::nullopt;
    }
    return accounts;
}

std::optional<QList<PidginContact>> parsePidginBlist(QIODevice &device, QString *error)
{
    QXmlStreamReader xml(&device);
    QList<PidginContact> contacts;
    if (!xml.readNextStartElement() || xml.name() != u"purple") {
        if (error)
            *error = xml.hasError() ? describe(xml) : QStringLiteral("not a Pidgin buddy list");
        return std::nullopt;
    }
    while (xml.readNextStartElement()) {
        if (xml.name() != u"blist") {
            xml.skipCurrentElement(); // privacy lists
            continue;
        }
        while (xml.readNextStartElement()) {
            if (xml.name() != u"group") {
                xml.skipCurrentElement();
                continue;
            }
            const QString group = xml.attributes().value(QLatin1String("name")).toString();
            while (xml.readNextStartElement()) {
                if (xml.name() != u"contact") {
                    xml.skipCurrentElement(); // chats, group settings
                    continue;
                }
                PidginContact contact;
                contact.alias = xml.attributes().value(QLatin1String("alias")).toString();
                while (xml.readNextStartElement()) {
                    if (xml.name() == u"buddy")
                        contact.buddies.append(readBuddy(xml, group));
                    else
                        xml.skipCurrentElement();
                }
                if (!contact.buddies.isEmpty())
                    contacts.append(contact);
            }
        }
    }
    if (xml.hasError()) {
        if (error)
            *error = describe(xml);
        return std::nullopt;
    }
    return contacts;
}

QString pidginLogFolder(const QString &protocolId)
{
    if (protocolId == u"prpl-gg")
        return QStringLiteral("gadu-gadu");
    return protocolId.startsWith(u"prpl-") ? protocolId.mid(5) : protocolId;
}

QString pidginProtocolForFolder(const QString &folder)
{
    if (folder == u"gadu-gadu")
        return QStringLiteral("prpl-gg");
    return QStringLiteral("prpl-") + folder;
}

QString pidginNormalize(const QString &protocolId, const QString &name)
{
    QString n = name.trimmed();
    if (protocolId == u"prpl-jabber") {
        const qsizetype slash = n.indexOf(u'/');
        if (slash >= 0)
            n.truncate(slash); // logs and buddies are per bare JID
        return n.toLower();
    }
    if (protocolId == u"prpl-irc" || protocolId == u"prpl-aim" || protocolId == u"prpl-icq" ||
        protocolId == u"prpl-msn" || protocolId == u"prpl-yahoo") {
        return n.toLower();
    }
    return n;
}

} // namespace crosstalk::history
