// SPDX-License-Identifier: GPL-3.0-or-later
// How a person without a picture looks, the same in the contact list, the call window and the toast.
#pragma once

#include <QColor>
#include <QString>

namespace crosstalk::ui {

/// Up to two initials from the words of a name ("Ada Lovelace" -> "AL"); "?" when none.
QString initialsOf(const QString &name);
/// A colour stable per name, pleasant in light and dark palettes.
QColor avatarColorOf(const QString &name);

} // namespace crosstalk::ui
