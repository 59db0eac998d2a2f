// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>

#include <cstdint>
#include <vector>

namespace crosstalk::ui {

/// Every person's folded search text in one contiguous buffer, so a filter keystroke is a few
/// memmem passes over ~2 MB instead of 50,000 scattered string searches (each a cache miss
/// or two: that, not the comparing, was what made a keystroke slow).
class ContactSearchIndex
{
public:
    void clear();
    /// Appends one person's key; returns the slot to look the person up with.
    int add(const QByteArray &key);
    int size() const { return int(m_starts.size()); }

    /// One flag per slot: 1 when the slot's key contains every word (folded UTF-8).
    const std::vector<std::uint8_t> &match(const QList<QByteArray> &words);

private:
    QByteArray m_text;                 ///< keys separated by '\0' (never part of a folded word)
    std::vector<std::uint32_t> m_starts;
    std::vector<std::uint8_t> m_hits;
    std::vector<std::uint8_t> m_wordHits;
};

} // namespace crosstalk::ui
