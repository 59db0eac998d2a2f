// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/contactlistview.h"

#include "ui/avatarcache.h"
#include "ui/bandedpainting.h"
#include "ui/contactdelegate.h"
#include "ui/contactlistmodel.h"

#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QMouseEvent>

namespace crosstalk::ui {

ContactListView::ContactListView(ContactListModel &model, QWidget *parent)
    : QListView(parent)
    , m_model(model)
    , m_delegate(new ContactDelegate(this))
{
    setModel(&model);
    setItemDelegate(m_delegate);
    setUniformItemSizes(true); // the fast path that keeps 50,000 rows cheap
    setMouseTracking(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::EditKeyPressed); // F2 renames
    setDragEnabled(true);
    setAcceptDrops(true);
    setDropIndicatorShown(true);
    setDragDropMode(QAbstractItemView::DragDrop);
    setDefaultDropAction(Qt::MoveAction);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setFrameShape(QFrame::NoFrame);
    paintInBands(this);
    connect(this, &QListView::activated, this, [this](const QModelIndex &index) {
        const PersonId person = m_model.personAt(index);
        if (person.isValid())
            Q_EMIT openRequested(person);
    });
}

PersonId ContactListView::currentPerson() const
{
    return m_model.personAt(currentIndex());
}

void ContactListView::mousePressEvent(QMouseEvent *event)
{
    const QModelIndex index = indexAt(event->position().toPoint());
    m_pressOnCall = index.isValid() && index.data(ContactListModel::CallableRole).toBool()
                    && m_delegate->callButtonRect(visualRect(index)).contains(event->position().toPoint());
    if (index.isValid()
        && ContactListModel::RowKind(index.data(ContactListModel::KindRole).toInt()) == ContactListModel::RowKind::Header
        && event->button() == Qt::LeftButton) {
        m_model.setCollapsed(index.data(ContactListModel::GroupRole).toString(),
                             !index.data(ContactListModel::CollapsedRole).toBool());
        return;
    }
    QListView::mousePressEvent(event);
}

void ContactListView::mouseReleaseEvent(QMouseEvent *event)
{
    const QModelIndex index = indexAt(event->position().toPoint());
    if (m_pressOnCall && index.isValid()
        && m_delegate->callButtonRect(visualRect(index)).contains(event->position().toPoint())) {
        m_pressOnCall = false;
        Q_EMIT callRequested(m_model.personAt(index));
        return;
    }
    m_pressOnCall = false;
    QListView::mouseReleaseEvent(event);
}

void ContactListView::keyPressEvent(QKeyEvent *event)
{
    const PersonId person = currentPerson();
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && person.isValid()) {
        if (event->modifiers() & Qt::ControlModifier)
            Q_EMIT callRequested(person);
        else
            Q_EMIT openRequested(person);
        return;
    }
    const QString text = event->text();
    if (!text.isEmpty() && text.at(0).isPrint() && !(event->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
        Q_EMIT typed(text);
        return;
    }
    QListView::keyPressEvent(event);
}

void ContactListView::contextMenuEvent(QContextMenuEvent *event)
{
    const QModelIndex index = indexAt(event->pos());
    const PersonId person = m_model.personAt(index);
    if (person.isValid()) {
        setCurrentIndex(index);
        Q_EMIT menuRequested(person, event->globalPos());
    }
}

void ContactListView::setAvatarCache(AvatarCache *cache)
{
    m_delegate->setAvatarCache(cache);
    if (cache)
        connect(cache, &AvatarCache::ready, viewport(), qOverload<>(&QWidget::update), Qt::UniqueConnection);
}

} // namespace crosstalk::ui
