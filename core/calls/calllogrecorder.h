// SPDX-License-Identifier: GPL-3.0-or-later
// Every call, as it happens, into the store's call log and the person's timeline.
#pragma once

#include "core/network/callservice.h"
#include "core/store/records.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

namespace crosstalk::store {
class Store;
}

namespace crosstalk::calls {

/// Writes each call of the CallService to the `calls` table: a row when the call appears,
/// its answer time, and at the end the outcome with a small JSON of the call's statistics
/// (codec, bitrate, loss, jitter, round trip, MOS, why it ended). At the end it also adds one
/// line to the conversation with the buddy (a message row flagged CallEvent, e.g.
/// "Outgoing call, 2:13" or "Missed call"), so calls show in the chat history between
/// the messages. All on the store's writer thread, in submission order; nothing waits.
class CallLogRecorder : public QObject
{
    Q_OBJECT
public:
    CallLogRecorder(store::Store &store, CallService &calls, QObject *parent = nullptr);
    ~CallLogRecorder() override;

    /// Per buddy, when a call last went to or came through it: outgoing calls and answered
    /// incoming ones (for CallRoutes' "last used").
    QFuture<QHash<BuddyAddress, qint64>> loadLastCalls();

    /// The store's outcome for a finished call.
    static store::CallOutcome outcomeOf(const CallInfo &call);
    /// The timeline line: "Outgoing call, 2:13", "Missed call", "Call declined"…
    static QString timelineText(const CallInfo &call, store::CallOutcome outcome);
    /// The stats JSON kept with the call.
    static QString statsJson(const CallQuality &quality, const CallInfo &call);

Q_SIGNALS:
    /// The call's row and its timeline line are committed.
    void callLogged(crosstalk::CallKey key, crosstalk::CallId id, crosstalk::store::CallOutcome outcome);
    /// The timeline line, committed; the app shows it in an open conversation.
    void timelineEntry(const crosstalk::store::StoredMessage &message);
    void writeFailed(const QString &error);

private:
    void onAdded(const CallInfo &call);
    void onChanged(const CallInfo &call);
    void onEnded(const CallInfo &call);
    void sample();

    struct Shared; // state touched only by jobs on the writer thread
    store::Store &m_store;
    CallService &m_calls;
    std::shared_ptr<Shared> m_shared;
    QHash<CallKey, CallQuality> m_lastQuality; ///< the engine forgets a call when it ends
    QHash<CallKey, bool> m_answered;
    QTimer m_sampler;
};

} // namespace crosstalk::calls
