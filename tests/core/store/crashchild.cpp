// SPDX-License-Identifier: GPL-3.0-or-later
// The crash test's victim: writes messages as fast as it can, each in its own transaction,
// and prints every committed id on stdout. The test SIGKILLs it at random moments.
#include "core/store/accountrepository.h"
#include "core/store/messagerepository.h"
#include "core/store/store.h"
#include "core/store/transaction.h"

#include <QCoreApplication>

#include <cstdio>

using namespace crosstalk;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2)
        return 2;
    store::Store s(QString::fromLocal8Bit(argv[1]));
    try {
        s.open().waitForFinished();
    } catch (const store::StoreError &error) {
        std::fprintf(stderr, "open failed: %s\n", error.what());
        return 1;
    }
    const ConversationId conversation =
        s.write([](store::Connection &db) {
             store::Transaction t(db);
             const AccountId a = store::AccountRepository(db).upsert(
                 {QStringLiteral("prpl-jabber"), QStringLiteral("me@x"), {}, {}, true});
             const ConversationId c =
                 store::MessageRepository(db).ensureConversation({a, QStringLiteral("bob@x")});
             t.commit();
             return c;
         }).result();
    for (int i = 0;; ++i) {
        const MessageId id = s.write([conversation, i](store::Connection &db) {
                                  store::Transaction t(db);
                                  store::NewMessage m;
                                  m.conversation = conversation;
                                  m.body = QStringLiteral("crash test message %1").arg(i);
                                  const MessageId inserted = store::MessageRepository(db).insert(m).id;
                                  t.commit();
                                  return inserted;
                              }).result();
        std::printf("%lld\n", static_cast<long long>(id.value()));
        std::fflush(stdout);
    }
}
