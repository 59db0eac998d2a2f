// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/purplereceipts.h"

#include "protocols/purpleconvert.h"

#include <QUuid>

#include <purple.h>

namespace crosstalk::protocols {

namespace {

constexpr const char *kReceiptsNs = "urn:xmpp:receipts";
// Ids are the peer's to choose; one longer than this is not a receipt we could have asked for.
constexpr qsizetype kMaxIdLength = 256;

xmlnode *receiptChild(xmlnode *message, const char *name)
{
    xmlnode *child = xmlnode_get_child(message, name);
    return child && qstrcmp(xmlnode_get_namespace(child), kReceiptsNs) == 0 ? child : nullptr;
}

/// A one-to-one message with a body: the only kind that asks for or earns a receipt (a group
/// chat has many receivers, an error or a bare chat state is not a message the user wrote).
bool isChatMessage(xmlnode *node)
{
    if (qstrcmp(node->name, "message") != 0 || !xmlnode_get_child(node, "body"))
        return false;
    const char *type = xmlnode_get_attrib(node, "type");
    return qstrcmp(type, "groupchat") != 0 && qstrcmp(type, "error") != 0;
}

/// An id for a stanza we make, unique without a per-stream counter.
QByteArray newStanzaId()
{
    return "ct-" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
}

QString bareOf(const QString &jid)
{
    const qsizetype slash = jid.indexOf(QLatin1Char('/'));
    return slash < 0 ? jid : jid.left(slash);
}

} // namespace

PurpleReceipts::PurpleReceipts(Delivered onDelivered)
    : m_onDelivered(std::move(onDelivered))
    , m_hooks([this](PurpleConnection *gc, void *node) { onReceiving(gc, node); },
              [this](PurpleConnection *, void *node) { onSending(node); })
{
}

void PurpleReceipts::armForSend()
{
    m_armed = true;
    m_requested.clear();
}

QString PurpleReceipts::takeRequestedId()
{
    m_armed = false;
    return std::exchange(m_requested, QString());
}

void PurpleReceipts::onSending(void *raw)
{
    auto *node = static_cast<xmlnode *>(raw);
    if (!m_armed || !isChatMessage(node) || receiptChild(node, "request"))
        return;
    m_armed = false; // one message per send
    QByteArray id = xmlnode_get_attrib(node, "id");
    if (id.isEmpty()) {
        id = newStanzaId();
        xmlnode_set_attrib(node, "id", id.constData());
    }
    xmlnode *request = xmlnode_new_child(node, "request");
    xmlnode_set_namespace(request, kReceiptsNs);
    m_requested = QString::fromUtf8(id);
}

void PurpleReceipts::onReceiving(PurpleConnection *gc, void *raw)
{
    auto *node = static_cast<xmlnode *>(raw);
    if (qstrcmp(node->name, "message") != 0 || qstrcmp(xmlnode_get_attrib(node, "type"), "error") == 0)
        return;
    PurpleAccount *account = purple_connection_get_account(gc);
    const QString from = fromUtf8(xmlnode_get_attrib(node, "from"));
    if (!account || from.isEmpty())
        return;

    if (xmlnode *received = receiptChild(node, "received")) {
        const QString id = fromUtf8(xmlnode_get_attrib(received, "id"));
        if (!id.isEmpty() && id.size() <= kMaxIdLength && m_onDelivered) {
            const QByteArray bare = bareOf(from).toUtf8();
            m_onDelivered({accountIdOf(account), normalizedHandle(account, bare.constData())}, id);
        }
        return;
    }

    // Answer a request only from someone on our list: a receipt tells the sender we are
    // online, which XEP-0184 keeps from strangers.
    const QString id = fromUtf8(xmlnode_get_attrib(node, "id"));
    if (!receiptChild(node, "request") || !isChatMessage(node) || id.isEmpty() || id.size() > kMaxIdLength)
        return;
    if (!purple_find_buddy(account, bareOf(from).toUtf8().constData()))
        return;
    sendReceipt(gc, from, id);
}

void PurpleReceipts::sendReceipt(PurpleConnection *gc, const QString &to, const QString &id)
{
    xmlnode *message = xmlnode_new("message");
    xmlnode_set_attrib(message, "to", to.toUtf8().constData());
    xmlnode_set_attrib(message, "id", newStanzaId().constData());
    xmlnode *received = xmlnode_new_child(message, "received");
    xmlnode_set_namespace(received, kReceiptsNs);
    xmlnode_set_attrib(received, "id", id.toUtf8().constData());
    m_hooks.send(gc, message);
    xmlnode_free(message);
}

} // namespace crosstalk::protocols
