// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/conversations/typingnotifier.h"

namespace crosstalk::conversations {

TypingNotifier::TypingNotifier(int pauseAfterMs, QObject *parent)
    : QObject(parent)
{
    m_pause.setSingleShot(true);
    m_pause.setInterval(pauseAfterMs);
    connect(&m_pause, &QTimer::timeout, this, [this] { set(TypingState::Paused); });
}

void TypingNotifier::edited(bool empty)
{
    if (empty) {
        reset();
        return;
    }
    set(TypingState::Typing);
    m_pause.start();
}

void TypingNotifier::reset()
{
    m_pause.stop();
    set(TypingState::NotTyping);
}

void TypingNotifier::set(TypingState state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace crosstalk::conversations
