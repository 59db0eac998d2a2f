// SPDX-License-Identifier: GPL-3.0-or-later
// A server that drops the connection 20 times in a minute: every loss is retried (backoff
// with jitter, reset after each success), a network change retries at once, and the accounts
// dialog says what is happening.
#include "core/secrets/passwordkeeper.h"
#include "tests/protocols/purplefixture.h"
#include "tests/support/prosodyserver.h"
#include "tests/support/waitfor.h"
#include "ui/accountsdialog.h"

#include <QElapsedTimer>

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

class NoVault : public SecretVault
{
public:
    void read(const SecretKey &, Callback done) override { done({SecretResult::Status::Unavailable, {}, QStringLiteral("none")}); }
    void write(const SecretKey &, const QString &, Callback done) override { done({SecretResult::Status::Unavailable, {}, {}}); }
    void remove(const SecretKey &, Callback done) override { done({}); }
};

} // namespace

TEST_CASE("Reconnection: the server drops the connection 20 times in a minute and the account always comes back")
{
    ProsodyServer server;
    REQUIRE(server.addUser(QStringLiteral("alice"), QStringLiteral("alicepw")));
    REQUIRE(server.start());
    PurpleFixture f({400, 4000, 2.0, 0.25});
    f.pinCertificate(server.certificatePem());
    f.start();
    NoVault vault;
    PasswordKeeper keeper(f.accounts(), f.backend().secretGate(), vault);
    ui::AccountsDialog dialog(f.accounts(), f.backend().accountAdministration(), f.backend().protocolCatalog(), keeper);
    QList<int> delays;
    QObject::connect(&f.accounts(), &AccountService::reconnectScheduled, [&](AccountId, int ms) { delays << ms; });

    const AccountId alice = f.addXmppAccount(server.jid(QStringLiteral("alice")), QStringLiteral("alicepw"), server.port(), true);
    REQUIRE(f.waitForState(alice, ConnectionState::Connected));

    QElapsedTimer clock;
    clock.start();
    QList<qint64> downtimes;
    bool sawRetryText = false;
    for (int i = 0; i < 20; ++i) {
        INFO("drop " << i);
        server.kill();
        REQUIRE(f.waitForState(alice, ConnectionState::Error, 10000));
        sawRetryText = sawRetryText || dialog.stateText(alice).contains(QLatin1String("retrying in"));
        QElapsedTimer down;
        down.start();
        REQUIRE(server.restart());
        // Every other time the network "comes back" (what QNetworkInformation reports) and
        // the waiting account retries at once; otherwise the backoff timer does it.
        if (i % 2 == 0)
            f.backend().accountAdministration().reconnectAllWaiting();
        REQUIRE(f.waitForState(alice, ConnectionState::Connected, 15000));
        downtimes << down.elapsed();
    }
    const qint64 total = clock.elapsed();
    WARN("20 drops in " << total << " ms; reconnect after restart (ms): " << QStringList([&] {
             QStringList s;
             for (qint64 d : downtimes)
                 s << QString::number(d);
             return s;
         }()).join(QLatin1Char(' ')).toStdString());
    CHECK(total < 60000);
    // One scheduled retry per loss, plus one for each retry that hit the server while it was
    // still starting (then the delay doubles once).
    CHECK(delays.size() >= 20);
    CHECK(delays.size() <= 30);
    WARN(delays.size() << " retries scheduled for 20 drops");
    // The backoff starts over after each successful sign-on: no delay grows past the second step.
    for (int d : delays)
        CHECK(d <= 800 * 1.25 + 1);
    CHECK(sawRetryText);
    CHECK(dialog.stateText(alice) == QLatin1String("Online"));
    CHECK(f.openPrompts().isEmpty());
}
