// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QAbstractScrollArea;

namespace crosstalk::ui {

/// Makes a scroll view paint its tall areas (the viewport's background, the vertical scroll
/// bar) in bands at most 64 pixels tall.
///
/// Qt 6.4's raster engine splits any fill or line taller than ~96 pixels across
/// QThreadPool::globalInstance() and blocks the painting thread until every piece is done. On a
/// busy two-core machine the pool's threads can wait for a core, and a frame that did 2 ms of
/// work takes 20-30 ms (seen in the conversation scroll bench, under the viewport's background
/// fill and the Fusion scroll bar's groove). Pieces that short are painted on the painting
/// thread. The view's own painting is unchanged.
void paintInBands(QAbstractScrollArea *area);

} // namespace crosstalk::ui
