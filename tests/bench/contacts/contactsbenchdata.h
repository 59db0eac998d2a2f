// SPDX-License-Identifier: GPL-3.0-or-later
// A realistic cached contact list for the contact-list benchmarks (fixed seed).
#pragma once

#include <QString>

namespace crosstalk::bench {

/// Writes `people` buddies (each its own person) over two accounts into a new store at path.
/// Returns false with a message on stderr when it cannot.
bool makeContactStore(const QString &path, int people);

} // namespace crosstalk::bench
