// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/contactsearchindex.h"

#include <cstring>

namespace crosstalk::ui {

void ContactSearchIndex::clear()
{
    m_text.clear();
    m_starts.clear();
}

int ContactSearchIndex::add(const QByteArray &key)
{
    m_starts.push_back(std::uint32_t(m_text.size()));
    m_text.append(key);
    m_text.append('\0');
    return int(m_starts.size()) - 1;
}

const std::vector<std::uint8_t> &ContactSearchIndex::match(const QList<QByteArray> &words)
{
    m_hits.assign(m_starts.size(), 1);
    const char *text = m_text.constData();
    const std::size_t length = std::size_t(m_text.size());
    for (const QByteArray &word : words) {
        if (word.isEmpty())
            continue;
        m_wordHits.assign(m_starts.size(), 0);
        std::size_t pos = 0;
        std::size_t slot = 0;
        const std::size_t slots = m_starts.size();
        while (pos < length) {
            const void *found = memmem(text + pos, length - pos, word.constData(), std::size_t(word.size()));
            if (!found)
                break;
            const std::size_t offset = std::size_t(static_cast<const char *>(found) - text);
            // Hits come in order: walk the slot cursor forward instead of searching for it.
            while (slot + 1 < slots && m_starts[slot + 1] <= offset)
                ++slot;
            m_wordHits[slot] = 1;
            // One hit per person is enough: continue at the next person's key.
            if (slot + 1 >= slots)
                break;
            pos = m_starts[++slot];
        }
        for (std::size_t i = 0; i < m_hits.size(); ++i)
            m_hits[i] &= m_wordHits[i];
    }
    return m_hits;
}

} // namespace crosstalk::ui
