// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/bench/contacts/contactsbenchdata.h"

#include "core/network/rosterservice.h"
#include "core/store/buddyrepository.h"
#include "core/store/connection.h"
#include "core/store/statement.h"
#include "core/store/store.h"
#include "core/store/transaction.h"

#include <QRandomGenerator>
#include <QStringList>

#include <cstdio>

namespace crosstalk::bench {

bool makeContactStore(const QString &path, int people)
{
    store::Store db(path);
    try {
        db.open().waitForFinished();
        db.write([people](store::Connection &c) {
              store::Transaction tx(c);
              c.exec(QStringLiteral(
                  "INSERT INTO accounts(id, protocol, username, alias, settings, enabled, created_at) VALUES "
                  "(1, 'prpl-jabber', 'me@example.org/desk', '', '{}', 1, 0), "
                  "(2, 'prpl-irc', 'me@irc.example.net', '', '{}', 1, 0)"));
              const QStringList first{QStringLiteral("Ada"), QStringLiteral("Alan"), QStringLiteral("Grace"),
                                      QStringLiteral("Zoë"), QStringLiteral("Linus"), QStringLiteral("Margaret"),
                                      QStringLiteral("Dennis"), QStringLiteral("Barbara"), QStringLiteral("Ken"),
                                      QStringLiteral("Frances"), QStringLiteral("Edsger"), QStringLiteral("Radia"),
                                      QStringLiteral("Søren"), QStringLiteral("Anaïs"), QStringLiteral("Jürgen"),
                                      QStringLiteral("Chloé"), QStringLiteral("Mateo"), QStringLiteral("Priya"),
                                      QStringLiteral("Wei"), QStringLiteral("Olu")};
              const QStringList last{QStringLiteral("Lovelace"), QStringLiteral("Turing"), QStringLiteral("Hopper"),
                                     QStringLiteral("Ångström"), QStringLiteral("Torvalds"), QStringLiteral("Hamilton"),
                                     QStringLiteral("Ritchie"), QStringLiteral("Liskov"), QStringLiteral("Thompson"),
                                     QStringLiteral("Allen"), QStringLiteral("Dijkstra"), QStringLiteral("Perlman"),
                                     QStringLiteral("Kierkegaard"), QStringLiteral("Nin"), QStringLiteral("Schmidhuber"),
                                     QStringLiteral("Dubois"), QStringLiteral("García"), QStringLiteral("Patel"),
                                     QStringLiteral("Zhang"), QStringLiteral("Adeyemi")};
              QRandomGenerator random(20261122);
              store::BuddyRepository repo(c);
              for (int i = 0; i < people; ++i) {
                  const AccountId account(1 + (i % 2));
                  const QString name = first[random.bounded(first.size())] + QLatin1Char(' ')
                                       + last[random.bounded(last.size())];
                  const QString handle = account.value() == 1
                                             ? QStringLiteral("user%1@server%2.example").arg(i).arg(i % 50)
                                             : QStringLiteral("nick%1").arg(i);
                  BuddyInfo info;
                  info.address = {account, handle};
                  info.alias = i % 3 == 0 ? name : QString();
                  info.serverAlias = name;
                  info.group = QStringLiteral("Group %1").arg(random.bounded(20));
                  repo.upsert(info);
              }
              tx.commit();
          })
            .waitForFinished();
    } catch (const std::exception &e) {
        std::fprintf(stderr, "cannot build the benchmark store: %s\n", e.what());
        return false;
    }
    return true;
}

} // namespace crosstalk::bench
