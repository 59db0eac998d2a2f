// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace crosstalk::contacts {

/// Accent- and case-insensitive form for matching and filtering: "Zoë  O'Brien" -> "zoe o brien".
/// Letters and digits are kept, everything else becomes one space.
QString foldForMatch(const QString &text);

/// Digits of a phone-like identifier ("+1 (555) 010-9999" -> "15550109999"), or empty.
QString phoneDigits(const QString &text);

/// True for "local@domain.tld" shapes (XMPP JIDs, e-mail addresses).
bool isEmailLike(const QString &text);

} // namespace crosstalk::contacts
