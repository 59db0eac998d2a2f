// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QWidget;

namespace crosstalk::ui {

/// Paints a scroll view's viewport background itself, in bands at most 64 pixels tall.
///
/// Qt 6.4's raster engine splits any fill taller than ~96 lines across
/// QThreadPool::globalInstance() and blocks the painting thread until every piece is done. On a
/// busy two-core machine the pool's threads can wait for a core, and a frame that did 2 ms of
/// work takes 20-30 ms (seen in the conversation scroll bench). Bands that short are filled on
/// the painting thread. Installed on the viewport; the view's own painting is unchanged.
class BandedBackground : public QObject
{
public:
    static void install(QWidget *viewport);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    using QObject::QObject;
};

} // namespace crosstalk::ui
