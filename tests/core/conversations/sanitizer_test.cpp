// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/conversations/htmlallowlist.h"
#include "core/conversations/htmlsanitizer.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QStringList>

#include <catch2/catch.hpp>

using crosstalk::conversations::HtmlSanitizer;
using crosstalk::conversations::isAllowListed;

namespace {

QString clean(const QString &html)
{
    const QString out = HtmlSanitizer::sanitize(html);
    QString why;
    INFO("input:  " << html.left(400).toStdString());
    INFO("output: " << out.left(400).toStdString());
    REQUIRE(isAllowListed(out, &why));
    return out;
}

// Pieces hostile HTML is made of: tags the allow-list knows and does not, broken markup,
// attribute tricks, entities, scripts, schemes, bidi and invisible characters, emoji.
QString randomFragment(QRandomGenerator &rng)
{
    static const QStringList pieces = {
        "<b>", "</b>", "<i>", "</i>", "<u>", "</u>", "<s>", "<strong>", "</strong>", "<em>", "<br>", "<br/>",
        "<p>", "</p>", "<div>", "</div>", "<pre>", "</pre>", "<code>", "</code>", "<ul>", "<li>", "</li>",
        "</ul>", "<ol>", "</ol>", "<blockquote>", "</blockquote>", "<a href=\"http://example.org/?a=1&b=2\">",
        "<a href='https://x.test/'>", "<a href=javascript:alert(1)>", "<a href=\"jav&#x09;ascript:alert(1)\">",
        "<a href=\" JAVASCRIPT:alert(1)\">", "<a href=\"data:text/html,<script>\">", "<a href=\"xmpp:bob@x\">",
        "<a href=\"mailto:a@b.c\">", "<a href=\"vbscript:x\">", "<a href=\"file:///etc/passwd\">", "</a>",
        "<a", "<a href=", "\"", "'", "<img src=\"http://evil.test/pixel.gif\">",
        "<img src=x onerror=alert(1)>", "<IMG SRC=\"javascript:alert('x')\">", "<script>alert(1)</script>",
        "<script>", "</script>", "<style>body{display:none}</style>", "<style>", "<span style=\"font-weight:bold\">",
        "<span style=\"position:fixed;top:0;left:0;width:100%;height:100%\">", "</span>",
        "<font color=\"#ffffff\" size=\"7\">", "</font>", "<iframe src=\"http://x\"></iframe>", "<svg onload=x>",
        "<math><mi>x</mi></math>", "<!-- comment -->", "<!--", "-->", "<!DOCTYPE html>", "<?xml version?>",
        "<![CDATA[ x ]]>", "<table><tr><td>cell</td></tr></table>", "<object data=x>", "<embed src=x>",
        "<body onload=alert(1)>", "<meta http-equiv=refresh content=0;url=http://x>", "<link rel=stylesheet href=x>",
        "<base href=http://evil/>", "<form action=x><input type=image src=x></form>", "<video src=x>",
        "&lt;", "&gt;", "&amp;", "&quot;", "&#60;script&#62;", "&#x3C;", "&#0;", "&#xD800;", "&#1114112;",
        "&nbsp;", "&bogus;", "&", "&#", "&#x;", "<", ">", "</", "< b>", "<b <i>", "<a/href=x>", "<a\nhref=x>",
        "\u202E", "\u202Dtxt\u202C", "\u2066", "\u200B", "\u200D", "\u200E", "\uFEFF", "\u00AD", "\u2028",
        "\U0001F600", "\U0001F468\u200D\U0001F469\u200D\U0001F467", "\U000E0041", "\x01", "\x7F", "\t", "\n",
        "\r\n", "http://example.com/path.", "www.example.org", "see https://a.b/c?d=e&f=g)", "xmpp:room@conf?join",
        "mailto:x@y.z", "hello", "world", " ", "Grüße", "日本語", "שלום", "مرحبا", "<h1>", "</h1>", "<cite>",
        "<tt>", "<kbd>", "<del>", "<ins>", "<strike>", "<textarea>", "</textarea>", "<noscript>", "<template>",
        "<select>", "<option>", "</select>", "<applet>", "<frameset>", "<plaintext>", "<xmp>", "</xmp>",
    };
    QString s;
    const int n = 1 + rng.bounded(40);
    for (int k = 0; k < n; ++k) {
        if (rng.bounded(10) == 0) {
            // Raw random code units, including lone surrogates and controls.
            const int len = 1 + rng.bounded(8);
            for (int j = 0; j < len; ++j)
                s += QChar(char16_t(rng.bounded(0x10000)));
        } else {
            s += pieces[rng.bounded(pieces.size())];
        }
    }
    return s;
}

} // namespace

TEST_CASE("Sanitizer: 10,000 random HTML fragments never crash and always pass the allow-list")
{
    QRandomGenerator rng(20261122);
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 10000; ++i) {
        const QString input = randomFragment(rng);
        const QString out = HtmlSanitizer::sanitize(input);
        QString why;
        if (!isAllowListed(out, &why)) {
            INFO("fragment " << i << ": " << why.toStdString());
            INFO("input:  " << input.toStdString());
            INFO("output: " << out.toStdString());
            FAIL("sanitized output is outside the allow-list");
        }
        // Idempotent: sanitizing safe output changes nothing that matters.
        REQUIRE(isAllowListed(HtmlSanitizer::sanitize(out)));
    }
    WARN("10,000 fragments in " << timer.elapsed() << " ms");
}

TEST_CASE("Sanitizer: scripts, styles and event handlers are gone, their text with them")
{
    const QString out = clean(QStringLiteral("hi<script>alert('x')</script><style>*{display:none}</style>"
                                             "<b onclick=\"steal()\">bold</b><img src=x onerror=alert(1)>"));
    CHECK_FALSE(out.contains(QLatin1String("alert")));
    CHECK_FALSE(out.contains(QLatin1String("display")));
    CHECK_FALSE(out.contains(QLatin1String("onclick")));
    CHECK_FALSE(out.contains(QLatin1String("onerror")));
    CHECK(out.startsWith(QLatin1String("hi<b>bold</b>")));
    CHECK(out.contains(QLatin1String("[image]")));
}

TEST_CASE("Sanitizer: only http, https, xmpp and mailto links survive")
{
    CHECK(clean("<a href=\"https://example.org/x?a=1&amp;b=2\">ok</a>") ==
          "<a href=\"https://example.org/x?a=1&amp;b=2\">ok</a>");
    CHECK(clean("<a href=\"xmpp:room@conference.localhost?join\">room</a>").startsWith("<a href=\"xmpp:"));
    CHECK(clean("<a href=\"mailto:bob@example.org\">mail</a>").startsWith("<a href=\"mailto:"));
    for (const char *bad : {"javascript:alert(1)", " javascript:alert(1)", "jav&#x09;ascript:alert(1)",
                            "JaVaScRiPt:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox",
                            "file:///etc/passwd", "//evil.test/", "http://", "ftp://x.test/"}) {
        const QString out = clean(QStringLiteral("<a href=\"%1\">click</a>").arg(QString::fromLatin1(bad)));
        INFO(bad);
        CHECK(out == "click");
    }
}

TEST_CASE("Sanitizer: no remote resources, alt text shown instead")
{
    const QString out = clean("<img src=\"http://tracker.test/p.gif\" alt=\"a cat\"><video src=http://x/v.mp4>"
                              "<iframe src=\"http://x\">inner</iframe><link rel=stylesheet href=http://x/s.css>");
    CHECK(out == "[image: a cat] ");
    CHECK_FALSE(out.contains(QLatin1String("src")));
}

TEST_CASE("Sanitizer: bidi overrides and zero-width characters become visible markers")
{
    const QString out = clean(QStringLiteral("invoice\u202Efdp.exe zero\u200Bwidth \uFEFFbom"));
    CHECK(out == "invoice[U+202E]fdp.exe zero[U+200B]width [U+FEFF]bom");
    // A zero-width joiner inside an emoji sequence is kept: the family stays one glyph.
    const QString family = QStringLiteral("\U0001F468\u200D\U0001F469\u200D\U0001F467");
    CHECK(clean(family) == family);
    CHECK(clean(QStringLiteral("a\u200Db")) == "a[U+200D]b");
}

TEST_CASE("Sanitizer: styles that hide or overlay are stripped, emphasis kept")
{
    const QString out = clean("<span style=\"font-weight: bold; position:fixed; color:white\">x</span>"
                              "<font color=\"#fff\" style=\"font-style:italic\">y</font>"
                              "<span style=\"display:none\">z</span>");
    CHECK(out == "<b>x</b><i>y</i>z");
}

TEST_CASE("Sanitizer: broken and mismatched markup is balanced")
{
    CHECK(clean("<b><i>x</b>y</i>") == "<b><i>x</i></b>y");
    CHECK(clean("<b>unclosed") == "<b>unclosed</b>");
    CHECK(clean("a < b > c & d") == "a &lt; b &gt; c &amp; d");
    CHECK(clean("<li>no list</li>") == "no list");
    CHECK(clean("<!-- hidden --><p>one</p><p>two</p>") == "one<br>two<br>");
    QString deep;
    for (int i = 0; i < 5000; ++i)
        deep += QStringLiteral("<b>");
    clean(deep + QStringLiteral("x"));
}

TEST_CASE("Sanitizer: plain URLs become links, text is escaped")
{
    CHECK(clean("see https://example.org/a.") == "see <a href=\"https://example.org/a\">https://example.org/a</a>.");
    CHECK(clean("www.example.org") == "<a href=\"http://www.example.org\">www.example.org</a>");
    CHECK(HtmlSanitizer::fromPlainText("1 < 2\nnext") == "1 &lt; 2<br>next");
}

TEST_CASE("Sanitizer: a 1 MB body is linear and can be cut for display")
{
    QString big;
    while (big.size() < 1024 * 1024)
        big += QStringLiteral("<b>lorem</b> ipsum <i>dolor</i> https://example.org/x ");
    QElapsedTimer timer;
    timer.start();
    const QString whole = HtmlSanitizer::sanitize(big);
    const qint64 ms = timer.elapsed();
    REQUIRE(isAllowListed(whole));
    CHECK(ms < 3000);
    HtmlSanitizer::Options options;
    options.maxTextLength = 20000;
    const QString cut = HtmlSanitizer::sanitize(big, options);
    REQUIRE(isAllowListed(cut));
    CHECK(cut.size() < 100000);
    CHECK(cut.contains(QLatin1String("more characters not shown")));
    WARN("1 MB sanitized in " << ms << " ms");
}
