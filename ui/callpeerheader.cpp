// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/callpeerheader.h"

#include "ui/avatarstyle.h"
#include "ui/displaytext.h"

#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>

namespace crosstalk::ui {

CallPeerHeader::CallPeerHeader(const QString &name, const QPixmap &avatar, int avatarSize, QWidget *parent)
    : QWidget(parent)
    , m_rawName(name)
    , m_size(avatarSize)
    , m_avatar(new QLabel(this))
    , m_name(new QLabel(this))
    , m_one(new QLabel(this))
    , m_two(new QLabel(this))
{
    // Names come from the network: shown as plain, isolated, capped text.
    for (QLabel *l : {m_name, m_one, m_two}) {
        l->setTextFormat(Qt::PlainText);
        l->setTextInteractionFlags(Qt::NoTextInteraction);
    }
    m_name->setText(displaySafe(name, 80));
    QFont big = m_name->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    m_name->setFont(big);
    m_two->setWordWrap(true);
    QPalette dim = m_two->palette();
    QColor c = dim.color(QPalette::WindowText);
    c.setAlphaF(0.7);
    dim.setColor(QPalette::WindowText, c);
    m_two->setPalette(dim);
    m_avatar->setFixedSize(avatarSize, avatarSize);
    setAvatar(avatar);

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setHorizontalSpacing(12);
    layout->setVerticalSpacing(2);
    layout->addWidget(m_avatar, 0, 0, 3, 1, Qt::AlignTop);
    layout->addWidget(m_name, 0, 1);
    layout->addWidget(m_one, 1, 1);
    layout->addWidget(m_two, 2, 1);
    layout->setColumnStretch(1, 1);
}

void CallPeerHeader::setAvatar(const QPixmap &avatar)
{
    m_avatar->setPixmap(renderAvatar(m_rawName, avatar, m_size, devicePixelRatioF()));
}

QPixmap CallPeerHeader::renderAvatar(const QString &name, const QPixmap &picture, int size, qreal dpr)
{
    QPixmap out(QSize(size, size) * dpr);
    out.setDevicePixelRatio(dpr);
    out.fill(Qt::transparent);
    QPainter p(&out);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    const QRectF r(0, 0, size, size);
    if (!picture.isNull()) {
        QPainterPath circle;
        circle.addEllipse(r);
        p.setClipPath(circle);
        p.drawPixmap(r, picture, QRectF(picture.rect()));
        return out;
    }
    // The contact list hashes the same display-safe name, so the colours match.
    const QString safe = displaySafe(name, 200);
    p.setPen(Qt::NoPen);
    p.setBrush(avatarColorOf(safe));
    p.drawEllipse(r);
    QFont f;
    f.setBold(true);
    f.setPixelSize(size * 2 / 5);
    p.setFont(f);
    p.setPen(Qt::white);
    p.drawText(r, Qt::AlignCenter, initialsOf(safe.mid(1, safe.size() - 2)));
    return out;
}

} // namespace crosstalk::ui
