// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace crosstalk::store {

/// The searchable text of a message body as libpurple hands it over (HTML-ish): tags dropped,
/// <br> and block ends made newlines, entities decoded. Not a renderer and not a sanitizer.
QString htmlToPlainText(QStringView html);

/// Decodes &amp; &lt; &gt; &quot; &apos; &nbsp; and numeric entities; leaves unknown ones.
QString decodeEntities(QStringView text);

} // namespace crosstalk::store
