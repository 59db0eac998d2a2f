// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/purplestanzahooks.h"

#include <purple.h>

namespace crosstalk::protocols {

namespace {

void receivingCb(PurpleConnection *gc, xmlnode **packet, gpointer data)
{
    if (packet && *packet)
        static_cast<const PurpleStanzaHooks *>(data)->received(gc, *packet);
}

void sendingCb(PurpleConnection *gc, xmlnode **packet, gpointer data)
{
    if (packet && *packet)
        static_cast<const PurpleStanzaHooks *>(data)->sending(gc, *packet);
}

} // namespace

PurpleStanzaHooks::PurpleStanzaHooks(Handler onReceiving, Handler onSending)
    : m_onReceiving(std::move(onReceiving))
    , m_onSending(std::move(onSending))
{
}

PurpleStanzaHooks::~PurpleStanzaHooks()
{
    stop();
}

bool PurpleStanzaHooks::start()
{
    if (m_plugin)
        return true;
    PurplePlugin *jabber = purple_find_prpl("prpl-jabber");
    if (!jabber)
        return false;
    m_plugin = jabber;
    // The prpl's own writer is connected at the highest priority, so it runs after these.
    purple_signal_connect(jabber, "jabber-receiving-xmlnode", this, PURPLE_CALLBACK(receivingCb), this);
    purple_signal_connect(jabber, "jabber-sending-xmlnode", this, PURPLE_CALLBACK(sendingCb), this);
    return true;
}

void PurpleStanzaHooks::stop()
{
    if (!m_plugin)
        return;
    purple_signals_disconnect_by_handle(this);
    m_plugin = nullptr;
}

void PurpleStanzaHooks::send(PurpleConnection *gc, void *node) const
{
    if (!m_plugin || !gc || !node)
        return;
    auto *stanza = static_cast<xmlnode *>(node);
    purple_signal_emit(m_plugin, "jabber-sending-xmlnode", gc, &stanza);
}

void PurpleStanzaHooks::received(PurpleConnection *gc, void *node) const
{
    if (m_onReceiving)
        m_onReceiving(gc, node);
}

void PurpleStanzaHooks::sending(PurpleConnection *gc, void *node) const
{
    if (m_onSending)
        m_onSending(gc, node);
}

} // namespace crosstalk::protocols
