// SPDX-License-Identifier: GPL-3.0-or-later
// File transfer through libpurple's xfer API against a real Prosody: alice and bob signed on
// in one libpurple, alice offers, bob's side accepts/declines/cancels through the
// FileTransferService exactly as the chat window does.
#include "core/network/filetransferservice.h"
#include "tests/protocols/purplefixture.h"
#include "tests/support/prosodyserver.h"
#include "tests/support/tempdir.h"
#include "tests/support/waitfor.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

QByteArray sha256Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

QString writeRandomFile(const QString &path, qint64 bytes)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly));
    QByteArray chunk(64 * 1024, Qt::Uninitialized);
    for (qint64 left = bytes; left > 0; left -= chunk.size()) {
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(chunk.data()), chunk.size() / 4);
        file.write(chunk.constData(), std::min<qint64>(left, chunk.size()));
    }
    return path;
}

/// Prosody with alice and bob as mutual buddies, both online in this process.
struct Pair
{
    Pair()
    {
        REQUIRE(server.addUser(QStringLiteral("alice"), QStringLiteral("alicepw")));
        REQUIRE(server.addUser(QStringLiteral("bob"), QStringLiteral("bobpw")));
        REQUIRE(server.setEveryoneBuddies({QStringLiteral("alice"), QStringLiteral("bob")}));
        REQUIRE(server.start());
        f.start();
        alice = f.addXmppAccount(server.jid(QStringLiteral("alice")), QStringLiteral("alicepw"), server.port(), false);
        bob = f.addXmppAccount(server.jid(QStringLiteral("bob")), QStringLiteral("bobpw"), server.port(), false);
        REQUIRE(f.waitForState(alice, ConnectionState::Connected));
        REQUIRE(f.waitForState(bob, ConnectionState::Connected));
        toBob = {alice, server.jid(QStringLiteral("bob"))};
        // Bob's client must have told alice (caps) that it takes files.
        REQUIRE(waitFor([&] { return ft().canSendTo(toBob); }, 15000));
        ft().setDownloadDirectory(downloads.path());
        QObject::connect(&ft(), &FileTransferService::transferAdded, [this](const FileTransfer &t) {
            if (t.isIncoming())
                offers << t;
        });
    }

    FileTransferService &ft() { return f.backend().fileTransfers(); }
    FileTransfer::State stateOf(TransferId id) { return ft().transfer(id).value_or(FileTransfer{}).state; }
    QStringList downloaded() const
    {
        return QDir(downloads.path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
    }

    ProsodyServer server{ProsodyServer::Options{.tls = false}};
    PurpleFixture f;
    TempDir files;     ///< what alice sends
    TempDir downloads; ///< bob's download directory
    AccountId alice;
    AccountId bob;
    BuddyAddress toBob;
    QList<FileTransfer> offers;
};

} // namespace

TEST_CASE("XMPP file transfer: a 5 MB file arrives with the same SHA-256")
{
    Pair p;
    const QString source = writeRandomFile(p.files.filePath(QStringLiteral("random.bin")), 5 * 1024 * 1024);
    QString error;
    QElapsedTimer clock;
    clock.start();
    const TransferId out = p.ft().sendFile(p.toBob, source, &error);
    REQUIRE(out.isValid());
    CHECK(error.isEmpty());
    REQUIRE(waitFor([&] { return !p.offers.isEmpty(); }));
    const FileTransfer offer = p.offers.first();
    CHECK(offer.fileName == "random.bin");
    CHECK(offer.size == 5 * 1024 * 1024);
    CHECK(offer.peer.handle == "alice@localhost");
    CHECK(offer.peer.account == p.bob);
    CHECK(offer.state == FileTransfer::State::Offered);

    QList<qint64> progress;
    QObject::connect(&p.ft(), &FileTransferService::transferChanged, [&](const FileTransfer &t) {
        if (t.id == offer.id)
            progress << t.transferred;
    });
    REQUIRE(p.ft().accept(offer.id));
    REQUIRE(waitFor([&] { return p.stateOf(offer.id) == FileTransfer::State::Done; }, 60000));
    REQUIRE(waitFor([&] { return p.stateOf(out) == FileTransfer::State::Done; }, 10000));
    const double seconds = clock.elapsed() / 1000.0;
    const FileTransfer done = *p.ft().transfer(offer.id);
    CHECK(done.localPath == QDir(p.downloads.path()).filePath(QStringLiteral("random.bin")));
    CHECK(sha256Of(done.localPath) == sha256Of(source));
    CHECK(p.downloaded() == QStringList{QStringLiteral("random.bin")}); // no partial file left
    CHECK(!progress.isEmpty());
    WARN("5 MB over loopback in " << seconds << " s (" << progress.size() << " progress updates)");
}

TEST_CASE("XMPP file transfer: a declined offer ends on both sides and writes nothing")
{
    Pair p;
    const QString source = writeRandomFile(p.files.filePath(QStringLiteral("unwanted.bin")), 64 * 1024);
    const TransferId out = p.ft().sendFile(p.toBob, source);
    REQUIRE(out.isValid());
    REQUIRE(waitFor([&] { return !p.offers.isEmpty(); }));
    p.ft().decline(p.offers.first().id);
    CHECK(p.stateOf(p.offers.first().id) == FileTransfer::State::Declined);
    REQUIRE(waitFor([&] { return p.ft().transfer(out)->isFinished(); }));
    CHECK(p.stateOf(out) == FileTransfer::State::Declined);
    CHECK(!p.ft().transfer(out)->error.isEmpty());
    spin(300);
    CHECK(p.downloaded().isEmpty());
    CHECK(p.f.openPrompts().isEmpty()); // no dialog was raised for any of it
}

TEST_CASE("XMPP file transfer: cancelled mid-way by the receiver, the sender sees it and no partial file stays")
{
    Pair p;
    const qint64 size = 40 * 1024 * 1024;
    const QString source = writeRandomFile(p.files.filePath(QStringLiteral("big.bin")), size);
    const TransferId out = p.ft().sendFile(p.toBob, source);
    REQUIRE(out.isValid());
    REQUIRE(waitFor([&] { return !p.offers.isEmpty(); }));
    const TransferId in = p.offers.first().id;
    qint64 cancelledAt = -1;
    QObject::connect(&p.ft(), &FileTransferService::transferChanged, [&](const FileTransfer &t) {
        if (t.id == in && t.transferred > 0 && cancelledAt < 0) {
            cancelledAt = t.transferred;
            p.ft().cancel(in);
        }
    });
    REQUIRE(p.ft().accept(in));
    REQUIRE(waitFor([&] { return p.ft().transfer(in)->isFinished(); }, 60000));
    CHECK(p.stateOf(in) == FileTransfer::State::Cancelled);
    REQUIRE(cancelledAt > 0);
    CHECK(cancelledAt < size);
    REQUIRE(waitFor([&] { return p.ft().transfer(out)->isFinished(); }, 20000));
    CHECK(p.stateOf(out) == FileTransfer::State::Failed);
    CHECK(!p.ft().transfer(out)->error.isEmpty());
    CHECK(p.downloaded().isEmpty());
    CHECK(p.f.openPrompts().isEmpty());
}

TEST_CASE("XMPP file transfer: received files never overwrite, they get numbered names")
{
    Pair p;
    QFile existing(QDir(p.downloads.path()).filePath(QStringLiteral("report.txt")));
    REQUIRE(existing.open(QIODevice::WriteOnly));
    existing.write("mine, keep me");
    existing.close();

    const QString source = writeRandomFile(p.files.filePath(QStringLiteral("report.txt")), 100 * 1024);
    for (int round = 1; round <= 2; ++round) {
        const TransferId out = p.ft().sendFile(p.toBob, source);
        REQUIRE(out.isValid());
        REQUIRE(waitFor([&] { return p.offers.size() == round; }));
        REQUIRE(p.ft().accept(p.offers.last().id));
        REQUIRE(waitFor([&] { return p.stateOf(p.offers.last().id) == FileTransfer::State::Done; }, 30000));
        CHECK(sha256Of(p.ft().transfer(p.offers.last().id)->localPath) == sha256Of(source));
    }
    CHECK(p.downloaded()
          == QStringList{QStringLiteral("report (1).txt"), QStringLiteral("report (2).txt"), QStringLiteral("report.txt")});
    REQUIRE(existing.open(QIODevice::ReadOnly));
    CHECK(existing.readAll() == "mine, keep me");
}

TEST_CASE("XMPP file transfer: refusals come back as errors, not transfers")
{
    Pair p;
    QString error;
    CHECK(!p.ft().sendFile(p.toBob, p.files.filePath(QStringLiteral("missing.bin")), &error).isValid());
    CHECK(error.contains(QLatin1String("does not exist")));
    QFile empty(p.files.filePath(QStringLiteral("empty.txt")));
    REQUIRE(empty.open(QIODevice::WriteOnly));
    empty.close();
    CHECK(!p.ft().sendFile(p.toBob, empty.fileName(), &error).isValid());
    CHECK(error.contains(QLatin1String("empty")));
    // Someone not on the roster: the prpl refuses (libpurple would show a dialog; here the
    // caller gets its words).
    const BuddyAddress stranger{p.alice, QStringLiteral("nobody@localhost")};
    const QString real = writeRandomFile(p.files.filePath(QStringLiteral("real.bin")), 1000);
    error.clear();
    CHECK(!p.ft().sendFile(stranger, real, &error).isValid());
    CHECK(!error.isEmpty());
    UNSCOPED_INFO(error.toStdString());
    CHECK(p.ft().transfers().isEmpty());
    spin(200);
    CHECK(p.f.openPrompts().isEmpty());
}
