// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/network/prompt.h"

#include <QDialog>
#include <QHash>
#include <QPointer>

namespace crosstalk::ui {

/// A non-modal dialog for one Prompt: its text, its fields, a button per action.
/// Closing the window answers with the prompt's cancel action; a withdrawn prompt
/// closes the dialog.
class PromptDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PromptDialog(Prompt *prompt, QWidget *parent = nullptr);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void answer(int action);
    QWidget *editorFor(const PromptField &field);

    QPointer<Prompt> m_prompt;
    QHash<QString, QWidget *> m_editors;
};

/// Shows a PromptDialog for every prompt the network side raises.
class PromptPresenter : public QObject
{
    Q_OBJECT
public:
    PromptPresenter(PromptService &prompts, QWidget *dialogParent);

private:
    QPointer<QWidget> m_parent;
};

} // namespace crosstalk::ui
