// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace crosstalk::app {

/// SIGINT and SIGTERM quit the event loop cleanly, so destructors stop child servers
/// and libpurple says goodbye to the network.
void quitOnTerminationSignals();

} // namespace crosstalk::app
