// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/remotecli.h"

#include "app/remotecontrol.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusInterface>
#include <QDBusReply>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <cstdio>
#include <cstring>

namespace crosstalk::app {

namespace {

const char *kUsage =
    "usage: crosstalk remote <command> [arguments]\n"
    "  version                          interface version of the running instance\n"
    "  status                           print the global status and its message\n"
    "  status <status> [message]        set it: available, away, busy, invisible, offline\n"
    "  accounts                         list accounts (JSON)\n"
    "  people                           list people with their presence (JSON)\n"
    "  open <account-id> <handle>       open a conversation\n"
    "  send <account-id> <handle> <text...>  send a message\n"
    "  add-account <protocol> <username> [key=value ...]\n"
    "                                   add and enable an account; the password is read from\n"
    "                                   standard input (first line) and kept in the keyring\n"
    "  call <account-id> <handle>       call a buddy (the call window opens)\n"
    "  calls                            list calls (JSON)\n"
    "  hangup                           hang up, decline or cancel every call\n";

void out(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
}

int fail(const QString &text, int code = 1)
{
    std::fprintf(stderr, "crosstalk remote: %s\n", text.toUtf8().constData());
    return code;
}

template <typename T>
int check(const QDBusReply<T> &reply)
{
    if (!reply.isValid())
        return fail(reply.error().message(), reply.error().type() == QDBusError::ServiceUnknown ? 3 : 1);
    return 0;
}

} // namespace

bool isRemoteCommand(int argc, char **argv)
{
    return argc >= 2 && std::strcmp(argv[1], "remote") == 0;
}

int runRemoteCommand(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(2);
    if (args.isEmpty() || args[0] == QLatin1String("--help") || args[0] == QLatin1String("-h")) {
        std::fputs(kUsage, args.isEmpty() ? stderr : stdout);
        return args.isEmpty() ? 2 : 0;
    }
    QDBusInterface remote(RemoteControl::serviceName(), RemoteControl::objectPath(), RemoteControl::interfaceName(),
                          QDBusConnection::sessionBus());
    if (!remote.isValid())
        return fail(QStringLiteral("no running Crosstalk on the session bus (%1)").arg(remote.lastError().message()), 3);
    const QString command = args.takeFirst();

    if (command == QLatin1String("version")) {
        out(remote.property("Version").toString());
        return 0;
    }
    if (command == QLatin1String("status") && args.isEmpty()) {
        QDBusReply<QString> status = remote.call(QStringLiteral("GetStatus"));
        QDBusReply<QString> message = remote.call(QStringLiteral("GetStatusMessage"));
        if (int rc = check(status); rc)
            return rc;
        out(message.value().isEmpty() ? status.value() : status.value() + QLatin1Char('\t') + message.value());
        return 0;
    }
    if (command == QLatin1String("status")) {
        const QString kind = args.takeFirst();
        QDBusReply<bool> ok = remote.call(QStringLiteral("SetStatus"), kind, args.join(QLatin1Char(' ')));
        if (int rc = check(ok); rc)
            return rc;
        return ok.value() ? 0 : fail(QStringLiteral("unknown status: ") + kind, 2);
    }
    if (command == QLatin1String("accounts") || command == QLatin1String("people")) {
        QDBusReply<QString> list =
            remote.call(command == QLatin1String("accounts") ? QStringLiteral("ListAccounts") : QStringLiteral("ListPeople"));
        if (int rc = check(list); rc)
            return rc;
        out(QString::fromUtf8(QJsonDocument::fromJson(list.value().toUtf8()).toJson(QJsonDocument::Indented)).trimmed());
        return 0;
    }
    if (command == QLatin1String("open") && args.size() == 2) {
        QDBusReply<bool> ok = remote.call(QStringLiteral("OpenConversation"), args[0].toLongLong(), args[1]);
        if (int rc = check(ok); rc)
            return rc;
        return ok.value() ? 0 : fail(QStringLiteral("no such account"));
    }
    if (command == QLatin1String("send") && args.size() >= 3) {
        const qlonglong account = args.takeFirst().toLongLong();
        const QString handle = args.takeFirst();
        QDBusReply<QString> result = remote.call(QStringLiteral("SendMessage"), account, handle, args.join(QLatin1Char(' ')));
        if (int rc = check(result); rc)
            return rc;
        out(result.value());
        return result.value() == QLatin1String("sent") ? 0 : 1;
    }
    if (command == QLatin1String("call") && args.size() == 2) {
        QDBusReply<QString> result = remote.call(QStringLiteral("Call"), args[0].toLongLong(), args[1]);
        if (int rc = check(result); rc)
            return rc;
        out(result.value());
        return result.value() == QLatin1String("calling") ? 0 : 1;
    }
    if (command == QLatin1String("calls") && args.isEmpty()) {
        QDBusReply<QString> list = remote.call(QStringLiteral("ListCalls"));
        if (int rc = check(list); rc)
            return rc;
        out(QString::fromUtf8(QJsonDocument::fromJson(list.value().toUtf8()).toJson(QJsonDocument::Indented)).trimmed());
        return 0;
    }
    if (command == QLatin1String("hangup") && args.isEmpty()) {
        QDBusReply<int> count = remote.call(QStringLiteral("HangUp"));
        if (int rc = check(count); rc)
            return rc;
        out(QString::number(count.value()));
        return 0;
    }
    if (command == QLatin1String("add-account") && args.size() >= 2) {
        const QString protocol = args.takeFirst();
        const QString username = args.takeFirst();
        QJsonObject settings;
        for (const QString &pair : std::as_const(args)) {
            const QString key = pair.section(QLatin1Char('='), 0, 0);
            const QString value = pair.section(QLatin1Char('='), 1);
            bool isInt = false;
            const int number = value.toInt(&isInt);
            if (isInt)
                settings.insert(key, number);
            else if (value == QLatin1String("true") || value == QLatin1String("false"))
                settings.insert(key, value == QLatin1String("true"));
            else
                settings.insert(key, value);
        }
        // The password never appears on the command line (ps would show it).
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read the password from standard input"));
        const QString password = QString::fromUtf8(in.readLine()).remove(QLatin1Char('\n')).remove(QLatin1Char('\r'));
        QDBusReply<qlonglong> id = remote.call(QStringLiteral("AddAccount"), protocol, username,
                                               QString::fromUtf8(QJsonDocument(settings).toJson(QJsonDocument::Compact)),
                                               password);
        if (int rc = check(id); rc)
            return rc;
        if (id.value() == 0)
            return fail(QStringLiteral("protocol not loaded: ") + protocol);
        out(QString::number(id.value()));
        return 0;
    }
    std::fputs(kUsage, stderr);
    return 2;
}

} // namespace crosstalk::app
