// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers for store tests: blocking waits are fine here, never in the product.
#pragma once

#include "core/store/connection.h"
#include "core/store/store.h"

#include <memory>

namespace crosstalk::test {

/// Opens a store at path and waits for it; throws the StoreError on failure.
inline std::unique_ptr<store::Store> openStore(const QString &path, store::OpenOptions options = {},
                                               store::OpenReport *report = nullptr)
{
    auto s = std::make_unique<store::Store>(path, std::move(options));
    const store::OpenReport r = s->open().result();
    if (report)
        *report = r;
    return s;
}

/// A separate read-write connection, as another process would have.
inline std::unique_ptr<store::Connection> rawConnection(const QString &path)
{
    return store::Connection::open(path, store::Connection::Mode::ReadWrite, 2000);
}

} // namespace crosstalk::test
