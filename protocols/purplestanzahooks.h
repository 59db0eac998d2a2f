// SPDX-License-Identifier: GPL-3.0-or-later
// Private to protocols/: a handle on libpurple's XMPP stanza signals, for the parts of XMPP its
// prpl does not expose to a UI (Jingle details, delivery receipts).
#pragma once

#include <functional>

typedef struct _PurpleConnection PurpleConnection;
typedef struct _PurplePlugin PurplePlugin;

namespace crosstalk::protocols {

/// Calls `onReceiving` for every stanza an XMPP connection reads and `onSending` for every one
/// it is about to write (the node may still be changed: the prpl's own writer runs last). The
/// node is an `xmlnode *`, passed as void* to keep libpurple out of headers. Main thread only.
class PurpleStanzaHooks
{
public:
    using Handler = std::function<void(PurpleConnection *gc, void *node)>;

    PurpleStanzaHooks(Handler onReceiving, Handler onSending);
    ~PurpleStanzaHooks();
    PurpleStanzaHooks(const PurpleStanzaHooks &) = delete;
    PurpleStanzaHooks &operator=(const PurpleStanzaHooks &) = delete;

    /// After purple_core_init; false when the XMPP prpl is not loaded.
    bool start();
    void stop();
    bool isStarted() const { return m_plugin != nullptr; }

    /// Writes a stanza the way a libpurple plugin does: through the sending signal, so every hook
    /// (ours included) sees it before the prpl writes it. The caller keeps and frees the node.
    void send(PurpleConnection *gc, void *node) const;

    // Trampolines for the C signals.
    void received(PurpleConnection *gc, void *node) const;
    void sending(PurpleConnection *gc, void *node) const;

private:
    Handler m_onReceiving;
    Handler m_onSending;
    PurplePlugin *m_plugin = nullptr;
};

} // namespace crosstalk::protocols
