// SPDX-License-Identifier: GPL-3.0-or-later
// Private to protocols/: libpurple's event loop ops on Qt's GLib main context.
#pragma once

#include "protocols/purplebackend.h"

struct _PurpleEventLoopUiOps;

namespace crosstalk::protocols {

/// Event loop ops that add sources to the default GLib main context, which Qt's
/// GLib event dispatcher runs: libpurple and Qt share one thread and one loop.
_PurpleEventLoopUiOps *purpleEventLoopOps();

/// Time spent inside libpurple's timer and network callbacks so far.
PurpleLoopLoad purpleLoopLoad();

/// True when Qt's dispatcher is the GLib one (it is unless QT_NO_GLIB is set).
bool qtUsesGlibDispatcher();

} // namespace crosstalk::protocols
