// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace crosstalk::conversations {

/// An independent, strict reader of the sanitizer's output language: it accepts only the
/// allow-listed tags, written exactly as the sanitizer writes them, balanced, with text that
/// holds no raw markup characters, no unknown entities and no invisible/bidi characters.
/// The fuzz test runs every sanitized fragment through it; debug builds can assert with it.
bool isAllowListed(const QString &html, QString *why = nullptr);

} // namespace crosstalk::conversations
