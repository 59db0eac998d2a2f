// SPDX-License-Identifier: GPL-3.0-or-later
// The merged contact list's widgets, offscreen, over a real store and an in-process network.
#include "core/contacts/contactcache.h"
#include "core/conversations/accountrows.h"
#include "core/contacts/contactdirectory.h"
#include "core/contacts/contactsync.h"
#include "core/store/store.h"
#include "tests/support/fakenetwork.h"
#include "tests/support/tempdir.h"
#include "tests/support/waitfor.h"
#include "ui/avatarcache.h"
#include "ui/contactlistmodel.h"
#include "ui/displaytext.h"
#include "ui/contactlistview.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

struct ListFixture
{
    ListFixture()
        : store(dir.filePath(QStringLiteral("c.sqlite")))
        , cache(store)
        , sync(directory, cache, roster, accounts)
    {
        xmpp = accounts.add(QStringLiteral("prpl-jabber"), QStringLiteral("me@crosstalk.im/desk"));
        irc = accounts.add(QStringLiteral("prpl-irc"), QStringLiteral("me@irc.libera.chat"));
        auto opened = store.open();
        REQUIRE(waitFor([&] { return opened.isFinished(); }));
        conversations::mirrorAccounts(store, accounts.accounts()).waitForFinished();
        directory.setCoalesceInterval(1);
        sync.setBatchInterval(1);
        sync.loadFromCache();
        REQUIRE(waitFor([&] { return sync.isLoaded(); }));
        window = std::make_unique<ui::MainWindow>(accounts, roster, directory, sync);
        window->resize(380, 640);
        window->show();
    }

    void add(AccountId account, const QString &handle, const QString &alias, PresenceKind kind,
             const QString &status = {}, const QString &group = QStringLiteral("Friends"))
    {
        roster.report({{account, handle}, alias, {}, group, {kind, status, false}});
    }

    void settle(int people)
    {
        REQUIRE(waitFor([&] { return directory.size() == people; }));
        directory.flush();
        QCoreApplication::processEvents();
    }

    ui::ContactListModel &model() { return *window->contactModel(); }
    QStringList names()
    {
        QStringList out;
        for (int row = 0; row < model().rowCount(); ++row) {
            const QModelIndex i = model().index(row);
            if (model().personAt(i).isValid())
                out << i.data(ui::ContactListModel::NameRole).toString().mid(1).chopped(1);
        }
        return out;
    }

    TempDir dir;
    FakeAccounts accounts;
    FakeRoster roster;
    store::Store store;
    contacts::ContactCache cache;
    contacts::ContactDirectory directory;
    contacts::ContactSync sync;
    AccountId xmpp;
    AccountId irc;
    std::unique_ptr<ui::MainWindow> window;
};

void populate(ListFixture &f)
{
    f.add(f.xmpp, QStringLiteral("ada@lovelace.org"), QStringLiteral("Ada Lovelace"), PresenceKind::Available, QStringLiteral("Computing Bernoulli numbers"));
    f.add(f.xmpp, QStringLiteral("alan@bletchley.uk"), QStringLiteral("Alan Turing"), PresenceKind::Away, QStringLiteral("At the park"));
    f.add(f.xmpp, QStringLiteral("grace@navy.mil"), QStringLiteral("Grace Hopper"), PresenceKind::Busy, QStringLiteral("Debugging"), QStringLiteral("Work"));
    f.add(f.xmpp, QStringLiteral("edsger@utexas.edu"), QStringLiteral("Edsger Dijkstra"), PresenceKind::Offline, {}, QStringLiteral("Work"));
    f.add(f.xmpp, QStringLiteral("zoe@example.org"), QStringLiteral("Zoë Ångström"), PresenceKind::Available, {}, QStringLiteral("Family"));
    f.add(f.irc, QStringLiteral("linus"), QStringLiteral("Linus"), PresenceKind::Available, QStringLiteral("Merging"), QStringLiteral("Work"));
    f.add(f.irc, QStringLiteral("rms"), {}, PresenceKind::ExtendedAway, {}, QStringLiteral("Work"));
    f.add(f.irc, QStringLiteral("evil"), QStringLiteral("\u202Egnp.exe\u202C Mallory"), PresenceKind::Available);
    f.settle(8);
}

} // namespace

TEST_CASE("contact list: filter as you type, accent- and case-insensitive, with an empty state")
{
    ListFixture f;
    populate(f);
    CHECK(f.model().personCount() == 8);
    f.window->filterField()->setText(QStringLiteral("ZOE"));
    CHECK(f.names() == QStringList{QStringLiteral("Zoë Ångström")});
    f.window->filterField()->setText(QStringLiteral("angstrom"));
    CHECK(f.model().personCount() == 1);
    f.window->filterField()->setText(QStringLiteral("bletchley")); // handles match too
    CHECK(f.names() == QStringList{QStringLiteral("Alan Turing")});
    f.window->filterField()->setText(QStringLiteral("xyz"));
    CHECK(f.model().personCount() == 0);
    const auto labels = f.window->findChildren<QLabel *>();
    CHECK(std::any_of(labels.cbegin(), labels.cend(), [](QLabel *l) {
        return l->isVisible() && l->text().contains(QStringLiteral("No one matches"));
    }));
    f.window->filterField()->clear();

    // Typing in the list goes to the filter.
    f.window->contactView()->setFocus();
    QTest::keyClicks(f.window->contactView(), QStringLiteral("lin"));
    CHECK(f.window->filterField()->text() == QStringLiteral("lin"));
    CHECK(f.names() == QStringList{QStringLiteral("Linus")});
}

TEST_CASE("contact list: sort by presence or name, hide offline, collapse groups")
{
    ListFixture f;
    populate(f);
    f.model().setGrouped(false);
    f.model().setSortMode(ui::ContactListModel::SortMode::Name);
    const QStringList byName = f.names();
    QStringList sorted = byName;
    std::sort(sorted.begin(), sorted.end(), [](const QString &a, const QString &b) {
        return QString::localeAwareCompare(a, b) < 0;
    });
    CHECK(byName.first() == QStringLiteral("Ada Lovelace"));
    CHECK(byName.last() == QStringLiteral("Zoë Ångström"));

    f.model().setSortMode(ui::ContactListModel::SortMode::Presence);
    const QStringList byPresence = f.names();
    CHECK(byPresence.indexOf(QStringLiteral("Ada Lovelace")) < byPresence.indexOf(QStringLiteral("Alan Turing")));
    CHECK(byPresence.indexOf(QStringLiteral("Alan Turing")) < byPresence.indexOf(QStringLiteral("Grace Hopper")));
    CHECK(byPresence.last() == QStringLiteral("Edsger Dijkstra"));

    f.model().setShowOffline(false);
    CHECK_FALSE(f.names().contains(QStringLiteral("Edsger Dijkstra")));
    f.model().setShowOffline(true);

    f.model().setGrouped(true);
    f.model().setCollapsed(QStringLiteral("Work"), true);
    CHECK_FALSE(f.names().contains(QStringLiteral("Linus")));
    CHECK(f.window->viewState().value(QStringLiteral("collapsed")).toStringList() == QStringList{QStringLiteral("Work")});

    // Presence changes move a person live.
    f.model().setCollapsed(QStringLiteral("Work"), false);
    f.model().setGrouped(false);
    f.roster.reportPresence({f.xmpp, QStringLiteral("edsger@utexas.edu")}, {PresenceKind::Available, {}, false});
    REQUIRE(waitFor([&] { return f.names().indexOf(QStringLiteral("Edsger Dijkstra")) < f.names().indexOf(QStringLiteral("Alan Turing")); }));
}

TEST_CASE("contact list: sort by recent conversation follows the latest message")
{
    ListFixture f;
    populate(f);
    f.model().setGrouped(false);
    f.model().setSortMode(ui::ContactListModel::SortMode::Recent);
    const PersonId grace = f.directory.personOf({f.xmpp, QStringLiteral("grace@navy.mil")});
    const PersonId rms = f.directory.personOf({f.irc, QStringLiteral("rms")});
    f.model().setLastActivities({{grace, 1000}, {rms, 2000}});
    // Both at once: a late batch from the store may re-sort between two separate looks.
    REQUIRE(waitFor([&] {
        const QStringList names = f.names();
        return names.value(0) == QStringLiteral("rms") && names.value(1) == QStringLiteral("Grace Hopper");
    }));
    f.model().setLastActivity(grace, 3000);
    REQUIRE(waitFor([&] { return f.names().value(0) == QStringLiteral("Grace Hopper"); }));
}

TEST_CASE("contact list: drag one person onto another merges them, and undo splits them again")
{
    ListFixture f;
    populate(f);
    f.model().setGrouped(false);
    const PersonId linus = f.directory.personOf({f.irc, QStringLiteral("linus")});
    const PersonId ada = f.directory.personOf({f.xmpp, QStringLiteral("ada@lovelace.org")});
    std::unique_ptr<QMimeData> mime(f.model().mimeData({f.model().indexOf(linus)}));
    REQUIRE(mime);
    REQUIRE(f.model().canDropMimeData(mime.get(), Qt::MoveAction, -1, -1, f.model().indexOf(ada)));
    f.model().dropMimeData(mime.get(), Qt::MoveAction, -1, -1, f.model().indexOf(ada));
    REQUIRE(waitFor([&] { return f.model().personCount() == 7; }));
    CHECK(f.directory.contact(ada)->buddies.size() == 2);
    REQUIRE(f.sync.canUndo());
    f.sync.undo();
    REQUIRE(waitFor([&] { return f.model().personCount() == 8; }));
}

TEST_CASE("contact list: context menu offers routes, split, rename and block")
{
    ListFixture f;
    populate(f);
    const PersonId ada = f.directory.personOf({f.xmpp, QStringLiteral("ada@lovelace.org")});
    const PersonId linus = f.directory.personOf({f.irc, QStringLiteral("linus")});
    f.sync.merge(ada, linus);
    f.directory.flush();
    QCoreApplication::processEvents();

    QMenu *menu = f.window->personMenu(ada);
    REQUIRE(menu);
    auto find = [&](QMenu *m, const QString &prefix) -> QAction * {
        for (QAction *a : m->actions()) {
            if (a->text().remove(QLatin1Char('&')).startsWith(prefix))
                return a;
        }
        return nullptr;
    };
    QAction *messageVia = find(menu, QStringLiteral("Message via"));
    REQUIRE(messageVia);
    CHECK(messageVia->menu()->actions().size() == 2); // one route per network
    QSignalSpy conversations(f.window.get(), &ui::MainWindow::conversationRequested);
    messageVia->menu()->actions().last()->trigger();
    REQUIRE(conversations.count() == 1);

    QAction *callVia = find(menu, QStringLiteral("Call via"));
    REQUIRE(callVia);
    for (QAction *a : callVia->menu()->actions())
        CHECK_FALSE(a->isEnabled()); // no buddy advertises voice here

    QAction *split = find(menu, QStringLiteral("Split"));
    REQUIRE(split);
    split->menu()->actions().last()->trigger();
    REQUIRE(waitFor([&] { return f.directory.size() == 8; }));

    QAction *block = find(f.window->personMenu(ada), QStringLiteral("Block"));
    REQUIRE(block);
    block->trigger();
    CHECK(f.roster.isBlocked({f.xmpp, QStringLiteral("ada@lovelace.org")}));

    // Rename through the model (what F2 / "Rename" edits).
    f.model().setData(f.model().indexOf(ada), QStringLiteral("Countess Lovelace"), Qt::EditRole);
    CHECK(f.directory.contact(ada)->displayName() == QStringLiteral("Countess Lovelace"));
}

TEST_CASE("contact list: hostile names are painted neutralised")
{
    CHECK(ui::displaySafe(QStringLiteral("\u202Egnp.exe\u202C\u0007x\ny")) ==
          QChar(0x2068) + QStringLiteral("gnp.exe x y") + QChar(0x2069));
    const QString longName(10000, QLatin1Char('w'));
    CHECK(ui::displaySafe(longName).size() <= 203);
}

TEST_CASE("contact list: screenshot of a populated list")
{
    ListFixture f;
    populate(f);
    // A person reachable for calls shows the call button.
    contacts::ContactBuddy voice = *f.directory.buddy({f.xmpp, QStringLiteral("ada@lovelace.org")});
    f.directory.setVoiceCapable(voice.address, true); // what the call layer reports
    f.directory.flush();
    f.model().setUnread(f.directory.personOf({f.xmpp, QStringLiteral("alan@bletchley.uk")}), 3);
    QCoreApplication::processEvents();
    CHECK(f.model().indexOf(voice.address.account.isValid() ? f.directory.personOf(voice.address) : PersonId())
              .data(ui::ContactListModel::CallableRole)
              .toBool());
    const QString path = artifactsDir() + QStringLiteral("/contact-list.png");
    REQUIRE(f.window->grab().save(path));
    WARN("screenshot: " << path.toStdString());

    // The same list in a dark palette: everything is painted from the palette.
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x27));
    dark.setColor(QPalette::Base, QColor(0x18, 0x1a, 0x1f));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x29, 0x30));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Button, QColor(0x2b, 0x2e, 0x36));
    dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9f, 0xa8));
    dark.setColor(QPalette::Highlight, QColor(0x3b, 0x82, 0xf6));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    QApplication::setPalette(dark);
    QCoreApplication::processEvents();
    const QString darkPath = artifactsDir() + QStringLiteral("/contact-list-dark.png");
    REQUIRE(f.window->grab().save(darkPath));
    QApplication::setPalette(QPalette());
}

TEST_CASE("contact list: avatar pictures are shown, and a file that is not an image keeps the initials")
{
    ListFixture f;
    TempDir icons;
    QImage red(200, 120, QImage::Format_RGB32); // not square, bigger than a row: cropped and scaled
    red.fill(QColor(220, 20, 20));
    REQUIRE(red.save(icons.filePath(QStringLiteral("0a1b2c.png"))));
    QFile bogus(icons.filePath(QStringLiteral("badbad.png")));
    REQUIRE(bogus.open(QIODevice::WriteOnly));
    bogus.write("<html>this is not a PNG</html>");
    bogus.close();
    auto *avatars = new ui::AvatarCache(icons.path(), f.window.get());
    f.window->contactView()->setAvatarCache(avatars);

    auto report = [&](const QString &handle, const QString &alias, const QString &hash) {
        BuddyInfo info{{f.xmpp, handle}, alias, {}, QStringLiteral("Friends"), {PresenceKind::Available, {}, false}};
        info.avatarHash = hash;
        f.roster.report(info);
    };
    report(QStringLiteral("ada@lovelace.org"), QStringLiteral("Ada"), QStringLiteral("0a1b2c.png"));
    report(QStringLiteral("bob@example.org"), QStringLiteral("Bob"), QStringLiteral("badbad.png"));
    report(QStringLiteral("eve@example.org"), QStringLiteral("Eve"), QStringLiteral("../../etc/passwd"));
    f.settle(3);
    const PersonId ada = f.directory.personOf({f.xmpp, QStringLiteral("ada@lovelace.org")});
    const PersonId bob = f.directory.personOf({f.xmpp, QStringLiteral("bob@example.org")});
    REQUIRE(f.model().indexOf(ada).data(ui::ContactListModel::AvatarRole).toString() == QStringLiteral("0a1b2c.png"));

    // The first paint asks for the pictures; they decode off the UI thread.
    f.window->contactView()->viewport()->repaint();
    REQUIRE(waitFor([&] {
        return !avatars->pixmap(QStringLiteral("0a1b2c.png"), 32).isNull() && avatars->isUnusable(QStringLiteral("badbad.png"));
    }));
    CHECK(avatars->isUnusable(QStringLiteral("../../etc/passwd")));
    QCoreApplication::processEvents();

    const QImage shot = f.window->contactView()->viewport()->grab().toImage();
    auto avatarCentre = [&](PersonId person) {
        const QRect row = f.window->contactView()->visualRect(f.model().indexOf(person));
        const QPoint centre(row.left() + 8 + 12, row.center().y() - 6); // inside the circle, clear of the presence dot
        return shot.pixelColor(centre * shot.devicePixelRatio());
    };
    const QColor adaPixel = avatarCentre(ada);
    CHECK(adaPixel.red() > 180);
    CHECK(adaPixel.green() < 80);
    const QColor bobPixel = avatarCentre(bob);
    CHECK_FALSE((bobPixel.red() > 180 && bobPixel.green() < 80)); // initials on the name's colour

    // The hash went through the store: a restart shows the picture before any account connects.
    contacts::ContactCache cache2(f.store);
    auto loaded = cache2.loadAll();
    REQUIRE(waitFor([&] { return loaded.isFinished(); }));
    bool found = false;
    for (const contacts::Contact &c : loaded.result()) {
        for (const contacts::ContactBuddy &b : c.buddies)
            found |= b.avatarHash == QStringLiteral("0a1b2c.png");
    }
    CHECK(found);
    const QString path = artifactsDir() + QStringLiteral("/contact-list-avatars.png");
    REQUIRE(f.window->grab().save(path));
    WARN("screenshot: " << path.toStdString());
}

TEST_CASE("contact list: 20,000 people changing at once are taken in slices and end sorted")
{
    ListFixture f;
    f.model().setGrouped(false);
    f.model().setSortMode(ui::ContactListModel::SortMode::Name);
    constexpr int kPeople = 20000;
    for (int i = 0; i < kPeople; ++i)
        f.add(f.xmpp, QStringLiteral("p%1@x.org").arg(i), QStringLiteral("Person %1").arg(kPeople - i, 5, 10, QLatin1Char('0')),
              PresenceKind::Offline);
    REQUIRE(waitFor([&] { return f.directory.size() == kPeople; }, 60000));
    // Everyone goes online, saying so, in one directory notification.
    QSignalSpy changes(&f.directory, &contacts::ContactDirectory::peopleChanged);
    for (int i = 0; i < kPeople; ++i)
        f.roster.reportPresence({f.xmpp, QStringLiteral("p%1@x.org").arg(i)}, {PresenceKind::Available, QStringLiteral("back"), false});
    f.directory.flush();
    REQUIRE(changes.count() == 1);
    // The notification returned after one slice: the rows not reached yet still show no status.
    auto withoutStatus = [&] {
        int n = 0;
        for (int row = 0; row < f.model().rowCount(); ++row)
            n += f.model().index(row).data(ui::ContactListModel::StatusTextRole).toString().isEmpty();
        return n;
    };
    CHECK(withoutStatus() > 0);
    REQUIRE(waitFor([&] { return f.model().personCount() == kPeople && withoutStatus() == 0; }, 60000));
    const QStringList names = f.names();
    INFO("people " << f.model().personCount() << " rows " << f.model().rowCount() << " directory " << f.directory.size());
    REQUIRE(names.size() == kPeople);
    CHECK(names.first() == QStringLiteral("Person 00001"));
    CHECK(names.last() == QStringLiteral("Person 20000"));
    CHECK(std::is_sorted(names.cbegin(), names.cend()));
}
