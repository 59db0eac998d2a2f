// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/emojipicker.h"

#include <QGridLayout>
#include <QScreen>
#include <QToolButton>

namespace crosstalk::ui {

namespace {

constexpr int kColumns = 8;

QStringList &recentList()
{
    static QStringList list;
    return list;
}

const QStringList &common()
{
    static const QStringList list = [] {
        // Faces, hands, hearts, then everyday things; chosen for chat, not completeness.
        const char32_t codes[] = {
            0x1F600, 0x1F602, 0x1F923, 0x1F60A, 0x1F60D, 0x1F618, 0x1F609, 0x1F60E,
            0x1F914, 0x1F644, 0x1F62C, 0x1F605, 0x1F622, 0x1F62D, 0x1F621, 0x1F631,
            0x1F634, 0x1F917, 0x1F92F, 0x1F973, 0x1F615, 0x1F610, 0x1F643, 0x1F607,
            0x1F44D, 0x1F44E, 0x1F44C, 0x1F44F, 0x1F64F, 0x1F44B, 0x1F4AA, 0x270C,
            0x2764, 0x1F494, 0x1F495, 0x1F525, 0x2728, 0x1F389, 0x1F381, 0x1F382,
            0x2705, 0x274C, 0x2753, 0x26A0, 0x1F4AF, 0x1F440, 0x1F680, 0x2B50,
            0x2615, 0x1F37A, 0x1F355, 0x1F34E, 0x1F436, 0x1F431, 0x1F308, 0x2600,
            0x1F4F7, 0x1F4CE, 0x1F4C5, 0x23F0, 0x1F4A1, 0x1F3B5, 0x26BD, 0x1F697,
        };
        QStringList out;
        for (char32_t c : codes)
            out << QString::fromUcs4(&c, 1);
        return out;
    }();
    return list;
}

} // namespace

EmojiPicker::EmojiPicker(QWidget *parent)
    : QFrame(parent, Qt::Popup)
{
    setFrameShape(QFrame::StyledPanel);
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(4, 4, 4, 4);
    grid->setSpacing(0);
}

QStringList EmojiPicker::recents()
{
    return recentList();
}

void EmojiPicker::setRecents(const QStringList &recents)
{
    recentList() = recents.mid(0, kMaxRecents);
}

void EmojiPicker::noteUsed(const QString &emoji)
{
    QStringList &list = recentList();
    list.removeAll(emoji);
    list.prepend(emoji);
    while (list.size() > kMaxRecents)
        list.removeLast();
}

QStringList EmojiPicker::shown()
{
    QStringList all = recentList();
    for (const QString &e : common()) {
        if (!all.contains(e))
            all << e;
    }
    return all;
}

void EmojiPicker::rebuild()
{
    qDeleteAll(m_buttons);
    m_buttons.clear();
    auto *grid = static_cast<QGridLayout *>(layout());
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    const QStringList all = shown();
    for (int i = 0; i < all.size(); ++i) {
        auto *button = new QToolButton(this);
        button->setText(all[i]);
        button->setFont(big);
        button->setAutoRaise(true);
        button->setToolTip(i < recentList().size() ? tr("Recently used") : QString());
        connect(button, &QToolButton::clicked, this, [this, emoji = all[i]] {
            noteUsed(emoji);
            hide();
            Q_EMIT picked(emoji);
        });
        grid->addWidget(button, i / kColumns, i % kColumns);
        m_buttons << button;
    }
}

void EmojiPicker::popUp(QWidget *anchor)
{
    rebuild();
    adjustSize();
    QPoint at = anchor->mapToGlobal(QPoint(anchor->width() - width(), -height()));
    if (const QScreen *screen = anchor->screen()) {
        const QRect area = screen->availableGeometry();
        at.setX(std::clamp(at.x(), area.left(), std::max(area.left(), area.right() - width())));
        if (at.y() < area.top())
            at.setY(anchor->mapToGlobal(QPoint(0, anchor->height())).y());
    }
    move(at);
    show();
}

} // namespace crosstalk::ui
