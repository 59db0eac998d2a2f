// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace crosstalk::ui {

/// Text from the network (a buddy's name, a status message) made safe to paint in a label, a
/// list row or a window title: control characters and line breaks become spaces, bidi overrides
/// are dropped, the result is isolated (a right-to-left name cannot reorder what follows it) and
/// capped at maxChars with an ellipsis.
QString displaySafe(const QString &text, int maxChars = 200);

} // namespace crosstalk::ui
