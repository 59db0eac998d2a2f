// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/address.h"
#include "core/model/ids.h"

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

namespace crosstalk {

using TransferId = StrongId<struct TransferTag>;

/// One file on its way to or from a buddy, as the UI sees it.
struct FileTransfer
{
    enum class Direction { Incoming, Outgoing };
    enum class State {
        Offered,      ///< incoming: waiting for the user to accept or decline
        Waiting,      ///< accepted / offered: waiting for the other side or the connection
        Transferring, ///< bytes are moving
        Done,
        Declined,     ///< we declined the offer, or the other side refused ours
        Cancelled,    ///< we cancelled it
        Failed,       ///< the other side cancelled, or a network or disk error; see error
    };

    TransferId id;
    BuddyAddress peer;
    Direction direction = Direction::Incoming;
    State state = State::Offered;
    QString fileName;  ///< the name as offered (sanitised for incoming), without a directory
    QString localPath; ///< outgoing: the source; incoming: where it was saved (once Done)
    qint64 size = 0;   ///< bytes; 0 when the sender did not say
    qint64 transferred = 0;
    QString error;     ///< why it failed or was declined, in words for the user

    bool isFinished() const { return state >= State::Done; }
    bool isIncoming() const { return direction == Direction::Incoming; }
};

/// Files to and from buddies. Incoming offers wait for accept() or decline(); accepted files
/// are written to the download directory under a name that is not taken ("a (1).txt"),
/// never over an existing file.
class FileTransferService : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    /// Offers the file at path to a buddy. An invalid id with *error set when it cannot start
    /// (account offline, peer cannot receive files, file missing, empty or unreadable).
    virtual TransferId sendFile(const BuddyAddress &to, const QString &path, QString *error = nullptr) = 0;
    /// Whether the buddy can be sent files right now (protocol, presence, their client).
    virtual bool canSendTo(const BuddyAddress &to) const = 0;
    /// Accepts an offer into the download directory; false if it is no longer offered.
    virtual bool accept(TransferId id) = 0;
    virtual void decline(TransferId id) = 0;
    /// Stops a transfer that has not finished (offers are declined).
    virtual void cancel(TransferId id) = 0;

    virtual std::optional<FileTransfer> transfer(TransferId id) const = 0;
    virtual QList<FileTransfer> transfers() const = 0;

    virtual QString downloadDirectory() const = 0;
    virtual void setDownloadDirectory(const QString &directory) = 0;

Q_SIGNALS:
    /// A new transfer: an incoming offer (Offered) or one of ours (Waiting).
    void transferAdded(const crosstalk::FileTransfer &transfer);
    /// Its state or progress changed (progress at most every ~100 ms per transfer).
    void transferChanged(const crosstalk::FileTransfer &transfer);
};

} // namespace crosstalk

Q_DECLARE_METATYPE(crosstalk::TransferId)
Q_DECLARE_METATYPE(crosstalk::FileTransfer)
