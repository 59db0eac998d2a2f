// SPDX-License-Identifier: GPL-3.0-or-later
// The merged contact list over libpurple's XMPP prpl and a real Prosody.
#include "core/contacts/contactcache.h"
#include "core/conversations/accountrows.h"
#include "core/contacts/contactdirectory.h"
#include "core/contacts/contactsync.h"
#include "core/contacts/presenceaggregator.h"
#include "core/store/store.h"
#include "tests/protocols/purplefixture.h"
#include "tests/support/prosodyserver.h"
#include "tests/support/waitfor.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;

TEST_CASE("contacts over XMPP: one person across two accounts, with the best presence, offline when gone everywhere")
{
    ProsodyServer server;
    QString error;
    for (const char *user : {"me1", "me2", "frida", "frida2", "common"})
        REQUIRE(server.addUser(QString::fromLatin1(user), QString::fromLatin1(user) + QStringLiteral("pw"), &error));
    // My two accounts both know "common"; each knows one of Frida's two accounts.
    REQUIRE(server.setMutualRoster(QStringLiteral("me1"), {server.jid(QStringLiteral("frida")), server.jid(QStringLiteral("common"))}));
    REQUIRE(server.setMutualRoster(QStringLiteral("me2"), {server.jid(QStringLiteral("frida2")), server.jid(QStringLiteral("common"))}));
    REQUIRE(server.setMutualRoster(QStringLiteral("frida"), {server.jid(QStringLiteral("me1"))}));
    REQUIRE(server.setMutualRoster(QStringLiteral("frida2"), {server.jid(QStringLiteral("me2"))}));
    REQUIRE(server.setMutualRoster(QStringLiteral("common"), {server.jid(QStringLiteral("me1")), server.jid(QStringLiteral("me2"))}));
    REQUIRE(server.start(&error));

    PurpleFixture f;
    f.pinCertificate(server.certificatePem());
    f.start();
    store::Store store(f.userDir() + QStringLiteral("/../crosstalk.sqlite"));
    auto opened = store.open();
    REQUIRE(waitFor([&] { return opened.isFinished(); }));
    contacts::ContactCache cache(store);
    contacts::ContactDirectory directory;
    directory.setCoalesceInterval(10);
    contacts::ContactSync sync(directory, cache, f.roster(), f.accounts());
    sync.setBatchInterval(10);

    auto add = [&](const char *user) {
        const QString name = QString::fromLatin1(user);
        return f.addXmppAccount(server.jid(name), name + QStringLiteral("pw"), server.port(), true);
    };
    const AccountId me1 = add("me1");
    const AccountId me2 = add("me2");
    const AccountId frida = add("frida");
    const AccountId frida2 = add("frida2");
    const AccountId common = add("common");
    QObject::connect(&f.accounts(), &AccountService::accountAdded, [&](AccountId id) {
        conversations::mirrorAccounts(store, {*f.accounts().account(id)});
    });
    conversations::mirrorAccounts(store, f.accounts().accounts());
    sync.loadFromCache();
    for (AccountId id : {me1, me2, frida, frida2, common})
        REQUIRE(f.waitForState(id, ConnectionState::Connected));

    auto personOf = [&](AccountId account, const char *user) {
        return directory.personOf({account, server.jid(QString::fromLatin1(user))});
    };
    auto presenceOf = [&](PersonId person) {
        const contacts::Contact *c = directory.contact(person);
        return c ? contacts::PresenceAggregator::presenceOf(*c).kind : PresenceKind::Unknown;
    };
    // What a failed presence check needs: who the person is made of, and how each buddy stands.
    auto describe = [&](PersonId person) {
        QStringList parts;
        if (const contacts::Contact *c = directory.contact(person)) {
            for (const contacts::ContactBuddy &b : c->buddies) {
                const auto live = f.roster().buddy(b.address);
                parts << QStringLiteral("%1 via %2: %3 (libpurple: %4)").arg(b.address.handle).arg(b.address.account.value())
                                .arg(int(b.presence.kind)).arg(live ? int(live->presence.kind) : -1);
            }
        }
        return parts.join(QStringLiteral("; ")).toStdString();
    };

    // The same address seen from two of my accounts is one person, by itself.
    REQUIRE(waitFor([&] {
        const PersonId a = personOf(me1, "common");
        return a.isValid() && a == personOf(me2, "common");
    }, 15000));
    CHECK(directory.contact(personOf(me1, "common"))->buddies.size() == 2);
    REQUIRE(waitFor([&] { return presenceOf(personOf(me1, "common")) == PresenceKind::Available; }));

    // Frida's two accounts, merged by me, show the better of the two presences.
    REQUIRE(waitFor([&] { return personOf(me1, "frida").isValid() && personOf(me2, "frida2").isValid(); }));
    const PersonId person = personOf(me1, "frida");
    sync.merge(person, personOf(me2, "frida2"));
    directory.flush();
    REQUIRE(personOf(me2, "frida2") == person);
    // Both of her accounts online as each of mine sees them (one alone makes the person available).
    auto shownAvailable = [&](AccountId mine, const char *user) {
        const contacts::ContactBuddy *b = directory.buddy({mine, server.jid(QString::fromLatin1(user))});
        return b && b->presence.kind == PresenceKind::Available;
    };
    {
        const bool both = waitFor([&] { return shownAvailable(me1, "frida") && shownAvailable(me2, "frida2"); });
        INFO(describe(person));
        REQUIRE(both);
    }
    CHECK(presenceOf(person) == PresenceKind::Available);

    f.roster().setOwnPresence(frida2, {PresenceKind::Away, QStringLiteral("in a meeting"), false});
    REQUIRE(waitFor([&] {
        const contacts::ContactBuddy *b = directory.buddy({me2, server.jid(QStringLiteral("frida2"))});
        return b && b->presence.kind == PresenceKind::Away;
    }));
    INFO(describe(person));
    CHECK(presenceOf(person) == PresenceKind::Available);

    f.accounts().disconnectAccount(frida);
    REQUIRE(waitFor([&] { return presenceOf(person) == PresenceKind::Away; }));
    CHECK(contacts::PresenceAggregator::presenceOf(*directory.contact(person)).message == QStringLiteral("in a meeting"));
    f.accounts().disconnectAccount(frida2);
    REQUIRE(waitFor([&] { return presenceOf(person) == PresenceKind::Offline; }));
}

TEST_CASE("contacts over XMPP: a buddy's avatar arrives as a cached picture named by its hash")
{
    ProsodyServer server;
    QString error;
    REQUIRE(server.addUser(QStringLiteral("pic"), QStringLiteral("picpw"), &error));
    REQUIRE(server.addUser(QStringLiteral("viewer"), QStringLiteral("viewerpw"), &error));
    REQUIRE(server.setMutualRoster(QStringLiteral("pic"), {server.jid(QStringLiteral("viewer"))}));
    REQUIRE(server.setMutualRoster(QStringLiteral("viewer"), {server.jid(QStringLiteral("pic"))}));
    REQUIRE(server.start(&error));

    PurpleFixture f;
    f.pinCertificate(server.certificatePem());
    f.start();
    const AccountId pic = f.addXmppAccount(server.jid(QStringLiteral("pic")), QStringLiteral("picpw"), server.port(), true);
    const AccountId viewer = f.addXmppAccount(server.jid(QStringLiteral("viewer")), QStringLiteral("viewerpw"), server.port(), true);
    REQUIRE(f.waitForState(pic, ConnectionState::Connected));
    REQUIRE(f.waitForState(viewer, ConnectionState::Connected));

    // An 8x8 PNG: small enough to need no scaling, so the bytes arrive unchanged.
    const QByteArray bytes = QByteArray::fromBase64(
        "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGOQ6zmBFTEMLQkA+lVcgQfPPDgAAAAASUVORK5CYII=");
    const QString png = f.userDir() + QStringLiteral("/../me.png");
    QFile file(png);
    REQUIRE(file.open(QIODevice::WriteOnly));
    REQUIRE(file.write(bytes) == bytes.size());
    file.close();
    f.accounts().updateSettings(pic, {{AccountKeys::avatarPath(), png}});

    // XEP-0153: the photo hash in pic's presence makes viewer fetch the vCard photo.
    const BuddyAddress seen{viewer, server.jid(QStringLiteral("pic"))};
    REQUIRE(waitFor([&] {
        const auto b = f.roster().buddy(seen);
        return b && !b->avatarHash.isEmpty();
    }, 15000));
    const QString hash = f.roster().buddy(seen)->avatarHash;
    CHECK(QFileInfo(hash).completeBaseName() ==
          QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha1).toHex()));
    QFile cached(f.userDir() + QStringLiteral("/icons/") + hash);
    REQUIRE(cached.open(QIODevice::ReadOnly));
    CHECK(cached.readAll() == bytes);
}
