// SPDX-License-Identifier: GPL-3.0-or-later
// Which of a person's buddies a call goes to, and why a person cannot be called.
#pragma once

#include "core/contacts/contactdirectory.h"
#include "core/network/accountservice.h"
#include "core/network/callservice.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <optional>

namespace crosstalk::calls {

struct CallRoute
{
    BuddyAddress buddy;
    QString network;     ///< "XMPP"
    QString description; ///< "Calling Alice via XMPP, alice@example.org"
};

/// Routes calls for people of the merged list:
/// - a person is callable when any of their buddies has CallService::capability().audio;
/// - the route is the callable buddy with the best presence, then the one last used for a
///   call (the call log's memory), then the most recent activity;
/// - with no route, the reason is the buddies' own (CallCapability::whyNot).
/// It also keeps the directory's `voiceCapable` flags in step with the call layer, which is
/// what shows or hides the call button on contact rows.
class CallRoutes : public QObject
{
    Q_OBJECT
public:
    CallRoutes(CallService &calls, contacts::ContactDirectory &directory, AccountService &accounts,
               QObject *parent = nullptr);

    bool isCallable(PersonId person) const;
    std::optional<CallRoute> route(PersonId person, QString *whyNot = nullptr) const;
    /// The route for a buddy chosen explicitly ("Call via …"), described.
    CallRoute describe(const BuddyAddress &buddy) const;
    /// "Alice": the person's name, else the buddy's, else the handle.
    QString nameOf(const BuddyAddress &buddy) const;
    QString networkName(AccountId account) const;

    /// When each buddy was last called or talked to on a call (ms since the epoch): loaded
    /// from the call log at start, then kept up to date from the calls themselves.
    void setLastCalls(const QHash<BuddyAddress, qint64> &lastCalls);
    qint64 lastCall(const BuddyAddress &buddy) const { return m_lastCall.value(buddy); }
    void noteCall(const BuddyAddress &buddy, qint64 whenMs);

    /// Asks the call layer again about every buddy in the directory (after a reset).
    void refreshAll();

private:
    void refresh(const BuddyAddress &buddy);
    void retryPending(const QList<PersonId> &changed);

    CallService &m_calls;
    contacts::ContactDirectory &m_directory;
    AccountService &m_accounts;
    QHash<BuddyAddress, qint64> m_lastCall;
    /// Capability news for buddies the directory did not know yet (caps can arrive before
    /// the roster batch is stored); applied when they appear.
    QSet<BuddyAddress> m_pending;
};

} // namespace crosstalk::calls
