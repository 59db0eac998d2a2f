// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>
#include <QStringList>

class QToolButton;

namespace crosstalk::ui {

/// A small popup grid of common emoji, the recently used ones first. Picking one emits
/// picked() and closes the popup; the recent list is process-wide (every conversation
/// shares it) and the app keeps it in the profile.
class EmojiPicker : public QFrame
{
    Q_OBJECT
public:
    explicit EmojiPicker(QWidget *parent = nullptr);

    /// Shows the popup above `anchor` (the button that opened it), rebuilt with the current
    /// recent list.
    void popUp(QWidget *anchor);
    /// What the grid shows, in order: recents, then the common set (no duplicates).
    static QStringList shown();
    QList<QToolButton *> buttons() const { return m_buttons; }

    static QStringList recents();
    static void setRecents(const QStringList &recents);
    /// Moves `emoji` to the front of the recent list (at most kMaxRecents kept).
    static void noteUsed(const QString &emoji);
    static constexpr int kMaxRecents = 16;

Q_SIGNALS:
    void picked(const QString &emoji);

private:
    void rebuild();
    QList<QToolButton *> m_buttons;
};

} // namespace crosstalk::ui
