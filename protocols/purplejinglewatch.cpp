// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/purplejinglewatch.h"

#include "protocols/purpleconvert.h"

#include <purple.h>

#include <algorithm>

namespace crosstalk::protocols {

namespace {

constexpr const char *kJingleNs = "urn:xmpp:jingle:1";
constexpr const char *kRtpInfoNs = "urn:xmpp:jingle:apps:rtp:info:1";

xmlnode *firstElement(xmlnode *node, const char *skip = nullptr)
{
    for (xmlnode *c = node ? node->child : nullptr; c; c = c->next) {
        if (c->type == XMLNODE_TYPE_TAG && (!skip || qstrcmp(c->name, skip) != 0))
            return c;
    }
    return nullptr;
}

xmlnode *jingleOf(xmlnode *iq)
{
    xmlnode *jingle = xmlnode_get_child(iq, "jingle");
    if (!jingle || qstrcmp(xmlnode_get_namespace(jingle), kJingleNs) != 0)
        return nullptr;
    return jingle;
}

QString textOf(xmlnode *node)
{
    if (!node)
        return {};
    gchar *data = xmlnode_get_data(node);
    const QString text = fromUtf8(data).trimmed();
    g_free(data);
    return text;
}

// "bob@localhost/res" from a stanza attribute; empty for none.
QString attr(xmlnode *node, const char *name)
{
    return fromUtf8(xmlnode_get_attrib(node, name));
}

} // namespace

PurpleJingleWatch::PurpleJingleWatch()
    : m_hooks([this](PurpleConnection *gc, void *node) { onReceiving(gc, node); },
              [this](PurpleConnection *gc, void *node) { onSending(gc, node); })
{
}

PurpleJingleWatch::~PurpleJingleWatch() = default;

bool PurpleJingleWatch::start()
{
    return m_hooks.start();
}

void PurpleJingleWatch::stop()
{
    m_hooks.stop();
    m_sessions.clear();
    m_resources.clear();
}

QString PurpleJingleWatch::key(PurpleAccount *account, const QString &peer)
{
    return QString::number(quintptr(account), 16) + QLatin1Char(' ') + peer.toLower();
}

void PurpleJingleWatch::onReceiving(PurpleConnection *gc, void *raw)
{
    auto *node = static_cast<xmlnode *>(raw);
    PurpleAccount *account = purple_connection_get_account(gc);
    const QString from = attr(node, "from");
    if (!onEvent || from.isEmpty())
        return;

    if (qstrcmp(node->name, "presence") == 0) {
        const QString type = attr(node, "type");
        const qsizetype slash = from.indexOf(QLatin1Char('/'));
        if (slash > 0 && (type.isEmpty() || type == QLatin1String("unavailable"))) {
            QList<Resource> &list = m_resources[key(account, from.left(slash))];
            const QString name = from.mid(slash + 1);
            list.removeIf([&](const Resource &r) { return r.name == name; });
            if (type.isEmpty())
                list.prepend({name, textOf(xmlnode_get_child(node, "priority")).toInt()});
        }
        if (type == QLatin1String("unavailable") && m_sessions.contains(key(account, from)))
            onEvent({JingleEvent::Kind::PeerGone, account, from, {}, {}});
        return;
    }
    if (qstrcmp(node->name, "iq") != 0)
        return;
    const QString type = attr(node, "type");
    if (type == QLatin1String("result") || type == QLatin1String("error")) {
        const QString id = attr(node, "id");
        auto it = m_sessions.find(key(account, from));
        if (it == m_sessions.end() || id.isEmpty() || it->initiateIq != id)
            return;
        it->initiateIq.clear();
        if (type == QLatin1String("result")) {
            onEvent({JingleEvent::Kind::InitiateAcked, account, from, {}, {}});
        } else {
            xmlnode *error = xmlnode_get_child(node, "error");
            xmlnode *condition = firstElement(error, "text");
            onEvent({JingleEvent::Kind::InitiateFailed, account, from,
                     condition ? fromUtf8(condition->name) : QStringLiteral("error"),
                     textOf(xmlnode_get_child(error, "text"))});
        }
        return;
    }
    if (type != QLatin1String("set"))
        return;
    xmlnode *jingle = jingleOf(node);
    if (!jingle)
        return;
    const QString action = attr(jingle, "action");
    const QString sid = attr(jingle, "sid");
    if (action == QLatin1String("session-initiate")) {
        Session &s = m_sessions[key(account, from)];
        s = Session{};
        s.sid = sid;
        s.initiator = attr(jingle, "initiator").isEmpty() ? from : attr(jingle, "initiator");
    } else if (action == QLatin1String("session-terminate")) {
        xmlnode *reason = xmlnode_get_child(jingle, "reason");
        xmlnode *condition = firstElement(reason, "text");
        onEvent({JingleEvent::Kind::Terminated, account, from,
                 condition ? fromUtf8(condition->name) : QString(), textOf(xmlnode_get_child(reason, "text"))});
    } else if (action == QLatin1String("session-info")) {
        for (xmlnode *c = jingle->child; c; c = c->next) {
            if (c->type == XMLNODE_TYPE_TAG && qstrcmp(xmlnode_get_namespace(c), kRtpInfoNs) == 0)
                onEvent({JingleEvent::Kind::Info, account, from, fromUtf8(c->name), {}});
        }
    }
}

void PurpleJingleWatch::onSending(PurpleConnection *gc, void *raw)
{
    auto *node = static_cast<xmlnode *>(raw);
    if (qstrcmp(node->name, "iq") != 0 || attr(node, "type") != QLatin1String("set"))
        return;
    xmlnode *jingle = jingleOf(node);
    if (!jingle)
        return;
    PurpleAccount *account = purple_connection_get_account(gc);
    const QString to = attr(node, "to");
    const QString action = attr(jingle, "action");
    if (action == QLatin1String("session-initiate")) {
        Session &s = m_sessions[key(account, to)];
        s = Session{};
        s.sid = attr(jingle, "sid");
        s.initiator = attr(jingle, "initiator");
        s.initiateIq = attr(node, "id");
        s.weInitiated = true;
        return;
    }
    if (action != QLatin1String("session-terminate"))
        return;
    auto it = m_sessions.find(key(account, to));
    if (it == m_sessions.end() || it->terminateReason.isEmpty())
        return;
    // libpurple wrote <reason><success/></reason> or <decline/>: rename the condition in place.
    xmlnode *reason = xmlnode_get_child(jingle, "reason");
    if (!reason)
        reason = xmlnode_new_child(jingle, "reason");
    xmlnode *condition = firstElement(reason, "text");
    const QByteArray name = it->terminateReason.toUtf8();
    if (condition) {
        g_free(condition->name);
        condition->name = g_strdup(name.constData());
    } else {
        xmlnode_new_child(reason, name.constData());
    }
    if (!it->terminateText.isEmpty() && !xmlnode_get_child(reason, "text")) {
        const QByteArray text = it->terminateText.toUtf8();
        xmlnode_insert_data(xmlnode_new_child(reason, "text"), text.constData(), text.size());
    }
    it->terminateReason.clear();
}

void PurpleJingleWatch::setTerminateReason(PurpleAccount *account, const QString &peer, const QString &reason,
                                           const QString &text)
{
    auto it = m_sessions.find(key(account, peer));
    if (it == m_sessions.end())
        return; // no session-initiate went out: nothing will be terminated on the wire
    it->terminateReason = reason;
    it->terminateText = text;
}

bool PurpleJingleWatch::sendSessionInfo(PurpleAccount *account, const QString &peer, const QString &what)
{
    auto it = m_sessions.constFind(key(account, peer));
    PurpleConnection *gc = account ? purple_account_get_connection(account) : nullptr;
    PurplePlugin *prpl = gc ? purple_connection_get_prpl(gc) : nullptr;
    PurplePluginProtocolInfo *info = prpl ? PURPLE_PLUGIN_PROTOCOL_INFO(prpl) : nullptr;
    if (it == m_sessions.constEnd() || !info || !info->send_raw)
        return false;

    xmlnode *iq = xmlnode_new("iq");
    xmlnode_set_attrib(iq, "type", "set");
    xmlnode_set_attrib(iq, "to", peer.toUtf8().constData());
    xmlnode_set_attrib(iq, "id", QByteArray("ctk-info-" + QByteArray::number(m_nextId++)).constData());
    xmlnode *jingle = xmlnode_new_child(iq, "jingle");
    xmlnode_set_namespace(jingle, kJingleNs);
    xmlnode_set_attrib(jingle, "action", "session-info");
    xmlnode_set_attrib(jingle, "sid", it->sid.toUtf8().constData());
    xmlnode_set_attrib(jingle, "initiator", it->initiator.toUtf8().constData());
    xmlnode *payload = xmlnode_new_child(jingle, what.toUtf8().constData());
    xmlnode_set_namespace(payload, kRtpInfoNs);
    if (what == QLatin1String("mute") || what == QLatin1String("unmute")) {
        xmlnode_set_attrib(payload, "creator", "initiator");
        xmlnode_set_attrib(payload, "name", "audio-session");
    }
    int length = 0;
    gchar *text = xmlnode_to_str(iq, &length);
    const int sent = info->send_raw(gc, text, length);
    g_free(text);
    xmlnode_free(iq);
    return sent >= 0;
}

QStringList PurpleJingleWatch::resources(PurpleAccount *account, const QString &bareJid) const
{
    QList<Resource> list = m_resources.value(key(account, bareJid));
    std::stable_sort(list.begin(), list.end(), [](const Resource &a, const Resource &b) { return a.priority > b.priority; });
    QStringList names;
    for (const Resource &r : list)
        names << r.name;
    return names;
}

QString PurpleJingleWatch::sessionId(PurpleAccount *account, const QString &peer) const
{
    return m_sessions.value(key(account, peer)).sid;
}

void PurpleJingleWatch::forget(PurpleAccount *account, const QString &peer)
{
    m_sessions.remove(key(account, peer));
}

} // namespace crosstalk::protocols
