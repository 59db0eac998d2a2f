// SPDX-License-Identifier: GPL-3.0-or-later
// Private to protocols/: what each loaded prpl asks of an account, read from libpurple.
#pragma once

#include "core/network/protocoldescription.h"

namespace crosstalk::protocols {

/// Reads every prpl's user splits and protocol options (PurplePluginProtocolInfo) so the
/// accounts dialog can build its form from them; splits and joins usernames the way
/// Pidgin's account editor does. Needs libpurple initialised.
class PurpleProtocolOptions : public ProtocolCatalog
{
public:
    QList<ProtocolDescription> describeProtocols() const override;
    std::optional<ProtocolDescription> describe(const QString &protocolId) const override;
    QStringList splitUsername(const QString &protocolId, const QString &username) const override;
    QString joinUsername(const QString &protocolId, const QStringList &parts) const override;
};

} // namespace crosstalk::protocols
