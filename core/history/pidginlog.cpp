// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/history/pidginlog.h"

#include "core/store/plaintext.h"

#include <QRegularExpression>
#include <QStringDecoder>
#include <QTimeZone>

namespace crosstalk::history {

namespace {

// "(10:11:15 AM)", "(22:11:15)", "(03/02/2012 10:11:15 AM)", "(2012-03-02 10:11:15)", "(02.03.2012 10:11:15)"
const QString kStamp = QStringLiteral("\\((?:(\\d{1,4})[/.\\-](\\d{1,2})[/.\\-](\\d{1,4}) "
                                      ")?(\\d{1,2}):(\\d{2}):(\\d{2})(?: ?([AaPp])\\.?[Mm]\\.?)?\\)");

struct Stamp
{
    std::optional<QDate> date;
    QTime time;
};

std::optional<Stamp> parseStamp(const QRegularExpressionMatch &m, int first)
{
    int hour = m.captured(first + 3).toInt();
    const QString meridiem = m.captured(first + 6).toLower();
    if (meridiem == u"p" && hour < 12)
        hour += 12;
    else if (meridiem == u"a" && hour == 12)
        hour = 0;
    Stamp stamp;
    stamp.time = QTime(hour, m.captured(first + 4).toInt(), m.captured(first + 5).toInt());
    if (!stamp.time.isValid())
        return std::nullopt;
    if (!m.captured(first).isEmpty()) {
        const int a = m.captured(first).toInt(), b = m.captured(first + 1).toInt(),
                  c = m.captured(first + 2).toInt();
        QDate date;
        if (m.captured(first).size() == 4)
            date = QDate(a, b, c); // ISO
        else if (m.captured(0).contains(u'.'))
            date = QDate(c < 100 ? 2000 + c : c, b, a); // day.month.year
        else
            date = QDate(c < 100 ? 2000 + c : c, a, b); // US month/day/year
        if (date.isValid())
            stamp.date = date;
    }
    return stamp;
}

/// Places time-of-day stamps on the calendar: a log spans midnight when the clock goes back.
class Clock
{
public:
    explicit Clock(const QDateTime &start)
        : m_start(start)
        , m_day(start.date())
        , m_last(start.time())
    {}

    QDateTime place(const Stamp &stamp)
    {
        if (stamp.date) {
            m_day = *stamp.date;
        } else if (m_last.secsTo(stamp.time) < -3600) {
            m_day = m_day.addDays(1);
        }
        m_last = stamp.time;
        const QDateTime t = m_start.timeSpec() == Qt::LocalTime
                                ? QDateTime(m_day, stamp.time)
                                : QDateTime(m_day, stamp.time, m_start.timeZone());
        return t.toUTC();
    }

private:
    QDateTime m_start;
    QDate m_day;
    QTime m_last;
};

QString stripAutoReply(QString sender, bool *autoReply)
{
    for (const QString &tag : {QStringLiteral(" <AUTO-REPLY>"), QStringLiteral(" &lt;AUTO-REPLY&gt;")}) {
        if (sender.endsWith(tag)) {
            sender.chop(tag.size());
            *autoReply = true;
        }
    }
    return sender;
}

bool isOwn(const QString &sender, const QStringList &ownNames)
{
    for (const QString &name : ownNames) {
        if (!name.isEmpty() && sender.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

std::optional<QList<PidginLogMessage>> parseHtml(const QString &text, const PidginLogLocation &where,
                                                 const QStringList &ownNames)
{
    // One message per line: <font color="#16569E"><font size="2">(T)</font> <b>Sender:</b></font> body<br/>
    static const QRegularExpression line(
        QStringLiteral("^(?:<font color=\"(#[0-9A-Fa-f]{6})\">)?<font size=\"2\">") + kStamp +
        QStringLiteral("</font>(.*)$"));
    static const QRegularExpression sender(QStringLiteral("^ ?<b>(.*?)(:)?</b>(?:</font>)? ?(.*)$"));
    QList<PidginLogMessage> messages;
    Clock clock(where.start);
    PidginLogMessage *open = nullptr; // a message whose body continues on the next lines
    for (const QString &raw : text.split(u'\n')) {
        const auto m = line.match(raw);
        if (!m.hasMatch()) {
            if (open && !raw.isEmpty() && !raw.startsWith(u"</body>") && !raw.startsWith(u"<html>"))
                open->body += u'\n' + raw;
            continue;
        }
        open = nullptr;
        const auto stamp = parseStamp(m, 2);
        const auto s = sender.match(m.captured(9));
        if (!stamp || !s.hasMatch() || s.captured(2).isEmpty()) // no "Sender:" → a system line
            continue;
        PidginLogMessage message;
        message.time = clock.place(*stamp);
        message.sender = store::decodeEntities(stripAutoReply(s.captured(1).trimmed(), &message.autoReply));
        message.body = s.captured(3);
        if (message.body.endsWith(u"<br/>"))
            message.body.chop(5);
        const QString color = m.captured(1).toUpper();
        message.outgoing = color == u"#16569E" || (color != u"#A82F2F" && isOwn(message.sender, ownNames));
        messages.append(message);
        open = &messages.last();
    }
    for (auto &message : messages) {
        if (message.body.endsWith(u"<br/>"))
            message.body.chop(5);
    }
    return messages;
}

std::optional<QList<PidginLogMessage>> parseText(const QString &text, const PidginLogLocation &where,
                                                 const QStringList &ownNames)
{
    static const QRegularExpression line(QStringLiteral("^") + kStamp + QStringLiteral(" (.*)$"));
    QList<PidginLogMessage> messages;
    Clock clock(where.start);
    bool inMessage = false;
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 1; i < lines.size(); ++i) { // line 0 is the "Conversation with" header
        QString raw = lines[i];
        if (raw.endsWith(u'\r'))
            raw.chop(1);
        const auto m = line.match(raw);
        if (!m.hasMatch()) {
            if (inMessage && !messages.isEmpty())
                messages.last().body += u'\n' + raw;
            continue;
        }
        inMessage = false;
        const auto stamp = parseStamp(m, 1);
        const QString rest = m.captured(8);
        const qsizetype colon = rest.indexOf(QStringLiteral(": "));
        if (!stamp || colon <= 0 || rest.startsWith(u"***"))
            continue; // system lines have no "Sender:"; /me actions have no reliable sender
        PidginLogMessage message;
        message.time = clock.place(*stamp);
        message.sender = stripAutoReply(rest.left(colon), &message.autoReply);
        message.body = rest.mid(colon + 2);
        message.outgoing = isOwn(message.sender, ownNames);
        messages.append(message);
        inMessage = true;
    }
    for (auto &message : messages) {
        while (message.body.endsWith(u'\n'))
            message.body.chop(1);
    }
    return messages;
}

} // namespace

std::optional<PidginLogLocation> locatePidginLog(const QString &relativePath, QString *error)
{
    const QStringList parts = relativePath.split(u'/', Qt::SkipEmptyParts);
    if (parts.size() != 4) {
        if (error)
            *error = QStringLiteral("not in logs/<protocol>/<account>/<buddy>/");
        return std::nullopt;
    }
    PidginLogLocation where;
    where.protocolFolder = parts[0];
    where.account = parts[1];
    where.peer = parts[2];
    where.system = where.peer == u".system";
    if (where.peer.endsWith(u".chat")) {
        where.chat = true;
        where.peer.chop(5);
    }
    const QString file = parts[3];
    where.html = file.endsWith(u".html", Qt::CaseInsensitive) || file.endsWith(u".htm", Qt::CaseInsensitive);
    static const QRegularExpression name(
        QStringLiteral("^(\\d{4})-(\\d{2})-(\\d{2})\\.(\\d{2})(\\d{2})(\\d{2})(?:([+-])(\\d{2})(\\d{2})[^.]*)"
                       "?\\.(?:html?|txt)$"));
    const auto m = name.match(file);
    if (!m.hasMatch()) {
        if (error)
            *error = QStringLiteral("not a Pidgin log file name");
        return std::nullopt;
    }
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt());
    if (!date.isValid() || !time.isValid()) {
        if (error)
            *error = QStringLiteral("impossible date in the file name");
        return std::nullopt;
    }
    if (m.captured(7).isEmpty()) {
        where.start = QDateTime(date, time); // old logs: local time
    } else {
        const int offset =
            (m.captured(8).toInt() * 3600 + m.captured(9).toInt() * 60) * (m.captured(7) == u"-" ? -1 : 1);
        where.start = QDateTime(date, time, QTimeZone(offset));
    }
    return where;
}

std::optional<QList<PidginLogMessage>> parsePidginLog(const QByteArray &content,
                                                      const PidginLogLocation &where,
                                                      const QStringList &ownNames, QString *error)
{
    auto decoder = QStringDecoder(QStringDecoder::Utf8);
    const QString text = decoder(content);
    if (decoder.hasError() || content.contains('\0')) {
        if (error)
            *error = QStringLiteral("not UTF-8 text");
        return std::nullopt;
    }
    const bool header = where.html ? text.left(1024).contains(QStringLiteral("<title>Conversation with "))
                                   : text.startsWith(QStringLiteral("Conversation with "));
    if (!header) {
        if (error)
            *error = QStringLiteral("no \"Conversation with\" header");
        return std::nullopt;
    }
    return where.html ? parseHtml(text, where, ownNames) : parseText(text, where, ownNames);
}

} // namespace crosstalk::history
