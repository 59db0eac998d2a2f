// SPDX-License-Identifier: GPL-3.0-or-later
// Private to protocols/: the one conversation ui-ops table, routing IM lines to
// PurpleMessaging and chat lines to PurpleGroupChats.
#pragma once

namespace crosstalk::protocols {

class PurpleMessaging;
class PurpleGroupChats;

void installConversationUiOps(PurpleMessaging *messaging, PurpleGroupChats *chats);
void clearConversationUiOps();

} // namespace crosstalk::protocols
