// SPDX-License-Identifier: GPL-3.0-or-later
// The one way a message body (HTML as libpurple hands it over) becomes something a widget
// may render: an allow-list rewrite, never a block-list filter.
#pragma once

#include <QString>

namespace crosstalk::conversations {

/// Rewrites untrusted HTML into a small, well-formed subset:
///
/// - tags: b i u s code pre blockquote p br ul ol li a — everything else is dropped (its text
///   kept), and the content of script/style/head/iframe/object/svg/... is dropped entirely;
/// - attributes: only href on <a>, and only with an http, https, xmpp or mailto URL; no style,
///   no event handlers, no class/id; <span style> bold/italic/underline/strike become tags;
/// - images and every other remote resource become a visible "[image: alt]" text, so nothing
///   is ever fetched (no tracking pixels);
/// - bidi overrides/isolates and zero-width characters are shown as "[U+202E]" markers, other
///   control characters are removed; plain-text URLs become links;
/// - tags are balanced and nesting is capped, so the output always parses the same way.
///
/// Linear in the input; never throws.
class HtmlSanitizer
{
public:
    struct Options
    {
        /// Text characters kept before the rest is cut with a note (0 = all). A 1 MB body is
        /// stored whole but showing it whole would stall layout.
        int maxTextLength = 0;
        /// Turn bare URLs in text into links.
        bool linkify = true;
    };

    static QString sanitize(const QString &html) { return sanitize(html, Options{}); }
    static QString sanitize(const QString &html, const Options &options);

    /// Escapes plain text (IRC, our own input) into the same subset, linkified, with
    /// newlines as <br>.
    static QString fromPlainText(const QString &text);

    /// True when `url` may be a link target: http, https, xmpp or mailto, well formed.
    static bool isAllowedLink(const QString &url);

    /// The marker shown in place of an invisible or direction-changing character, or a
    /// null string when the character may be shown as is.
    static QString visibleMarker(char32_t codePoint);
};

} // namespace crosstalk::conversations
