// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/messagedocument.h"

#include "core/conversations/htmlsanitizer.h"

#include <QVariant>

namespace crosstalk::ui {

QVariant MessageDocument::loadResource(int, const QUrl &)
{
    ++m_requests;
    return {};
}

std::unique_ptr<MessageDocument> createMessageDocument(const QString &sanitizedHtml, const QFont &font)
{
    auto doc = std::make_unique<MessageDocument>();
    doc->setDefaultFont(font);
    doc->setDocumentMargin(0);
    doc->setUndoRedoEnabled(false);
    doc->setHtml(sanitizedHtml);
    return doc;
}

std::unique_ptr<MessageDocument> renderMessageBody(const QString &storedBody, const QFont &font)
{
    conversations::HtmlSanitizer::Options options;
    options.maxTextLength = 20000;
    return createMessageDocument(conversations::HtmlSanitizer::sanitize(storedBody, options), font);
}

} // namespace crosstalk::ui
