// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTextDocument>

#include <memory>

namespace crosstalk::ui {

/// The only QTextDocument a message body is ever rendered into. It refuses every resource
/// (images, style sheets): even if markup slipped past the sanitizer, nothing would be
/// fetched. It counts the attempts so tests can prove none happened.
class MessageDocument : public QTextDocument
{
public:
    using QTextDocument::QTextDocument;
    int resourceRequests() const { return m_requests; }

protected:
    QVariant loadResource(int type, const QUrl &name) override;

private:
    int m_requests = 0;
};

/// A document for an already sanitized body (ConversationModel::SanitizedHtmlRole).
std::unique_ptr<MessageDocument> createMessageDocument(const QString &sanitizedHtml, const QFont &font);
/// Sanitizes a stored body for display (cut at the display limit) and builds its document.
std::unique_ptr<MessageDocument> renderMessageBody(const QString &storedBody, const QFont &font);

} // namespace crosstalk::ui
