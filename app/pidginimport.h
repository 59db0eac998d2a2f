// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace crosstalk::app {

/// `crosstalk --import-pidgin [DIR]`: imports a Pidgin profile into the Crosstalk profile,
/// printing progress and a summary. Passwords go to the Secret Service, never to disk.
/// Returns the process exit code.
int runPidginImport(const QString &profileDir, const QString &purpleDir);

/// True when the command line asks for an import (checked before any GUI starts).
bool isPidginImportCommand(int argc, char **argv);
/// Parses `[--profile DIR] --import-pidgin [PURPLE_DIR]` and runs the import headless.
int runPidginImportCommand(int argc, char **argv);

} // namespace crosstalk::app
