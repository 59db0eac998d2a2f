// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QStringList>
#include <QVariant>

namespace crosstalk {

/// One input field of a Fields prompt (registration forms, captchas, chat join details).
struct PromptField
{
    enum class Type { Text, Password, Integer, Boolean, Choice, Label };
    QString id;
    QString label;
    Type type = Type::Text;
    QVariant value;      ///< current value; the answerer writes into it
    QStringList choices; ///< for Choice; value is the index
    bool required = false;
};

/// A question the network side asks the user: certificate trust, authorisation,
/// "create this room?", a text or form request, or a notice. The protocol layer
/// raises it; the UI (or a test) answers it. It never blocks the event loop.
class Prompt : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Question, Authorization, Certificate, TextInput, Fields, Notice, Error, Password };

    /// What a certificate prompt is about, so the user sees whom they would trust.
    struct CertificateDetails
    {
        QString host;        ///< the name that was checked
        QString subject;
        QString issuer;
        QString fingerprint; ///< SHA-1 as libpurple shows it (colon-separated hex)
        QString sha256;      ///< SHA-256, when the library gives it
        QString validFrom;
        QString validUntil;
    };

    Prompt(Kind kind, QString title, QString primary, QString secondary, QStringList actions,
           int defaultAction, int cancelAction, QObject *parent = nullptr);

    Kind kind() const { return m_kind; }
    QString title() const { return m_title; }
    QString primary() const { return m_primary; }
    QString secondary() const { return m_secondary; }
    QStringList actions() const { return m_actions; }
    int defaultAction() const { return m_defaultAction; }
    /// The action taken when the prompt is dismissed without a choice.
    int cancelAction() const { return m_cancelAction; }

    CertificateDetails certificate() const { return m_certificate; }
    void setCertificate(CertificateDetails details) { m_certificate = std::move(details); }

    /// Which account asked, when one did (0 otherwise); lets the UI say so and group prompts.
    qint64 accountId() const { return m_accountId; }
    void setAccountId(qint64 id) { m_accountId = id; }

    QList<PromptField> fields() const { return m_fields; }
    void setFields(QList<PromptField> fields) { m_fields = std::move(fields); }
    /// Sets the value of a field before answer(); unknown ids are ignored.
    void setFieldValue(const QString &id, const QVariant &value);
    QVariant fieldValue(const QString &id) const;

    /// Answers with the action at index; only the first answer counts.
    void answer(int action);
    void dismiss() { answer(m_cancelAction); }
    /// Finds an action by its label (case-insensitive, "&" accelerators ignored); -1 if none.
    int actionIndex(const QString &label) const;
    bool isOpen() const { return !m_answered && !m_withdrawn; }

    /// The network side no longer needs the answer (libpurple closed the request).
    void withdraw();

Q_SIGNALS:
    void answered(int action);
    void withdrawn();

private:
    Kind m_kind;
    QString m_title;
    QString m_primary;
    QString m_secondary;
    QStringList m_actions;
    int m_defaultAction;
    int m_cancelAction;
    QList<PromptField> m_fields;
    CertificateDetails m_certificate;
    qint64 m_accountId = 0;
    bool m_answered = false;
    bool m_withdrawn = false;
};

/// Where prompts surface. The UI shows them as dialogs; tests answer them in code.
class PromptService : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

Q_SIGNALS:
    /// The prompt stays alive until it is answered or withdrawn; keep a QPointer.
    void promptRaised(crosstalk::Prompt *prompt);
};

} // namespace crosstalk
