// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/conversations/htmlallowlist.h"

#include "core/conversations/htmlsanitizer.h"

#include <QList>
#include <QStringList>
#include <QUrl>

namespace crosstalk::conversations {

namespace {

bool fail(QString *why, const QString &reason)
{
    if (why)
        *why = reason;
    return false;
}

} // namespace

bool isAllowListed(const QString &html, QString *why)
{
    static const QStringList paired = {QStringLiteral("b"),    QStringLiteral("i"),  QStringLiteral("u"),
                                       QStringLiteral("s"),    QStringLiteral("code"), QStringLiteral("pre"),
                                       QStringLiteral("blockquote"), QStringLiteral("ul"), QStringLiteral("ol"),
                                       QStringLiteral("li"),   QStringLiteral("a")};
    static const QStringList schemes = {QStringLiteral("http://"), QStringLiteral("https://"),
                                        QStringLiteral("xmpp:"), QStringLiteral("mailto:")};
    QStringList open;
    qsizetype i = 0;
    while (i < html.size()) {
        const QChar c = html[i];
        if (c == u'<') {
            const qsizetype gt = html.indexOf(u'>', i);
            if (gt < 0)
                return fail(why, QStringLiteral("unterminated tag at %1").arg(i));
            const QString tag = html.mid(i + 1, gt - i - 1);
            i = gt + 1;
            if (tag == u"br")
                continue;
            if (tag.startsWith(u'/')) {
                const QString name = tag.mid(1);
                if (open.isEmpty() || open.last() != name)
                    return fail(why, QStringLiteral("unbalanced </%1>").arg(name));
                open.removeLast();
                continue;
            }
            if (tag.startsWith(QLatin1String("a href=\""))) {
                if (!tag.endsWith(u'"'))
                    return fail(why, QStringLiteral("bad link tag"));
                const QString href = tag.mid(8, tag.size() - 9);
                if (href.contains(u'"') || href.contains(u'<') || href.contains(u'\'') || href.contains(u' '))
                    return fail(why, QStringLiteral("bad characters in href"));
                QString decoded = href;
                decoded.replace(QLatin1String("&amp;"), QLatin1String("&"));
                bool schemeOk = false;
                for (const QString &s : schemes)
                    schemeOk = schemeOk || decoded.startsWith(s, Qt::CaseInsensitive);
                if (!schemeOk || !HtmlSanitizer::isAllowedLink(decoded))
                    return fail(why, QStringLiteral("link not allowed: ") + decoded);
                if (open.contains(QStringLiteral("a")))
                    return fail(why, QStringLiteral("nested link"));
                open << QStringLiteral("a");
                continue;
            }
            if (!paired.contains(tag) || tag == u"a")
                return fail(why, QStringLiteral("tag not allowed: <%1>").arg(tag));
            open << tag;
            continue;
        }
        if (c == u'>' || c == u'"')
            return fail(why, QStringLiteral("raw '%1' in text at %2").arg(c).arg(i));
        if (c == u'&') {
            static const QStringList entities = {QStringLiteral("&lt;"), QStringLiteral("&gt;"),
                                                 QStringLiteral("&amp;"), QStringLiteral("&quot;")};
            bool known = false;
            for (const QString &e : entities) {
                if (QStringView(html).mid(i).startsWith(e)) {
                    i += e.size();
                    known = true;
                    break;
                }
            }
            if (!known)
                return fail(why, QStringLiteral("unknown entity at %1").arg(i));
            continue;
        }
        char32_t cp = c.unicode();
        qsizetype width = 1;
        if (c.isHighSurrogate() && i + 1 < html.size() && html[i + 1].isLowSurrogate()) {
            cp = QChar::surrogateToUcs4(c, html[i + 1]);
            width = 2;
        }
        if (cp == 0x200D) { // allowed only inside an emoji sequence
            if (i == 0 || i + 1 >= html.size() || html[i - 1].unicode() < 0x2000 || html[i + 1].unicode() < 0x2000)
                return fail(why, QStringLiteral("bare zero-width joiner at %1").arg(i));
        } else if (!HtmlSanitizer::visibleMarker(cp).isNull()) {
            return fail(why, QStringLiteral("invisible character U+%1 at %2").arg(uint(cp), 0, 16).arg(i));
        }
        if ((cp < 0x20 && cp != U'\n') || (cp >= 0x7F && cp < 0xA0))
            return fail(why, QStringLiteral("control character at %1").arg(i));
        i += width;
    }
    if (!open.isEmpty())
        return fail(why, QStringLiteral("unclosed <%1>").arg(open.last()));
    return true;
}

} // namespace crosstalk::conversations
