// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/account.h"

#include <QList>
#include <QLoggingCategory>
#include <QString>

#include <functional>

Q_DECLARE_LOGGING_CATEGORY(lcPurple)

namespace crosstalk::protocols {

/// libpurple inside the Qt event loop. One per process (libpurple's state is global):
/// it sets the user dir, maps libpurple's event loop onto Qt's GLib dispatcher, routes
/// libpurple's debug output to the "crosstalk.purple" logging category, turns libpurple's
/// own HTML logging off (history belongs in the store) and loads every installed prpl.
class PurpleRuntime
{
public:
    struct Options
    {
        QString userDir;                   ///< the profile's libpurple directory
        std::function<void()> installUiOps; ///< called inside purple_core_init, as Finch does
    };

    explicit PurpleRuntime(Options options);
    ~PurpleRuntime();
    PurpleRuntime(const PurpleRuntime &) = delete;
    PurpleRuntime &operator=(const PurpleRuntime &) = delete;

    /// Initialises libpurple; false with a reason when it cannot run here.
    bool init(QString *error);
    bool isInitialised() const { return m_initialised; }
    QList<ProtocolInfo> protocols() const;

    /// The installUiOps callback of the runtime being initialised (libpurple's
    /// ui_init hook has no user data).
    static void runUiInit();

private:
    Options m_options;
    bool m_initialised = false;
};

} // namespace crosstalk::protocols
