// SPDX-License-Identifier: GPL-3.0-or-later
// Strong id types: a row id of one entity can never be passed where another's is expected.
#pragma once

#include <QHashFunctions>
#include <QMetaType>
#include <compare>

namespace crosstalk {

template <typename Tag>
class StrongId
{
public:
    constexpr StrongId() = default;
    constexpr explicit StrongId(qint64 value) : m_value(value) {}

    constexpr qint64 value() const { return m_value; }
    /// Ids handed out by the store and the protocol layer start at 1; 0 means "none".
    constexpr bool isValid() const { return m_value > 0; }

    friend constexpr auto operator<=>(StrongId, StrongId) = default;

private:
    qint64 m_value = 0;
};

template <typename Tag>
inline size_t qHash(StrongId<Tag> id, size_t seed = 0) noexcept
{
    return ::qHash(id.value(), seed);
}

using AccountId = StrongId<struct AccountTag>;
using BuddyId = StrongId<struct BuddyTag>;
using PersonId = StrongId<struct PersonTag>;
using MessageId = StrongId<struct MessageTag>;
using ConversationId = StrongId<struct ConversationTag>;
using CallId = StrongId<struct CallTag>;

} // namespace crosstalk

Q_DECLARE_METATYPE(crosstalk::AccountId)
Q_DECLARE_METATYPE(crosstalk::BuddyId)
Q_DECLARE_METATYPE(crosstalk::PersonId)
Q_DECLARE_METATYPE(crosstalk::MessageId)
Q_DECLARE_METATYPE(crosstalk::ConversationId)
Q_DECLARE_METATYPE(crosstalk::CallId)
