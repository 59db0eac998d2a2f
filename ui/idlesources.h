// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/presence/idlesource.h"

#include <memory>

namespace crosstalk::ui {

/// The desktop's idle time: the X11 screensaver extension when Qt runs on xcb and the server
/// has it, else org.freedesktop.ScreenSaver's GetSessionIdleTime (asynchronous D-Bus), else
/// a source that says clearly that idle time is not available here.
std::unique_ptr<IdleSource> makeDesktopIdleSource();

} // namespace crosstalk::ui
