// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/network/messagingservice.h"

#include <QObject>
#include <QTimer>

namespace crosstalk::conversations {

/// Our side of typing notifications for one conversation, XEP-0085 style: Typing on the
/// first keystroke, Paused after a quiet spell, NotTyping when the text is sent or cleared.
/// Only changes are emitted, so the network sees one notification per change, not per key.
class TypingNotifier : public QObject
{
    Q_OBJECT
public:
    explicit TypingNotifier(int pauseAfterMs = 5000, QObject *parent = nullptr);

    /// The input changed; `empty` when it now holds no text.
    void edited(bool empty);
    /// The text was sent (or the conversation closed).
    void reset();
    TypingState state() const { return m_state; }

Q_SIGNALS:
    void stateChanged(crosstalk::TypingState state);

private:
    void set(TypingState state);

    QTimer m_pause;
    TypingState m_state = TypingState::NotTyping;
};

} // namespace crosstalk::conversations
