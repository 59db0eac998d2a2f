// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/chatinput.h"

#include <QKeyEvent>
#include <QMimeData>
#include <QTextBlock>

namespace crosstalk::ui {

ChatInput::ChatInput(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setTabChangesFocus(true);
    setPlaceholderText(tr("Write a message…"));
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(document(), &QTextDocument::contentsChanged, this, &ChatInput::fitHeight);
    fitHeight();
}

QSize ChatInput::sizeHint() const
{
    const QFontMetrics fm(font());
    // Visual lines, wrapped ones included.
    int lines = 0;
    for (QTextBlock block = document()->begin(); block.isValid(); block = block.next())
        lines += std::max(1, block.layout() ? block.layout()->lineCount() : 1);
    lines = std::clamp(lines, 1, m_maxLines);
    const int frame = 2 * frameWidth() + int(2 * document()->documentMargin());
    return {QPlainTextEdit::sizeHint().width(), lines * fm.lineSpacing() + frame + 2};
}

void ChatInput::fitHeight()
{
    const int h = sizeHint().height();
    if (h != height()) {
        setFixedHeight(h);
        updateGeometry();
    }
}

void ChatInput::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && !(event->modifiers() & Qt::ShiftModifier)) {
        const QString text = toPlainText();
        if (!text.trimmed().isEmpty()) {
            clear();
            Q_EMIT submitted(text);
        }
        event->accept();
        return;
    }
    if (enter) { // Shift+Enter: a new paragraph, not QPlainTextEdit's line separator
        insertPlainText(QStringLiteral("\n"));
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

} // namespace crosstalk::ui

namespace crosstalk::ui {

namespace {

QStringList localFilesOf(const QMimeData *source)
{
    QStringList paths;
    if (source && source->hasUrls()) {
        for (const QUrl &url : source->urls()) {
            if (url.isLocalFile())
                paths << url.toLocalFile();
        }
    }
    return paths;
}

} // namespace

bool ChatInput::canInsertFromMimeData(const QMimeData *source) const
{
    return (m_acceptFiles && !localFilesOf(source).isEmpty()) || QPlainTextEdit::canInsertFromMimeData(source);
}

void ChatInput::insertFromMimeData(const QMimeData *source)
{
    const QStringList files = m_acceptFiles ? localFilesOf(source) : QStringList();
    if (!files.isEmpty()) {
        Q_EMIT filesDropped(files);
        return;
    }
    QPlainTextEdit::insertFromMimeData(source);
}

} // namespace crosstalk::ui
