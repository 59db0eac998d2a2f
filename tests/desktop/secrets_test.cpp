// SPDX-License-Identifier: GPL-3.0-or-later
// Passwords go to the Secret Service and to libpurple's memory, never to a file; without a
// keyring (or when it refuses) the user is asked at sign-on.
#include "app/keychainvault.h"
#include "core/secrets/passwordkeeper.h"
#include "tests/protocols/purplefixture.h"
#include "tests/support/desktop/keyringdaemon.h"
#include "tests/support/desktop/sessionbus.h"
#include "tests/support/prosodyserver.h"
#include "tests/support/waitfor.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QThread>

#include <atomic>

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

const QString kService = QStringLiteral("CrosstalkTest");

AccountId addAccountWithoutPassword(PurpleFixture &f, const QString &jid, quint16 port)
{
    AccountSpec spec;
    spec.protocolId = QStringLiteral("prpl-jabber");
    spec.username = jid + QStringLiteral("/crosstalk");
    spec.enabled = false;
    spec.settings = {{QStringLiteral("connect_server"), QStringLiteral("127.0.0.1")},
                     {QStringLiteral("port"), int(port)},
                     {QStringLiteral("connection_security"), QStringLiteral("require_tls")}};
    return f.accounts().addAccount(spec);
}

QString profileDir(const PurpleFixture &f)
{
    return QFileInfo(f.userDir()).absolutePath();
}

/// grep -r -F of the whole profile: the lines that contain needle (empty when none).
QString grepProfile(const PurpleFixture &f, const QString &needle)
{
    QProcess grep;
    grep.start(QStringLiteral("grep"), {QStringLiteral("-r"), QStringLiteral("-a"), QStringLiteral("-F"),
                                        needle, profileDir(f)});
    grep.waitForFinished(10000);
    return QString::fromUtf8(grep.readAllStandardOutput());
}

/// libpurple saves accounts.xml on a 5 s timer; wait until it has the account.
void waitForAccountsSaved(PurpleFixture &f, const QString &username)
{
    REQUIRE(waitFor([&] { return grepProfile(f, username).contains(QLatin1String("accounts.xml")); }, 15000));
}

struct Answerer
{
    QList<QPointer<Prompt>> prompts;
    QString password;
    bool keep = true;
    bool answer = true;

    void watch(PasswordKeeper &keeper)
    {
        QObject::connect(&keeper, &PromptService::promptRaised, [this](Prompt *p) {
            prompts << p;
            if (!answer)
                return;
            p->setFieldValue(PasswordKeeper::passwordField(), password);
            p->setFieldValue(PasswordKeeper::keepField(), keep);
            p->answer(0);
        });
    }
};

} // namespace

TEST_CASE("Secrets: passwords go to the keyring and libpurple's memory, never to the profile")
{
    SessionBus bus;
    QString error;
    REQUIRE(bus.start(&error));
    KeyringDaemon keyring(bus);
    const bool keyringStarted = keyring.start(&error);
    INFO(error.toStdString());
    REQUIRE(keyringStarted);

    const QString alicePw = QStringLiteral("alice-Secret-7f3a");
    const QString bobPw = QStringLiteral("bob-Secret-91c2");
    ProsodyServer server;
    REQUIRE(server.addUser(QStringLiteral("alice"), alicePw));
    REQUIRE(server.addUser(QStringLiteral("bob"), bobPw));
    REQUIRE(server.start(&error));

    PurpleFixture f;
    f.pinCertificate(server.certificatePem());
    f.start();
    app::KeychainVault vault(kService);
    PasswordKeeper keeper(f.accounts(), f.backend().secretGate(), vault);
    Answerer answerer;
    answerer.watch(keeper);

    QList<SecretResult> stored;
    const AccountId alice = addAccountWithoutPassword(f, server.jid(QStringLiteral("alice")), server.port());
    const AccountId bob = addAccountWithoutPassword(f, server.jid(QStringLiteral("bob")), server.port());
    keeper.setPassword(alice, alicePw, [&](const SecretResult &r) { stored << r; });
    keeper.setPassword(bob, bobPw, [&](const SecretResult &r) { stored << r; });
    f.accounts().setEnabled(alice, true);
    f.accounts().setEnabled(bob, true);
    REQUIRE(f.waitForState(alice, ConnectionState::Connected));
    REQUIRE(f.waitForState(bob, ConnectionState::Connected));
    REQUIRE(waitFor([&] { return stored.size() == 2; }));
    CHECK(stored[0].ok());
    CHECK(stored[1].ok());
    CHECK(keeper.keyringAvailable());
    CHECK(keyring.lookup(kService, QStringLiteral("prpl-jabber/alice@localhost/crosstalk")) == alicePw);
    CHECK(keyring.lookup(kService, QStringLiteral("prpl-jabber/bob@localhost/crosstalk")) == bobPw);

    // Forgotten from memory, the password comes back from the keyring at the next sign-on.
    f.accounts().disconnectAccount(alice);
    f.accounts().provideSecret(alice, QString());
    CHECK_FALSE(f.backend().secretGate().hasPassword(alice));
    f.accounts().connectAccount(alice);
    REQUIRE(f.waitForState(alice, ConnectionState::Connected));
    CHECK(answerer.prompts.isEmpty());

    waitForAccountsSaved(f, QStringLiteral("bob@localhost/crosstalk"));
    CHECK(grepProfile(f, alicePw).isEmpty());
    CHECK(grepProfile(f, bobPw).isEmpty());

    // Removing the account removes its keyring entry.
    f.accounts().removeAccount(bob);
    REQUIRE(waitFor([&] { return keyring.lookup(kService, QStringLiteral("prpl-jabber/bob@localhost/crosstalk")).isEmpty(); }));
}

TEST_CASE("Secrets: with no keyring on the bus the user is asked at sign-on, and may keep it for the session")
{
    SessionBus bus; // no Secret Service on it: qtkeychain answers OtherError
    QString error;
    REQUIRE(bus.start(&error));
    const QString pw = QStringLiteral("no-keyring-Pw-4411");
    ProsodyServer server;
    REQUIRE(server.addUser(QStringLiteral("alice"), pw));
    REQUIRE(server.start(&error));

    PurpleFixture f;
    f.pinCertificate(server.certificatePem());
    f.start();
    app::KeychainVault vault(kService);
    PasswordKeeper keeper(f.accounts(), f.backend().secretGate(), vault);
    Answerer answerer;
    answerer.password = pw;
    answerer.keep = true;
    answerer.watch(keeper);

    const AccountId alice = addAccountWithoutPassword(f, server.jid(QStringLiteral("alice")), server.port());
    f.accounts().setEnabled(alice, true);
    REQUIRE(f.waitForState(alice, ConnectionState::Connected));
    REQUIRE(answerer.prompts.size() == 1);
    CHECK_FALSE(keeper.keyringAvailable());
    INFO(keeper.keyringProblem().toStdString());

    // Kept for the session: a reconnect needs no second question.
    f.accounts().disconnectAccount(alice);
    f.accounts().connectAccount(alice);
    REQUIRE(f.waitForState(alice, ConnectionState::Connected));
    CHECK(answerer.prompts.size() == 1);

    waitForAccountsSaved(f, QStringLiteral("alice@localhost/crosstalk"));
    CHECK(grepProfile(f, pw).isEmpty());
}

TEST_CASE("Secrets: a password typed only for this sign-on leaves memory afterwards")
{
    SessionBus bus;
    QString error;
    REQUIRE(bus.start(&error));
    const QString pw = QStringLiteral("once-Only-Pw-8812");
    ProsodyServer server;
    REQUIRE(server.addUser(QStringLiteral("alice"), pw));
    REQUIRE(server.start(&error));

    PurpleFixture f;
    f.pinCertificate(server.certificatePem());
    f.start();
    app::KeychainVault vault(kService);
    PasswordKeeper keeper(f.accounts(), f.backend().secretGate(), vault);
    Answerer answerer;
    answerer.password = pw;
    answerer.keep = false;
    answerer.watch(keeper);

    const AccountId alice = addAccountWithoutPassword(f, server.jid(QStringLiteral("alice")), server.port());
    f.accounts().setEnabled(alice, true);
    REQUIRE(f.waitForState(alice, ConnectionState::Connected));
    CHECK_FALSE(f.backend().secretGate().hasPassword(alice));

    // The next sign-on asks again; cancelling leaves the account off, not in error.
    answerer.answer = false;
    f.accounts().disconnectAccount(alice);
    f.accounts().connectAccount(alice);
    REQUIRE(waitFor([&] { return answerer.prompts.size() == 2; }));
    REQUIRE(answerer.prompts[1]);
    answerer.prompts[1]->answer(1);
    spin(300);
    CHECK(f.state(alice) == ConnectionState::Disconnected);
}

TEST_CASE("Secrets: a keyring that refuses (locked, no prompter) falls back to asking")
{
    SessionBus bus;
    QString error;
    REQUIRE(bus.start(&error));
    KeyringDaemon keyring(bus);
    const bool keyringStarted = keyring.start(&error);
    INFO(error.toStdString());
    REQUIRE(keyringStarted);

    const QString pw = QStringLiteral("locked-Keyring-Pw-2209");
    ProsodyServer server;
    REQUIRE(server.addUser(QStringLiteral("alice"), pw));
    REQUIRE(server.start(&error));

    PurpleFixture f;
    f.pinCertificate(server.certificatePem());
    f.start();
    app::KeychainVault vault(kService);
    PasswordKeeper keeper(f.accounts(), f.backend().secretGate(), vault);
    Answerer answerer;
    answerer.password = pw;
    answerer.watch(keeper);

    const AccountId alice = addAccountWithoutPassword(f, server.jid(QStringLiteral("alice")), server.port());
    bool stored = false;
    keeper.setPassword(alice, pw, [&](const SecretResult &r) { stored = r.ok(); });
    REQUIRE(waitFor([&] { return stored; }));

    // Locked, with no prompter to unlock it: the keyring will not hand the password out.
    REQUIRE(keyring.lockAll());
    std::optional<SecretResult> direct;
    vault.read({QStringLiteral("prpl-jabber"), QStringLiteral("alice@localhost/crosstalk")},
               [&](const SecretResult &r) { direct = r; });
    REQUIRE(waitFor([&] { return direct.has_value(); }, 30000));
    // qtkeychain does not unlock: a locked keyring reads as "Entry not found".
    CHECK_FALSE(direct->ok());
    f.accounts().provideSecret(alice, QString());
    QElapsedTimer clock;
    clock.start();
    f.accounts().setEnabled(alice, true);
    REQUIRE(waitFor([&] { return answerer.prompts.size() == 1; }, 30000));
    WARN("keyring refused; asked the user after " << clock.elapsed() << " ms");
    REQUIRE(f.waitForState(alice, ConnectionState::Connected));
    waitForAccountsSaved(f, QStringLiteral("alice@localhost/crosstalk"));
    CHECK(grepProfile(f, pw).isEmpty());
}

TEST_CASE("Secrets: the importer's blocking SecretStore works from a worker thread and refuses on the main one")
{
    SessionBus bus;
    QString error;
    REQUIRE(bus.start(&error));
    KeyringDaemon keyring(bus);
    const bool keyringStarted = keyring.start(&error);
    INFO(error.toStdString());
    REQUIRE(keyringStarted);
    app::KeychainVault vault(kService);

    // On the main thread it would wait for its own event loop: it says no at once.
    CHECK_FALSE(vault.storePassword(AccountId(1), QStringLiteral("prpl-irc"), QStringLiteral("nick@irc"), QStringLiteral("x")));

    std::atomic<int> result{-1};
    std::unique_ptr<QThread> worker(QThread::create([&] {
        result = vault.storePassword(AccountId(1), QStringLiteral("prpl-jabber"), QStringLiteral("imported@localhost"),
                                     QStringLiteral("imported-Pw-3301"))
                     ? 1
                     : 0;
    }));
    worker->start();
    REQUIRE(waitFor([&] { return result != -1; }, 15000));
    worker->wait();
    CHECK(result == 1);
    CHECK(keyring.lookup(kService, QStringLiteral("prpl-jabber/imported@localhost")) == QLatin1String("imported-Pw-3301"));
}
