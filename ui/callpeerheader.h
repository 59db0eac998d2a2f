// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPixmap>
#include <QWidget>

class QLabel;

namespace crosstalk::ui {

/// Who a call is with: the avatar (the picture, or initials on the colour the contact list
/// uses for that name), the name, and two lines under it (state, route). Shared by the call
/// window and the incoming-call toast so both look like the same person.
class CallPeerHeader : public QWidget
{
    Q_OBJECT
public:
    CallPeerHeader(const QString &name, const QPixmap &avatar, int avatarSize, QWidget *parent = nullptr);

    void setAvatar(const QPixmap &avatar);
    QLabel *nameLabel() const { return m_name; }
    QLabel *lineOne() const { return m_one; }
    QLabel *lineTwo() const { return m_two; }

    /// The round avatar as painted here (initials when `picture` is null).
    static QPixmap renderAvatar(const QString &name, const QPixmap &picture, int size, qreal dpr);

private:
    QString m_rawName;
    int m_size;
    QLabel *m_avatar;
    QLabel *m_name;
    QLabel *m_one;
    QLabel *m_two;
};

} // namespace crosstalk::ui
