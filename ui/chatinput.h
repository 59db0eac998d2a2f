// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPlainTextEdit>

namespace crosstalk::ui {

/// The message input: grows with its text up to a few lines, Enter sends, Shift+Enter
/// starts a new line.
class ChatInput : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit ChatInput(QWidget *parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }
    /// Dropped or pasted local files are offered as files (filesDropped), not inserted as text.
    void setAcceptFiles(bool accept) { m_acceptFiles = accept; }

Q_SIGNALS:
    /// Enter was pressed on non-empty text; the input is cleared.
    void submitted(const QString &text);
    void filesDropped(const QStringList &paths);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;

private:
    void fitHeight();
    int m_maxLines = 8;
    bool m_acceptFiles = false;
};

} // namespace crosstalk::ui
