// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/ids.h"

#include <QListView>

namespace crosstalk::ui {

class AvatarCache;
class ContactDelegate;
class ContactListModel;

/// The contact list: keyboard first (typing goes to the filter, Enter opens a chat,
/// Ctrl+Enter calls), a call button on callable rows, collapsible group headers, drag a
/// person onto another to merge or onto a header to regroup.
class ContactListView : public QListView
{
    Q_OBJECT
public:
    ContactListView(ContactListModel &model, QWidget *parent = nullptr);

    PersonId currentPerson() const;
    /// Rows show pictures from this cache (repainted as they finish decoding).
    void setAvatarCache(AvatarCache *cache);

Q_SIGNALS:
    void openRequested(crosstalk::PersonId person);
    void callRequested(crosstalk::PersonId person);
    void menuRequested(crosstalk::PersonId person, const QPoint &globalPos);
    /// Printable keys typed while the list has focus, for the filter field.
    void typed(const QString &text);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    ContactListModel &m_model;
    ContactDelegate *m_delegate;
    bool m_pressOnCall = false;
};

} // namespace crosstalk::ui
