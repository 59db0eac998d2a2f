// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/conversations/htmlsanitizer.h"

#include <QHash>
#include <QList>
#include <QRegularExpression>
#include <QStringView>
#include <QUrl>

namespace crosstalk::conversations {

namespace {

// Elements whose whole content is dropped: code, styling, embedded documents and media.
bool dropsContent(QStringView name)
{
    static const QStringList names = {
        QStringLiteral("script"),   QStringLiteral("style"),  QStringLiteral("head"),
        QStringLiteral("title"),    QStringLiteral("iframe"), QStringLiteral("frame"),
        QStringLiteral("frameset"), QStringLiteral("object"), QStringLiteral("embed"),
        QStringLiteral("applet"),   QStringLiteral("svg"),    QStringLiteral("math"),
        QStringLiteral("template"), QStringLiteral("noscript"), QStringLiteral("noembed"),
        QStringLiteral("noframes"), QStringLiteral("textarea"), QStringLiteral("select"),
        QStringLiteral("audio"),    QStringLiteral("video"),  QStringLiteral("canvas"),
        QStringLiteral("xmp"),      QStringLiteral("plaintext")};
    for (const QString &n : names) {
        if (name.compare(n, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// The tag an allowed source element becomes ("" = keep the text only).
QString outputTagFor(const QString &name)
{
    static const QHash<QString, QString> map = {
        {QStringLiteral("b"), QStringLiteral("b")},          {QStringLiteral("strong"), QStringLiteral("b")},
        {QStringLiteral("h1"), QStringLiteral("b")},         {QStringLiteral("h2"), QStringLiteral("b")},
        {QStringLiteral("h3"), QStringLiteral("b")},         {QStringLiteral("h4"), QStringLiteral("b")},
        {QStringLiteral("h5"), QStringLiteral("b")},         {QStringLiteral("h6"), QStringLiteral("b")},
        {QStringLiteral("i"), QStringLiteral("i")},          {QStringLiteral("em"), QStringLiteral("i")},
        {QStringLiteral("cite"), QStringLiteral("i")},       {QStringLiteral("u"), QStringLiteral("u")},
        {QStringLiteral("ins"), QStringLiteral("u")},        {QStringLiteral("s"), QStringLiteral("s")},
        {QStringLiteral("strike"), QStringLiteral("s")},     {QStringLiteral("del"), QStringLiteral("s")},
        {QStringLiteral("code"), QStringLiteral("code")},    {QStringLiteral("tt"), QStringLiteral("code")},
        {QStringLiteral("kbd"), QStringLiteral("code")},     {QStringLiteral("samp"), QStringLiteral("code")},
        {QStringLiteral("pre"), QStringLiteral("pre")},      {QStringLiteral("blockquote"), QStringLiteral("blockquote")},
        {QStringLiteral("ul"), QStringLiteral("ul")},        {QStringLiteral("ol"), QStringLiteral("ol")},
        {QStringLiteral("li"), QStringLiteral("li")}};
    return map.value(name);
}

QString escapeText(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        switch (c.unicode()) {
        case '<': out += QLatin1String("&lt;"); break;
        case '>': out += QLatin1String("&gt;"); break;
        case '&': out += QLatin1String("&amp;"); break;
        case '"': out += QLatin1String("&quot;"); break;
        default: out += c;
        }
    }
    return out;
}

char32_t namedEntity(QStringView name)
{
    static const QHash<QString, char32_t> entities = {
        {QStringLiteral("lt"), U'<'},        {QStringLiteral("gt"), U'>'},      {QStringLiteral("amp"), U'&'},
        {QStringLiteral("quot"), U'"'},      {QStringLiteral("apos"), U'\''},   {QStringLiteral("nbsp"), 0xA0},
        {QStringLiteral("copy"), 0xA9},      {QStringLiteral("reg"), 0xAE},     {QStringLiteral("hellip"), 0x2026},
        {QStringLiteral("mdash"), 0x2014},   {QStringLiteral("ndash"), 0x2013}, {QStringLiteral("laquo"), 0xAB},
        {QStringLiteral("raquo"), 0xBB},     {QStringLiteral("deg"), 0xB0},     {QStringLiteral("euro"), 0x20AC},
        {QStringLiteral("shy"), 0xAD},       {QStringLiteral("zwj"), 0x200D},   {QStringLiteral("zwnj"), 0x200C},
        {QStringLiteral("lrm"), 0x200E},     {QStringLiteral("rlm"), 0x200F}};
    return entities.value(name.toString(), 0);
}

// Decodes character references; unknown ones stay literal.
QString decodeEntities(QStringView in)
{
    QString out;
    out.reserve(in.size());
    qsizetype i = 0;
    while (i < in.size()) {
        const QChar c = in[i];
        if (c != u'&') {
            out += c;
            ++i;
            continue;
        }
        const qsizetype semi = in.indexOf(u';', i + 1);
        if (semi < 0 || semi - i > 12) {
            out += c;
            ++i;
            continue;
        }
        const QStringView ref = in.mid(i + 1, semi - i - 1);
        char32_t cp = 0;
        if (ref.startsWith(u'#')) {
            bool ok = false;
            const qulonglong v = (ref.size() > 1 && (ref[1] == u'x' || ref[1] == u'X'))
                                     ? ref.mid(2).toULongLong(&ok, 16)
                                     : ref.mid(1).toULongLong(&ok, 10);
            if (ok)
                cp = (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) ? 0xFFFD : char32_t(v);
        } else {
            cp = namedEntity(ref);
        }
        if (!cp) {
            out += c;
            ++i;
            continue;
        }
        const char32_t one[] = {cp};
        out += QString::fromUcs4(one, 1);
        i = semi + 1;
    }
    return out;
}

struct Tag
{
    QString name; // lower case
    bool end = false;
    bool selfClosing = false;
    QList<std::pair<QString, QString>> attributes;
};

// Parses the tag at in[pos] == '<'. Returns the index after '>' or -1 when it is not a tag.
qsizetype parseTag(QStringView in, qsizetype pos, Tag &tag)
{
    qsizetype i = pos + 1;
    if (i < in.size() && in[i] == u'/') {
        tag.end = true;
        ++i;
    }
    const qsizetype nameStart = i;
    while (i < in.size() && (in[i].isLetterOrNumber() && in[i].unicode() < 128))
        ++i;
    if (i == nameStart || !in[nameStart].isLetter())
        return -1;
    tag.name = in.mid(nameStart, i - nameStart).toString().toLower();
    while (i < in.size()) {
        const QChar c = in[i];
        if (c == u'>')
            return i + 1;
        if (c == u'/' && i + 1 < in.size() && in[i + 1] == u'>') {
            tag.selfClosing = true;
            return i + 2;
        }
        if (c.isSpace() || c == u'/') {
            ++i;
            continue;
        }
        const qsizetype attrStart = i;
        while (i < in.size() && !in[i].isSpace() && in[i] != u'=' && in[i] != u'>' && in[i] != u'/')
            ++i;
        QString name = in.mid(attrStart, i - attrStart).toString().toLower();
        if (name.isEmpty()) { // a stray '=' or similar
            ++i;
            continue;
        }
        while (i < in.size() && in[i].isSpace())
            ++i;
        QString value;
        if (i < in.size() && in[i] == u'=') {
            ++i;
            while (i < in.size() && in[i].isSpace())
                ++i;
            if (i < in.size() && (in[i] == u'"' || in[i] == u'\'')) {
                const QChar quote = in[i];
                const qsizetype close = in.indexOf(quote, i + 1);
                if (close < 0)
                    return -1;
                value = in.mid(i + 1, close - i - 1).toString();
                i = close + 1;
            } else {
                const qsizetype valueStart = i;
                while (i < in.size() && !in[i].isSpace() && in[i] != u'>')
                    ++i;
                value = in.mid(valueStart, i - valueStart).toString();
            }
        }
        if (tag.attributes.size() < 32)
            tag.attributes.append({name, decodeEntities(value)});
    }
    return -1;
}

QString attribute(const Tag &tag, const QString &name)
{
    for (const auto &[key, value] : tag.attributes) {
        if (key == name)
            return value;
    }
    return {};
}

// Bold/italic/underline/strike from an inline style; nothing else of CSS survives.
QStringList tagsFromStyle(const QString &style)
{
    QStringList tags;
    const QString s = style.toLower();
    static const QRegularExpression bold(QStringLiteral("font-weight\\s*:\\s*(bold|[6-9]00)"));
    static const QRegularExpression italic(QStringLiteral("font-style\\s*:\\s*(italic|oblique)"));
    static const QRegularExpression under(QStringLiteral("text-decoration[^;]*underline"));
    static const QRegularExpression strike(QStringLiteral("text-decoration[^;]*line-through"));
    if (bold.match(s).hasMatch())
        tags << QStringLiteral("b");
    if (italic.match(s).hasMatch())
        tags << QStringLiteral("i");
    if (under.match(s).hasMatch())
        tags << QStringLiteral("u");
    if (strike.match(s).hasMatch())
        tags << QStringLiteral("s");
    return tags;
}

// Around a zero-width joiner that builds an emoji sequence (family, flags, professions).
bool isEmojiPart(char32_t cp)
{
    return cp >= 0x2100 && cp != 0xFFFD && cp != 0xFFFE && cp != 0xFFFF && HtmlSanitizer::visibleMarker(cp).isNull();
}

// The href as written: percent-encoded by QUrl, with the quote characters QUrl leaves alone
// encoded as well, then escaped for the attribute.
QString hrefAttribute(const QString &url)
{
    QString encoded = QString::fromLatin1(QUrl(url, QUrl::StrictMode).toEncoded());
    encoded.replace(u'\'', QLatin1String("%27"));
    return escapeText(encoded);
}

class Writer
{
public:
    explicit Writer(const HtmlSanitizer::Options &options) : m_options(options) {}

    void run(QStringView in)
    {
        qsizetype i = 0;
        while (i < in.size() && !m_full) {
            if (in[i] == u'<') {
                i = markup(in, i);
                continue;
            }
            qsizetype next = in.indexOf(u'<', i + 1);
            if (next < 0)
                next = in.size();
            text(decodeEntities(in.mid(i, next - i)));
            i = next;
        }
        if (m_full) {
            m_out += QStringLiteral(" … [%1 more characters not shown]").arg(in.size() - i + m_cutInText);
        }
        while (!m_stack.isEmpty())
            pop();
    }

    QString result() const { return m_out; }

private:
    struct Open
    {
        QString source;
        QStringList output; // tags written for it, closed in reverse
    };

    qsizetype markup(QStringView in, qsizetype pos)
    {
        if (in.mid(pos).startsWith(u"<!--")) {
            const qsizetype end = in.indexOf(u"-->", pos + 4);
            return end < 0 ? in.size() : end + 3;
        }
        if (pos + 1 < in.size() && (in[pos + 1] == u'!' || in[pos + 1] == u'?')) {
            const qsizetype end = in.indexOf(u'>', pos + 2);
            return end < 0 ? in.size() : end + 1;
        }
        Tag tag;
        const qsizetype after = parseTag(in, pos, tag);
        if (after < 0) { // not a tag: a literal '<'
            text(QStringLiteral("<"));
            return pos + 1;
        }
        if (!tag.end && dropsContent(tag.name)) {
            if (tag.selfClosing)
                return after;
            // Everything up to the matching end tag goes, tags inside included.
            const QString close = QStringLiteral("</") + tag.name;
            const qsizetype end = in.indexOf(close, after, Qt::CaseInsensitive);
            if (end < 0)
                return in.size();
            const qsizetype gt = in.indexOf(u'>', end);
            return gt < 0 ? in.size() : gt + 1;
        }
        if (tag.end)
            endTag(tag.name);
        else
            startTag(tag);
        return after;
    }

    void startTag(const Tag &tag)
    {
        const QString &name = tag.name;
        if (name == u"br") {
            m_out += QLatin1String("<br>");
            return;
        }
        if (name == u"img" || name == u"image" || name == u"input") {
            QString alt = attribute(tag, QStringLiteral("alt")).simplified().left(80);
            text(alt.isEmpty() ? QStringLiteral("[image] ") : QStringLiteral("[image: %1] ").arg(alt));
            return;
        }
        if (tag.selfClosing)
            return;
        if (name == u"p" || name == u"div") {
            lineBreakIfText();
            return;
        }
        Open open{name, {}};
        if (name == u"a") {
            const QString href = attribute(tag, QStringLiteral("href")).trimmed();
            if (!insideLink() && HtmlSanitizer::isAllowedLink(href)) {
                m_out += QLatin1String("<a href=\"") + hrefAttribute(href) + QLatin1String("\">");
                open.output << QStringLiteral("a");
            }
        } else if (name == u"span" || name == u"font") {
            open.output = tagsFromStyle(attribute(tag, QStringLiteral("style")));
            for (const QString &t : open.output)
                m_out += u'<' + t + u'>';
        } else {
            const QString out = outputTagFor(name);
            if (!out.isEmpty()) {
                if (out == u"li" && !insideList())
                    return;
                m_out += u'<' + out + u'>';
                open.output << out;
            }
        }
        if (open.output.isEmpty() && name != u"a" && name != u"span" && name != u"font")
            return; // an unknown element: keep its text, forget the tag
        if (m_stack.size() >= kMaxDepth) {
            // Too deep: undo what was written for it and keep the text only.
            for (auto it = open.output.crbegin(); it != open.output.crend(); ++it)
                m_out += QLatin1String("</") + *it + u'>';
            return;
        }
        m_stack.append(open);
    }

    void endTag(const QString &name)
    {
        if (name == u"p" || name == u"div") {
            lineBreakIfText();
            return;
        }
        // Only look a little way down the stack, so mismatched tags cost O(1) each.
        const qsizetype lowest = std::max<qsizetype>(0, m_stack.size() - kSearchDepth);
        for (qsizetype k = m_stack.size() - 1; k >= lowest; --k) {
            if (m_stack[k].source == name) {
                while (m_stack.size() > k)
                    pop();
                return;
            }
        }
    }

    void pop()
    {
        const Open open = m_stack.takeLast();
        for (auto it = open.output.crbegin(); it != open.output.crend(); ++it)
            m_out += QLatin1String("</") + *it + u'>';
    }

    bool insideLink() const
    {
        for (const Open &o : m_stack) {
            if (o.output.contains(QStringLiteral("a")))
                return true;
        }
        return false;
    }

    bool insideList() const
    {
        for (auto it = m_stack.crbegin(); it != m_stack.crend(); ++it) {
            if (it->output.contains(QStringLiteral("ul")) || it->output.contains(QStringLiteral("ol")))
                return true;
        }
        return false;
    }

    bool insidePre() const
    {
        for (const Open &o : m_stack) {
            if (o.output.contains(QStringLiteral("pre")))
                return true;
        }
        return false;
    }

    void lineBreakIfText()
    {
        if (m_textWritten && !m_out.endsWith(QLatin1String("<br>")))
            m_out += QLatin1String("<br>");
    }

    void text(const QString &decoded)
    {
        if (decoded.isEmpty())
            return;
        if (m_options.linkify && !insideLink()) {
            static const QRegularExpression url(
                QStringLiteral("\\b(?:(?:https?://|www\\.)[^\\s<>\"']+|xmpp:[^\\s<>\"']+|mailto:[^\\s<>\"']+)"),
                QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
            qsizetype done = 0;
            auto it = url.globalMatch(decoded);
            while (it.hasNext()) {
                const QRegularExpressionMatch m = it.next();
                QString link = m.captured(0);
                while (!link.isEmpty() && QStringLiteral(".,;:!?)]}'").contains(link.back()))
                    link.chop(1);
                const QString target = link.startsWith(QLatin1String("www."), Qt::CaseInsensitive)
                                           ? QStringLiteral("http://") + link
                                           : link;
                if (link.isEmpty() || !HtmlSanitizer::isAllowedLink(target))
                    continue;
                plain(QStringView(decoded).mid(done, m.capturedStart(0) - done));
                m_out += QLatin1String("<a href=\"") + hrefAttribute(target) + QLatin1String("\">");
                plain(link);
                m_out += QLatin1String("</a>");
                done = m.capturedStart(0) + link.size();
            }
            plain(QStringView(decoded).mid(done));
            return;
        }
        plain(decoded);
    }

    void plain(QStringView s)
    {
        const bool pre = insidePre();
        const QList<uint> cps = s.toUcs4();
        for (qsizetype k = 0; k < cps.size(); ++k) {
            if (m_options.maxTextLength > 0 && m_textLength >= m_options.maxTextLength) {
                m_full = true;
                m_cutInText = cps.size() - k;
                return;
            }
            const char32_t cp = cps[k];
            if (cp == U'\n' || cp == 0x2028 || cp == 0x2029) {
                m_out += pre && cp == U'\n' ? QStringLiteral("\n") : QStringLiteral("<br>");
                continue;
            }
            if (cp == U'\t') {
                m_out += u' ';
                continue;
            }
            if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xFFFE || cp == 0xFFFF)
                continue;
            if (cp == 0x200D && k > 0 && k + 1 < cps.size() && isEmojiPart(cps[k - 1]) && isEmojiPart(cps[k + 1])) {
                m_out += QChar(0x200D); // joins an emoji sequence
                continue;
            }
            const QString marker = HtmlSanitizer::visibleMarker(cp);
            if (!marker.isNull()) {
                m_out += marker;
                m_textLength += marker.size();
                m_textWritten = true;
                continue;
            }
            switch (cp) {
            case U'<': m_out += QLatin1String("&lt;"); break;
            case U'>': m_out += QLatin1String("&gt;"); break;
            case U'&': m_out += QLatin1String("&amp;"); break;
            case U'"': m_out += QLatin1String("&quot;"); break;
            default: {
                const char32_t one[] = {cp};
                m_out += QString::fromUcs4(one, 1);
            }
            }
            ++m_textLength;
            m_textWritten = true;
        }
    }

    static constexpr qsizetype kMaxDepth = 32;
    static constexpr qsizetype kSearchDepth = 64;

    const HtmlSanitizer::Options &m_options;
    QString m_out;
    QList<Open> m_stack;
    qsizetype m_textLength = 0;
    qsizetype m_cutInText = 0;
    bool m_textWritten = false;
    bool m_full = false;
};

} // namespace

QString HtmlSanitizer::sanitize(const QString &html, const Options &options)
{
    Writer writer(options);
    writer.run(html);
    return writer.result();
}

QString HtmlSanitizer::fromPlainText(const QString &text)
{
    QString escaped;
    escaped.reserve(text.size() + 16);
    for (QChar c : text) {
        switch (c.unicode()) {
        case '<': escaped += QLatin1String("&lt;"); break;
        case '>': escaped += QLatin1String("&gt;"); break;
        case '&': escaped += QLatin1String("&amp;"); break;
        default: escaped += c;
        }
    }
    return sanitize(escaped);
}

bool HtmlSanitizer::isAllowedLink(const QString &url)
{
    if (url.isEmpty() || url.size() > 4096)
        return false;
    for (QChar c : url) {
        if (c.unicode() <= 0x20 || c.isSpace() || !c.isPrint() || !visibleMarker(c.unicode()).isNull())
            return false;
    }
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid())
        return false;
    const QString scheme = parsed.scheme().toLower();
    if (scheme == u"http" || scheme == u"https")
        return !parsed.host().isEmpty();
    if (scheme == u"xmpp" || scheme == u"mailto")
        return !parsed.path().isEmpty();
    return false;
}

QString HtmlSanitizer::visibleMarker(char32_t cp)
{
    const bool hidden = (cp >= 0x200B && cp <= 0x200F)   // zero-width space/joiners, LRM/RLM
                        || (cp >= 0x202A && cp <= 0x202E) // embeddings and overrides
                        || (cp >= 0x2060 && cp <= 0x2064) // word joiner, invisible operators
                        || (cp >= 0x2066 && cp <= 0x2069) // isolates
                        || cp == 0x061C || cp == 0x180E || cp == 0xFEFF || cp == 0x00AD || cp == 0x034F ||
                        (cp >= 0xE0000 && cp <= 0xE007F); // tag characters ("ASCII smuggling")
    if (!hidden)
        return {};
    return QStringLiteral("[U+%1]").arg(QString::number(uint(cp), 16).toUpper().rightJustified(4, u'0'));
}

} // namespace crosstalk::conversations
