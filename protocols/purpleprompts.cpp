// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/purpleprompts.h"

#include "protocols/purpleconvert.h"

#include <QDateTime>
#include <QSet>

#include <purple.h>

namespace crosstalk::protocols {

namespace {

PurplePrompts *g_prompts = nullptr;
QSet<void *> g_open; // handles libpurple may still close

QString plain(const char *markup)
{
    if (!markup)
        return {};
    gchar *stripped = purple_markup_strip_html(markup);
    QString s = fromUtf8(stripped);
    g_free(stripped);
    return s;
}

QString label(const char *text)
{
    // libpurple marks mnemonics GTK-style ("_Accept").
    return fromUtf8(text).remove(QLatin1Char('_'));
}

Prompt *makePrompt(Prompt::Kind kind, const char *title, const char *primary, const char *secondary,
                   QStringList actions, int def, int cancel)
{
    return new Prompt(kind, plain(title), plain(primary), plain(secondary), std::move(actions), def, cancel);
}

// ---- request ui ops --------------------------------------------------------------------

void *requestInput(const char *title, const char *primary, const char *secondary,
                   const char *defaultValue, gboolean multiline, gboolean masked, gchar *,
                   const char *okText, GCallback okCb, const char *cancelText, GCallback cancelCb,
                   PurpleAccount *, const char *, PurpleConversation *, void *userData)
{
    auto *prompt = makePrompt(Prompt::Kind::TextInput, title, primary, secondary,
                              {label(okText), label(cancelText)}, 0, 1);
    PromptField field{QStringLiteral("text"), plain(primary),
                      masked ? PromptField::Type::Password : PromptField::Type::Text,
                      fromUtf8(defaultValue), {}, false};
    Q_UNUSED(multiline);
    prompt->setFields({field});
    return g_prompts->raise(prompt, [okCb, cancelCb, userData](Prompt &p, int action) {
        const QByteArray value = p.fieldValue(QStringLiteral("text")).toString().toUtf8();
        auto cb = reinterpret_cast<PurpleRequestInputCb>(action == 0 ? okCb : cancelCb);
        if (cb)
            cb(userData, value.constData());
    });
}

void *requestChoice(const char *title, const char *primary, const char *secondary, int defaultValue,
                    const char *okText, GCallback okCb, const char *cancelText, GCallback cancelCb,
                    PurpleAccount *, const char *, PurpleConversation *, void *userData, va_list choices)
{
    QStringList labels;
    QList<int> values;
    while (const char *text = va_arg(choices, const char *)) {
        labels << label(text);
        values << va_arg(choices, int);
    }
    auto *prompt = makePrompt(Prompt::Kind::Fields, title, primary, secondary,
                              {label(okText), label(cancelText)}, 0, 1);
    prompt->setFields({{QStringLiteral("choice"), plain(primary), PromptField::Type::Choice,
                        std::max(0, int(values.indexOf(defaultValue))), labels, true}});
    return g_prompts->raise(prompt, [okCb, cancelCb, userData, values](Prompt &p, int action) {
        const int index = p.fieldValue(QStringLiteral("choice")).toInt();
        const int value = index >= 0 && index < values.size() ? values[index] : 0;
        auto cb = reinterpret_cast<PurpleRequestChoiceCb>(action == 0 ? okCb : cancelCb);
        if (cb)
            cb(userData, value);
    });
}

// libpurple's x509 "tls_cached" verifier asks with a request whose user data is its private
// context, whose first member is the verification request (certificate.c, stable across 2.x).
// Reading the certificate from it lets the dialog show whom the user would trust.
Prompt::CertificateDetails certificateDetails(void *userData)
{
    Prompt::CertificateDetails d;
    auto *vrq = userData ? *static_cast<PurpleCertificateVerificationRequest **>(userData) : nullptr;
    if (!vrq || !vrq->cert_chain || !vrq->cert_chain->data)
        return d;
    auto *cert = static_cast<PurpleCertificate *>(vrq->cert_chain->data);
    d.host = fromUtf8(vrq->subject_name);
    gchar *subject = purple_certificate_get_subject_name(cert);
    d.subject = fromUtf8(subject);
    g_free(subject);
    gchar *issuer = purple_certificate_get_issuer_unique_id(cert);
    d.issuer = fromUtf8(issuer);
    g_free(issuer);
    const auto hex = [](GByteArray *bytes) {
        if (!bytes)
            return QString();
        gchar *text = purple_base16_encode_chunked(bytes->data, bytes->len);
        const QString s = fromUtf8(text);
        g_free(text);
        g_byte_array_free(bytes, TRUE);
        return s;
    };
    d.fingerprint = hex(purple_certificate_get_fingerprint_sha1(cert));
    d.sha256 = hex(purple_certificate_get_fingerprint_sha256(cert, FALSE));
    time_t from = 0;
    time_t until = 0;
    if (purple_certificate_get_times(cert, &from, &until)) {
        d.validFrom = QDateTime::fromSecsSinceEpoch(from, Qt::UTC).toString(Qt::ISODate);
        d.validUntil = QDateTime::fromSecsSinceEpoch(until, Qt::UTC).toString(Qt::ISODate);
    }
    return d;
}

void *requestAction(const char *title, const char *primary, const char *secondary, int defaultAction,
                    PurpleAccount *, const char *, PurpleConversation *, void *userData,
                    size_t actionCount, va_list actions)
{
    QStringList labels;
    QList<GCallback> callbacks;
    for (size_t i = 0; i < actionCount; ++i) {
        labels << label(va_arg(actions, const char *));
        callbacks << va_arg(actions, GCallback);
    }
    const bool certificate = qstrcmp(title, "SSL Certificate Verification") == 0 && actionCount == 3;
    if (certificate) {
        // Accept, Reject, View Certificate…: the details are in the dialog itself, and
        // "View" would only re-raise the question.
        labels.removeLast();
        callbacks.removeLast();
    }
    // The last action is, by libpurple convention, the negative one (Cancel/Reject).
    const int cancel = labels.isEmpty() ? 0 : int(labels.size()) - 1;
    auto *prompt = makePrompt(certificate ? Prompt::Kind::Certificate : Prompt::Kind::Question, title, primary,
                              secondary, labels, std::min(defaultAction, cancel), cancel);
    if (certificate)
        prompt->setCertificate(certificateDetails(userData));
    return g_prompts->raise(
        prompt,
        [callbacks, userData](Prompt &, int action) {
            if (action >= 0 && action < callbacks.size() && callbacks[action])
                reinterpret_cast<PurpleRequestActionCb>(callbacks[action])(userData, action);
        },
        userData);
}

PromptField::Type fieldType(PurpleRequestField *field)
{
    switch (purple_request_field_get_type(field)) {
    case PURPLE_REQUEST_FIELD_STRING:
        return purple_request_field_string_is_masked(field) ? PromptField::Type::Password
                                                            : PromptField::Type::Text;
    case PURPLE_REQUEST_FIELD_INTEGER: return PromptField::Type::Integer;
    case PURPLE_REQUEST_FIELD_BOOLEAN: return PromptField::Type::Boolean;
    case PURPLE_REQUEST_FIELD_CHOICE: return PromptField::Type::Choice;
    default: return PromptField::Type::Label;
    }
}

void *requestFields(const char *title, const char *primary, const char *secondary,
                    PurpleRequestFields *fields, const char *okText, GCallback okCb,
                    const char *cancelText, GCallback cancelCb, PurpleAccount *, const char *,
                    PurpleConversation *, void *userData)
{
    QList<PromptField> promptFields;
    // libpurple's own "Enter password" request offers to save the password in accounts.xml;
    // Crosstalk never lets it, so that field is not shown (it stays FALSE).
    const bool passwordRequest = purple_request_fields_get_field(fields, "password")
                                 && purple_request_fields_get_field(fields, "remember");
    for (GList *g = purple_request_fields_get_groups(fields); g; g = g->next) {
        auto *group = static_cast<PurpleRequestFieldGroup *>(g->data);
        for (GList *f = purple_request_field_group_get_fields(group); f; f = f->next) {
            auto *field = static_cast<PurpleRequestField *>(f->data);
            if (passwordRequest && qstrcmp(purple_request_field_get_id(field), "remember") == 0)
                continue;
            PromptField pf;
            pf.id = fromUtf8(purple_request_field_get_id(field));
            pf.label = label(purple_request_field_get_label(field));
            pf.type = fieldType(field);
            pf.required = purple_request_field_is_required(field);
            switch (purple_request_field_get_type(field)) {
            case PURPLE_REQUEST_FIELD_STRING:
                pf.value = fromUtf8(purple_request_field_string_get_default_value(field));
                break;
            case PURPLE_REQUEST_FIELD_INTEGER:
                pf.value = purple_request_field_int_get_default_value(field);
                break;
            case PURPLE_REQUEST_FIELD_BOOLEAN:
                pf.value = bool(purple_request_field_bool_get_default_value(field));
                break;
            case PURPLE_REQUEST_FIELD_CHOICE:
                pf.value = purple_request_field_choice_get_default_value(field);
                for (GList *l = purple_request_field_choice_get_labels(field); l; l = l->next)
                    pf.choices << fromUtf8(static_cast<const char *>(l->data));
                break;
            default:
                break;
            }
            promptFields << pf;
        }
    }
    auto *prompt = makePrompt(passwordRequest ? Prompt::Kind::Password : Prompt::Kind::Fields, title, primary,
                              secondary, {label(okText), label(cancelText)}, 0, 1);
    prompt->setFields(promptFields);
    // The UI owns the fields of a request (as Pidgin does) and frees them when it closes.
    QObject::connect(prompt, &QObject::destroyed, [fields] { purple_request_fields_destroy(fields); });
    return g_prompts->raise(prompt, [fields, okCb, cancelCb, userData](Prompt &p, int action) {
        if (action == 0) {
            for (const PromptField &pf : p.fields()) {
                PurpleRequestField *field =
                    purple_request_fields_get_field(fields, pf.id.toUtf8().constData());
                if (!field)
                    continue;
                switch (purple_request_field_get_type(field)) {
                case PURPLE_REQUEST_FIELD_STRING:
                    purple_request_field_string_set_value(field, pf.value.toString().toUtf8().constData());
                    break;
                case PURPLE_REQUEST_FIELD_INTEGER:
                    purple_request_field_int_set_value(field, pf.value.toInt());
                    break;
                case PURPLE_REQUEST_FIELD_BOOLEAN:
                    purple_request_field_bool_set_value(field, pf.value.toBool());
                    break;
                case PURPLE_REQUEST_FIELD_CHOICE:
                    purple_request_field_choice_set_value(field, pf.value.toInt());
                    break;
                default:
                    break;
                }
            }
        }
        auto cb = reinterpret_cast<PurpleRequestFieldsCb>(action == 0 ? okCb : cancelCb);
        if (cb)
            cb(userData, fields);
    }, userData);
}

void *requestFile(const char *title, const char *filename, gboolean savedialog, GCallback okCb,
                  GCallback cancelCb, PurpleAccount *, const char *, PurpleConversation *, void *userData)
{
    auto *prompt = makePrompt(Prompt::Kind::TextInput, title, savedialog ? "Save file as" : "Choose a file",
                              nullptr, {QStringLiteral("OK"), QStringLiteral("Cancel")}, 0, 1);
    prompt->setFields({{QStringLiteral("path"), QStringLiteral("File"), PromptField::Type::Text,
                        fromUtf8(filename), {}, true}});
    return g_prompts->raise(prompt, [okCb, cancelCb, userData](Prompt &p, int action) {
        const QByteArray path = p.fieldValue(QStringLiteral("path")).toString().toUtf8();
        auto cb = reinterpret_cast<PurpleRequestFileCb>(action == 0 ? okCb : cancelCb);
        if (cb)
            cb(userData, path.constData());
    }, userData);
}

void *requestFolder(const char *title, const char *dirname, GCallback okCb, GCallback cancelCb,
                    PurpleAccount *account, const char *who, PurpleConversation *conv, void *userData)
{
    return requestFile(title, dirname, FALSE, okCb, cancelCb, account, who, conv, userData);
}

void closeRequest(PurpleRequestType, void *handle)
{
    if (g_prompts)
        g_prompts->close(handle);
}

PurpleRequestUiOps g_requestOps = {
    requestInput, requestChoice, requestAction, requestFields, requestFile, closeRequest,
    requestFolder, nullptr, nullptr, nullptr, nullptr,
};

// ---- notify ui ops ----------------------------------------------------------------------

void *notifyMessage(PurpleNotifyMsgType type, const char *title, const char *primary, const char *secondary)
{
    const Prompt::Kind kind = type == PURPLE_NOTIFY_MSG_ERROR ? Prompt::Kind::Error : Prompt::Kind::Notice;
    return g_prompts->raise(makePrompt(kind, title, primary, secondary, {QStringLiteral("OK")}, 0, 0), {});
}

void *notifyFormatted(const char *title, const char *primary, const char *secondary, const char *text)
{
    const QString body = plain(secondary) + (secondary ? QStringLiteral("\n") : QString()) + plain(text);
    auto *prompt = new Prompt(Prompt::Kind::Notice, plain(title), plain(primary), body,
                              {QStringLiteral("OK")}, 0, 0);
    return g_prompts->raise(prompt, {});
}

void *notifyUserinfo(PurpleConnection *, const char *who, PurpleNotifyUserInfo *info)
{
    gchar *text = purple_notify_user_info_get_text_with_newline(info, "\n");
    auto *prompt = new Prompt(Prompt::Kind::Notice, QStringLiteral("User information"), fromUtf8(who),
                              plain(text), {QStringLiteral("OK")}, 0, 0);
    g_free(text);
    return g_prompts->raise(prompt, {});
}

void *notifyEmails(PurpleConnection *, size_t count, gboolean, const char **, const char **,
                   const char **, const char **)
{
    auto *prompt = new Prompt(Prompt::Kind::Notice, QStringLiteral("New mail"),
                              QStringLiteral("You have %1 new e-mail(s).").arg(count), {},
                              {QStringLiteral("OK")}, 0, 0);
    return g_prompts->raise(prompt, {});
}

void *notifyEmail(PurpleConnection *gc, const char *subject, const char *from, const char *to, const char *url)
{
    return notifyEmails(gc, 1, FALSE, &subject, &from, &to, &url);
}

void *notifySearchResults(PurpleConnection *, const char *title, const char *primary,
                          const char *secondary, PurpleNotifySearchResults *, gpointer)
{
    return g_prompts->raise(makePrompt(Prompt::Kind::Notice, title, primary, secondary,
                                       {QStringLiteral("OK")}, 0, 0),
                            {});
}

void notifySearchResultsNewRows(PurpleConnection *, PurpleNotifySearchResults *, void *) {}

void *notifyUri(const char *uri)
{
    // Never opened by itself: the user sees the link and chooses.
    auto *prompt = new Prompt(Prompt::Kind::Notice, QStringLiteral("Link"), fromUtf8(uri), {},
                              {QStringLiteral("OK")}, 0, 0);
    return g_prompts->raise(prompt, {});
}

void closeNotify(PurpleNotifyType, void *handle)
{
    if (g_prompts)
        g_prompts->close(handle);
}

PurpleNotifyUiOps g_notifyOps = {
    notifyMessage, notifyEmail,  notifyEmails, notifyFormatted, notifySearchResults,
    notifySearchResultsNewRows, notifyUserinfo, notifyUri, closeNotify,
    nullptr, nullptr, nullptr, nullptr,
};

} // namespace

PurplePrompts::PurplePrompts(QObject *parent)
    : PromptService(parent)
{
    g_prompts = this;
}

PurplePrompts::~PurplePrompts()
{
    if (g_prompts == this)
        g_prompts = nullptr;
}

PurplePrompts *PurplePrompts::instance()
{
    return g_prompts;
}

void PurplePrompts::installUiOps()
{
    purple_request_set_ui_ops(&g_requestOps);
    purple_notify_set_ui_ops(&g_notifyOps);
}

Prompt *PurplePrompts::raise(Prompt *prompt, std::function<void(Prompt &, int)> onAnswer, void *userData)
{
    prompt->setParent(this);
    g_open.insert(prompt);
    connect(prompt, &Prompt::answered, this, [prompt, onAnswer](int action) {
        if (onAnswer)
            onAnswer(*prompt, action);
        // Tell libpurple the request is finished so it drops its bookkeeping; each call
        // searches only its own list, so the one that does not know the handle is a no-op.
        // Our close hook ignores handles no longer open, and deletion waits for the loop,
        // because libpurple may still hold the pointer during this call.
        if (g_open.remove(prompt)) {
            purple_request_close(PURPLE_REQUEST_ACTION, prompt);
            purple_notify_close(PURPLE_NOTIFY_MESSAGE, prompt);
        }
        prompt->deleteLater();
    });
    connect(prompt, &Prompt::withdrawn, prompt, &QObject::deleteLater);
    for (const Claim &claim : m_claims) {
        if (claim(*prompt, userData))
            return prompt;
    }
    Q_EMIT promptRaised(prompt);
    return prompt;
}

void PurplePrompts::close(void *handle)
{
    if (!g_open.remove(handle))
        return;
    static_cast<Prompt *>(handle)->withdraw();
}

} // namespace crosstalk::protocols
