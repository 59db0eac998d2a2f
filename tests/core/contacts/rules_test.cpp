// SPDX-License-Identifier: GPL-3.0-or-later
// The pure rules of the merged contact list: folding, presence order, merge keys.
#include "core/contacts/mergeindex.h"
#include "core/contacts/presenceaggregator.h"
#include "core/contacts/textfold.h"

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::contacts;

namespace {

ContactBuddy buddy(qint64 id, qint64 account, const QString &handle, const QString &protocol = QStringLiteral("prpl-jabber"))
{
    ContactBuddy b;
    b.id = BuddyId(id);
    b.address = {AccountId(account), handle};
    b.protocolId = protocol;
    return b;
}

ContactBuddy withPresence(ContactBuddy b, PresenceKind kind, qint64 activity = 0)
{
    b.presence.kind = kind;
    b.lastActivityMs = activity;
    return b;
}

} // namespace

TEST_CASE("folding ignores case, accents and punctuation")
{
    CHECK(foldForMatch(QStringLiteral("Zoë  O'Brien")) == QStringLiteral("zoe o brien"));
    CHECK(foldForMatch(QStringLiteral("ÉMILE")) == foldForMatch(QStringLiteral("emile")));
    CHECK(foldForMatch(QStringLiteral("Straße")) == QStringLiteral("strasse"));
    CHECK(foldForMatch(QStringLiteral("\u202Eevil\u202C")) == QStringLiteral("evil"));
    CHECK(foldForMatch(QString()).isEmpty());
    CHECK(phoneDigits(QStringLiteral("+1 (555) 010-9999")) == QStringLiteral("15550109999"));
    CHECK(phoneDigits(QStringLiteral("555")).isEmpty());
    CHECK(phoneDigits(QStringLiteral("bob555-1234")).isEmpty());
    CHECK(isEmailLike(QStringLiteral("bob@example.org")));
    CHECK(isEmailLike(QStringLiteral("bob@example.org/phone")));
    CHECK_FALSE(isEmailLike(QStringLiteral("bob@localhost")));
    CHECK_FALSE(isEmailLike(QStringLiteral("#channel")));
}

TEST_CASE("a person shows their best reachable buddy's presence, ties by recent activity")
{
    Contact c;
    c.buddies = {withPresence(buddy(1, 1, QStringLiteral("a@x.org")), PresenceKind::Away, 10),
                 withPresence(buddy(2, 2, QStringLiteral("a")), PresenceKind::Available, 5),
                 withPresence(buddy(3, 3, QStringLiteral("a@y.org")), PresenceKind::Busy, 50)};
    CHECK(PresenceAggregator::presenceOf(c).kind == PresenceKind::Available);

    const QList<PresenceKind> order{PresenceKind::Available, PresenceKind::Chatty, PresenceKind::Away,
                                    PresenceKind::ExtendedAway, PresenceKind::Busy, PresenceKind::Offline};
    for (int i = 0; i + 1 < order.size(); ++i)
        CHECK(PresenceAggregator::rank(order[i]) > PresenceAggregator::rank(order[i + 1]));
    CHECK(PresenceAggregator::rank(PresenceKind::Invisible) == PresenceAggregator::rank(PresenceKind::Offline));

    c.buddies[1].presence.kind = PresenceKind::Away;
    c.buddies[1].lastActivityMs = 99;
    CHECK(PresenceAggregator::bestBuddy(c.buddies) == 1); // both away: the more recent one

    c.buddies = {withPresence(buddy(1, 1, QStringLiteral("a@x.org")), PresenceKind::Offline)};
    CHECK(PresenceAggregator::presenceOf(c).kind == PresenceKind::Offline);
    CHECK(PresenceAggregator::reachable(c.buddies).isEmpty());
    CHECK(PresenceAggregator::presenceOf(Contact{}).kind == PresenceKind::Unknown);
}

TEST_CASE("callable buddies are the online ones that advertise voice, best first")
{
    QList<ContactBuddy> buddies{withPresence(buddy(1, 1, QStringLiteral("a@x.org")), PresenceKind::Away),
                                withPresence(buddy(2, 2, QStringLiteral("a")), PresenceKind::Available),
                                withPresence(buddy(3, 3, QStringLiteral("a@y.org")), PresenceKind::Available)};
    buddies[0].voiceCapable = true;
    buddies[2].voiceCapable = true;
    CHECK(PresenceAggregator::callable(buddies) == QList<int>{2, 0});
    CHECK(PresenceAggregator::reachable(buddies).size() == 3);
}

TEST_CASE("merge keys: every rule, with its confidence")
{
    MergeIndex index;
    const PersonId p1(1), p2(2), p3(3), p4(4), p5(5), p6(6);

    ContactBuddy sameHandle = buddy(10, 1, QStringLiteral("bob@localhost"));
    index.add(sameHandle, p1);
    ContactBuddy emailOtherNet = buddy(11, 3, QStringLiteral("carol@example.org"), QStringLiteral("prpl-discord"));
    index.add(emailOtherNet, p2);
    ContactBuddy phone = buddy(12, 3, QStringLiteral("+44 20 7946 0000"), QStringLiteral("prpl-signal"));
    index.add(phone, p3);
    ContactBuddy avatar = buddy(13, 3, QStringLiteral("dave1"), QStringLiteral("prpl-irc"));
    avatar.avatarHash = QStringLiteral("abc123");
    index.add(avatar, p4);
    ContactBuddy named = buddy(14, 3, QStringLiteral("xyz"), QStringLiteral("prpl-irc"));
    named.serverAlias = QStringLiteral("Émile Zola");
    index.add(named, p5);
    ContactBuddy local = buddy(15, 3, QStringLiteral("frank@one.org"));
    index.add(local, p6);

    auto best = [&](const ContactBuddy &b) {
        const auto s = index.suggestionsFor(b, PersonId(100), {});
        return s.isEmpty() ? std::optional<MergeSuggestion>() : std::optional<MergeSuggestion>(s.first());
    };

    const auto handle = best(buddy(20, 2, QStringLiteral("bob@localhost")));
    REQUIRE(handle);
    CHECK(handle->reason == MergeReason::SameHandle);
    CHECK(handle->confidence == 1.0);
    CHECK(handle->matchPerson == p1);

    const auto email = best(buddy(21, 1, QStringLiteral("Carol@Example.org")));
    REQUIRE(email);
    CHECK(email->reason == MergeReason::SameIdentifier);
    CHECK(email->confidence < 1.0);

    const auto tel = best(buddy(22, 1, QStringLiteral("+442079460000"), QStringLiteral("prpl-telegram")));
    REQUIRE(tel);
    CHECK(tel->reason == MergeReason::SameIdentifier);

    ContactBuddy pic = buddy(23, 1, QStringLiteral("d@x"));
    pic.avatarHash = QStringLiteral("abc123");
    REQUIRE(best(pic));
    CHECK(best(pic)->reason == MergeReason::SameAvatar);

    ContactBuddy sameName = buddy(24, 1, QStringLiteral("ez@lit.fr"));
    sameName.alias = QStringLiteral("emile zola");
    REQUIRE(best(sameName));
    CHECK(best(sameName)->reason == MergeReason::SameName);

    const auto lp = best(buddy(25, 1, QStringLiteral("frank@two.net")));
    REQUIRE(lp);
    CHECK(lp->reason == MergeReason::SameLocalPart);
    CHECK(lp->confidence < 0.5);
}

TEST_CASE("merge keys never pair two buddies of one account, the same person, or a decided pair")
{
    MergeIndex index;
    index.add(buddy(1, 1, QStringLiteral("bob@localhost")), PersonId(1));
    CHECK(index.suggestionsFor(buddy(2, 1, QStringLiteral("bob@localhost")), PersonId(2), {}).isEmpty());
    CHECK(index.suggestionsFor(buddy(3, 2, QStringLiteral("bob@localhost")), PersonId(1), {}).isEmpty());
    const auto decided = [](BuddyId a, BuddyId b) { return a.value() + b.value() == 5; };
    CHECK(index.suggestionsFor(buddy(4, 2, QStringLiteral("bob@localhost")), PersonId(9), decided).isEmpty());
    CHECK(index.suggestionsFor(buddy(5, 2, QStringLiteral("bob@localhost")), PersonId(9), decided).size() == 1);
}

TEST_CASE("a name shared by very many buddies suggests nothing")
{
    MergeIndex index;
    for (int i = 0; i < MergeIndex::kMaxKeyFanout + 1; ++i) {
        ContactBuddy b = buddy(100 + i, 1, QStringLiteral("user%1").arg(i), QStringLiteral("prpl-irc"));
        b.serverAlias = QStringLiteral("Mobile");
        index.add(b, PersonId(100 + i));
    }
    ContactBuddy mine = buddy(1, 2, QStringLiteral("someone"), QStringLiteral("prpl-irc"));
    mine.serverAlias = QStringLiteral("mobile");
    CHECK(index.suggestionsFor(mine, PersonId(1), {}).isEmpty());
}

TEST_CASE("removing a renamed buddy forgets the keys it was indexed under")
{
    MergeIndex index;
    ContactBuddy b = buddy(1, 1, QStringLiteral("x"), QStringLiteral("prpl-irc"));
    b.alias = QStringLiteral("Grace Hopper");
    index.add(b, PersonId(1));
    b.alias = QStringLiteral("Someone Else");
    index.remove(b);
    ContactBuddy probe = buddy(2, 2, QStringLiteral("y"), QStringLiteral("prpl-irc"));
    probe.alias = QStringLiteral("Grace Hopper");
    CHECK(index.suggestionsFor(probe, PersonId(2), {}).isEmpty());
}
