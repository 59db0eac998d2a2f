// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/ids.h"

#include <QString>

namespace crosstalk {

/// Where passwords go instead of Crosstalk's files (the app backs it with the Secret Service
/// through qtkeychain). Crosstalk itself never writes a secret to disk.
class SecretStore
{
public:
    virtual ~SecretStore() = default;

    /// Keeps the account's password. May be called from a worker thread (e.g. the Pidgin
    /// importer's); may block until stored. Returns false when it could not be kept.
    virtual bool storePassword(AccountId account, const QString &protocolId, const QString &username,
                               const QString &password) = 0;
};

} // namespace crosstalk
