// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/account.h"

namespace crosstalk {

QString connectionStateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Disconnected: return QStringLiteral("offline");
    case ConnectionState::Connecting: return QStringLiteral("connecting");
    case ConnectionState::Connected: return QStringLiteral("online");
    case ConnectionState::Error: return QStringLiteral("error");
    }
    return {};
}

} // namespace crosstalk
