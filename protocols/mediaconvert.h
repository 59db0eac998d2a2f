// SPDX-License-Identifier: GPL-3.0-or-later
// libpurple's media value objects (PurpleMediaCandidate, PurpleMediaCodec) to and from the
// backend's plain ones. Private to protocols/.
#pragma once

#include "protocols/icetransport.h"
#include "protocols/mediacodecs.h"

#include <purple.h>

namespace crosstalk::protocols {

/// New reference; the caller unrefs.
PurpleMediaCandidate *toPurple(const IceCandidate &c);
/// A non-UDP candidate comes back with port 0 (refused as unusable).
IceCandidate fromPurple(PurpleMediaCandidate *pc);
PurpleMediaCodec *toPurple(const RtpCodec &c);
RtpCodec fromPurple(PurpleMediaCodec *pc);

} // namespace crosstalk::protocols
