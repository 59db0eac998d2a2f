// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace crosstalk::history {

/// Turns what a user types into a safe FTS5 MATCH expression: every word is quoted (so that
/// FTS5 operators and punctuation in user text cannot cause a syntax error), "quoted text"
/// stays a phrase, and a trailing * makes a prefix query. Returns an empty string when there
/// is nothing to search for.
QString ftsMatchExpression(const QString &userText);

} // namespace crosstalk::history
