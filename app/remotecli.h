// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace crosstalk::app {

/// True when the command line is "crosstalk remote …" (decided before any GUI starts).
bool isRemoteCommand(int argc, char **argv);
/// Runs "crosstalk remote <command> …" against the running instance's session-bus interface
/// and returns the process exit code (0 ok, 1 refused/failed, 2 usage, 3 no instance).
int runRemoteCommand(int argc, char **argv);

} // namespace crosstalk::app
