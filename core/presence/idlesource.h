// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>
#include <optional>

namespace crosstalk {

/// How long the user has been away from the keyboard and mouse. The desktop provides it
/// (X11 screensaver extension, org.freedesktop.ScreenSaver); tests inject their own.
class IdleSource
{
public:
    virtual ~IdleSource() = default;

    /// Calls back with the idle time in milliseconds, or nullopt when it cannot be known.
    virtual void query(std::function<void(std::optional<qint64>)> done) = 0;
    /// "X11 screensaver extension", …; or why there is none ("not available: …").
    virtual QString description() const = 0;
};

} // namespace crosstalk
