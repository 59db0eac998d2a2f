// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/prosodyserver.h"

#include "tests/support/freeport.h"

#include <QDir>
#include <QFile>
#include <QProcess>

namespace crosstalk::test {

namespace {

bool runTool(const QString &program, const QStringList &args, QString *error)
{
    QProcess tool;
    tool.setProcessChannelMode(QProcess::MergedChannels);
    tool.start(program, args);
    if (!tool.waitForFinished(20000) || tool.exitStatus() != QProcess::NormalExit
        || tool.exitCode() != 0) {
        if (error) {
            *error = program + QStringLiteral(" failed: ") + tool.errorString() + QLatin1Char(' ')
                     + QString::fromUtf8(tool.readAll());
        }
        return false;
    }
    return true;
}

// Prosody's data manager percent-encodes every non-alphanumeric byte of node and host names.
QString prosodyEncode(const QString &name)
{
    QString out;
    for (const char c : name.toUtf8()) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            out += QLatin1Char(c);
        else
            out += QStringLiteral("%%1").arg(uchar(c), 2, 16, QLatin1Char('0'));
    }
    return out;
}

QString luaString(const QString &s)
{
    QString escaped = s;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

} // namespace

ProsodyServer::ProsodyServer(Options options)
    : m_options(options)
{
}

ProsodyServer::~ProsodyServer() = default;

bool ProsodyServer::start(QString *error)
{
    if (m_port == 0)
        m_port = freeTcpPort();
    if (!QDir(m_dir.path()).exists(QStringLiteral("prosody.cfg.lua"))) {
        if (!writeConfig(error))
            return false;
        if (m_options.tls && !makeCertificate(error))
            return false;
    }
    return restart(error);
}

bool ProsodyServer::restart(QString *error)
{
    m_process.reset();
    m_process = std::make_unique<ServerProcess>(
        QStringLiteral("prosody"), QStringLiteral("prosody"),
        QStringList{QStringLiteral("--config"), configPath(), QStringLiteral("-F")},
        m_dir.filePath(QStringLiteral("prosody.log")));
    return m_process->startAndWaitForTcp(m_port, 15000, error);
}

void ProsodyServer::stop()
{
    if (m_process)
        m_process->stop();
}

void ProsodyServer::kill()
{
    if (m_process)
        m_process->kill();
}

bool ProsodyServer::writeConfig(QString *error)
{
    const QString dir = m_dir.path();
    QDir(dir).mkpath(QStringLiteral("data"));
    QDir(dir).mkpath(QStringLiteral("certs"));
    QStringList modules{QStringLiteral("roster"), QStringLiteral("saslauth"),
                        QStringLiteral("disco"),  QStringLiteral("ping"),
                        QStringLiteral("register"), QStringLiteral("posix"),
                        QStringLiteral("vcard"), QStringLiteral("private")};
    if (m_options.tls)
        modules << QStringLiteral("tls");
    if (m_options.offlineStorage)
        modules << QStringLiteral("offline");
    QStringList quoted;
    for (const auto &m : modules)
        quoted << luaString(m);

    QString cfg;
    cfg += QStringLiteral("pidfile = %1\n").arg(luaString(dir + QStringLiteral("/prosody.pid")));
    cfg += QStringLiteral("data_path = %1\n").arg(luaString(dir + QStringLiteral("/data")));
    cfg += QStringLiteral("certificates = %1\n").arg(luaString(dir + QStringLiteral("/certs")));
    cfg += QStringLiteral("daemonize = false\nrun_as_root = true\n");
    cfg += QStringLiteral("interfaces = { \"127.0.0.1\" }\n");
    cfg += QStringLiteral("c2s_ports = { %1 }\n").arg(m_port);
    cfg += QStringLiteral("s2s_ports = { }\nhttp_ports = { }\nhttps_ports = { }\n"
                          "c2s_direct_tls_ports = { }\nadmin_interfaces = { }\n");
    cfg += QStringLiteral("modules_enabled = { %1 }\n").arg(quoted.join(QStringLiteral("; ")));
    // "offline" is on by default in Prosody; keep it off unless a test wants offline delivery.
    cfg += m_options.offlineStorage ? QStringLiteral("modules_disabled = { \"s2s\" }\n")
                                    : QStringLiteral("modules_disabled = { \"s2s\"; \"offline\" }\n");
    cfg += QStringLiteral("c2s_require_encryption = false\n"
                          "allow_unencrypted_plain_auth = true\n"
                          "authentication = \"internal_plain\"\n"
                          "log = { info = \"*console\" }\n");
    cfg += QStringLiteral("VirtualHost \"localhost\"\n");
    if (m_options.tls) {
        cfg += QStringLiteral("  ssl = { certificate = %1; key = %2 }\n")
                   .arg(luaString(dir + QStringLiteral("/certs/localhost.crt")),
                        luaString(dir + QStringLiteral("/certs/localhost.key")));
    }
    cfg += QStringLiteral("Component \"conference.localhost\" \"muc\"\n");

    QFile file(configPath());
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(cfg.toUtf8()) < 0) {
        if (error)
            *error = QStringLiteral("cannot write prosody config: ") + file.errorString();
        return false;
    }
    return true;
}

bool ProsodyServer::makeCertificate(QString *error)
{
    const QString certs = m_dir.filePath(QStringLiteral("certs"));
    return runTool(QStringLiteral("openssl"),
                   {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                    QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                    QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                    QStringLiteral("-keyout"), certs + QStringLiteral("/localhost.key"),
                    QStringLiteral("-out"), certs + QStringLiteral("/localhost.crt")},
                   error);
}

QByteArray ProsodyServer::certificatePem() const
{
    QFile file(m_dir.filePath(QStringLiteral("certs/localhost.crt")));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool ProsodyServer::addUser(const QString &user, const QString &password, QString *error)
{
    if (m_port == 0) {
        m_port = freeTcpPort();
        if (!writeConfig(error) || (m_options.tls && !makeCertificate(error)))
            return false;
    }
    return runTool(QStringLiteral("prosodyctl"),
                   {QStringLiteral("--config"), configPath(), QStringLiteral("register"), user,
                    domain(), password},
                   error);
}

bool ProsodyServer::setMutualRoster(const QString &user, const QStringList &contacts, int groups)
{
    const QString rosterDir = m_dir.filePath(QStringLiteral("data/") + prosodyEncode(domain())
                                             + QStringLiteral("/roster"));
    QDir().mkpath(rosterDir);
    QString lua = QStringLiteral("return {\n  [false] = { version = 1; };\n");
    for (qsizetype i = 0; i < contacts.size(); ++i) {
        const qsizetype g = groups > 1 ? i % groups : 0;
        const QString group = g == 0 ? QStringLiteral("Friends") : QStringLiteral("Group %1").arg(g + 1);
        lua += QStringLiteral("  [%1] = { subscription = \"both\"; groups = { [%2] = true; }; };\n")
                   .arg(luaString(contacts[i]), luaString(group));
    }
    lua += QStringLiteral("};\n");
    QFile file(rosterDir + QLatin1Char('/') + prosodyEncode(user) + QStringLiteral(".dat"));
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(lua.toUtf8()) > 0;
}

bool ProsodyServer::setEveryoneBuddies(const QStringList &users)
{
    for (const QString &user : users) {
        QStringList others = users;
        others.removeAll(user);
        for (QString &other : others)
            other = jid(other);
        if (!setMutualRoster(user, others))
            return false;
    }
    return true;
}

} // namespace crosstalk::test
