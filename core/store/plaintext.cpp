// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/plaintext.h"

namespace crosstalk::store {

namespace {

bool isLineBreakTag(QStringView tag)
{
    // tag is the text between '<' and '>', e.g. "br/", "/p", "div class=x"
    qsizetype end = 0;
    const bool closing = tag.startsWith(u'/');
    const QStringView name = tag.mid(closing ? 1 : 0);
    while (end < name.size() && name[end].isLetterOrNumber())
        ++end;
    const QStringView n = name.left(end);
    if (n.compare(u"br", Qt::CaseInsensitive) == 0)
        return true;
    return closing &&
           (n.compare(u"p", Qt::CaseInsensitive) == 0 || n.compare(u"div", Qt::CaseInsensitive) == 0);
}

} // namespace

QString decodeEntities(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c != u'&') {
            out.append(c);
            continue;
        }
        const qsizetype semi = text.indexOf(u';', i + 1);
        if (semi < 0 || semi - i > 10) {
            out.append(c);
            continue;
        }
        const QStringView name = text.mid(i + 1, semi - i - 1);
        QString decoded;
        if (name == u"amp")
            decoded = QStringLiteral("&");
        else if (name == u"lt")
            decoded = QStringLiteral("<");
        else if (name == u"gt")
            decoded = QStringLiteral(">");
        else if (name == u"quot")
            decoded = QStringLiteral("\"");
        else if (name == u"apos")
            decoded = QStringLiteral("'");
        else if (name == u"nbsp")
            decoded = QStringLiteral(" ");
        else if (name.startsWith(u'#')) {
            bool ok = false;
            const uint code = name.size() > 1 && (name[1] == u'x' || name[1] == u'X')
                                  ? name.mid(2).toUInt(&ok, 16)
                                  : name.mid(1).toUInt(&ok, 10);
            if (ok && code > 0 && code <= 0x10FFFF) {
                const char32_t cp = code;
                decoded = QString::fromUcs4(&cp, 1);
            }
        }
        if (decoded.isNull()) {
            out.append(c);
            continue;
        }
        out.append(decoded);
        i = semi;
    }
    return out;
}

QString htmlToPlainText(QStringView html)
{
    if (!html.contains(u'<') && !html.contains(u'&'))
        return html.trimmed().toString();
    QString text;
    text.reserve(html.size());
    qsizetype i = 0;
    while (i < html.size()) {
        const QChar c = html[i];
        if (c == u'<') {
            const qsizetype close = html.indexOf(u'>', i + 1);
            if (close < 0) {
                text.append(html.mid(i));
                break;
            }
            if (isLineBreakTag(html.mid(i + 1, close - i - 1)))
                text.append(u'\n');
            i = close + 1;
            continue;
        }
        text.append(c);
        ++i;
    }
    return decodeEntities(text).trimmed();
}

} // namespace crosstalk::store
