// SPDX-License-Identifier: GPL-3.0-or-later
// libpurple's requests as real, non-blocking dialogs: certificate trust with its details
// (remembered once accepted), a question left unanswered, a form with every field type.
#include "tests/protocols/purplefixture.h"
#include "tests/support/prosodyserver.h"
#include "tests/support/waitfor.h"
#include "ui/promptdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>

#include <catch2/catch.hpp>

#include <purple.h>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

QPushButton *button(QWidget *dialog, const QString &text)
{
    for (QPushButton *b : dialog->findChildren<QPushButton *>()) {
        if (b->text() == text)
            return b;
    }
    return nullptr;
}

} // namespace

TEST_CASE("Prompts: an unknown certificate shows subject, issuer and fingerprint, and is remembered once accepted")
{
    ProsodyServer server;
    REQUIRE(server.addUser(QStringLiteral("alice"), QStringLiteral("alicepw")));
    REQUIRE(server.start());
    PurpleFixture f; // nothing pinned: the self-signed certificate must be asked about
    f.start();
    QList<QPointer<Prompt>> prompts;
    QObject::connect(&f.backend().prompts(), &PromptService::promptRaised, [&](Prompt *p) { prompts << p; });

    const AccountId alice = f.addXmppAccount(server.jid(QStringLiteral("alice")), QStringLiteral("alicepw"), server.port(), true);
    REQUIRE(waitFor([&] { return !prompts.isEmpty(); }));
    Prompt *prompt = prompts.first();
    REQUIRE(prompt->kind() == Prompt::Kind::Certificate);
    CHECK(prompt->actions() == QStringList{QStringLiteral("Accept"), QStringLiteral("Reject")});
    CHECK(prompt->cancelAction() == 1);
    const Prompt::CertificateDetails cert = prompt->certificate();
    CHECK(cert.host == QLatin1String("127.0.0.1"));
    CHECK(cert.subject.contains(QLatin1String("localhost")));
    CHECK(cert.fingerprint.count(QLatin1Char(':')) == 19); // 20 bytes of SHA-1
    CHECK(cert.sha256.count(QLatin1Char(':')) == 31);
    CHECK_FALSE(cert.validUntil.isEmpty());

    // Nothing blocks while the question is open: libpurple's loop keeps ticking.
    int ticks = 0;
    QTimer ticker;
    QObject::connect(&ticker, &QTimer::timeout, [&] { ++ticks; });
    ticker.start(10);
    auto *dialog = new ui::PromptDialog(prompt);
    dialog->show();
    spin(1000);
    CHECK(ticks > 50);
    CHECK(f.state(alice) == ConnectionState::Connecting);
    auto *fingerprint = dialog->findChild<QLabel *>(QStringLiteral("SHA-1 fingerprint"));
    REQUIRE(fingerprint);
    CHECK(fingerprint->text() == cert.fingerprint);
    dialog->grab().save(QDir(artifactsDir()).filePath(QStringLiteral("prompt-certificate.png")));

    button(dialog, QStringLiteral("Accept"))->click();
    REQUIRE(f.waitForState(alice, ConnectionState::Connected));

    // Remembered: the next sign-on asks nothing.
    f.accounts().disconnectAccount(alice);
    f.accounts().connectAccount(alice);
    REQUIRE(f.waitForState(alice, ConnectionState::Connected));
    CHECK(prompts.size() == 1);
}

TEST_CASE("Prompts: a certificate question dismissed without an answer rejects it and the account does not retry")
{
    ProsodyServer server;
    REQUIRE(server.addUser(QStringLiteral("alice"), QStringLiteral("alicepw")));
    REQUIRE(server.start());
    PurpleFixture f;
    f.start();
    QList<QPointer<Prompt>> prompts;
    QObject::connect(&f.backend().prompts(), &PromptService::promptRaised, [&](Prompt *p) { prompts << p; });
    const AccountId alice = f.addXmppAccount(server.jid(QStringLiteral("alice")), QStringLiteral("alicepw"), server.port(), true);
    REQUIRE(waitFor([&] { return !prompts.isEmpty(); }));
    auto *dialog = new ui::PromptDialog(prompts.first());
    dialog->show();
    dialog->close(); // the window's close button: the cancel action, Reject
    REQUIRE(f.waitForState(alice, ConnectionState::Error));
    spin(1500);
    CHECK(f.state(alice) == ConnectionState::Error);
    CHECK(prompts.size() == 1);
}

TEST_CASE("Prompts: a fields request (registration, captcha) with every field type comes back with the typed values")
{
    PurpleFixture f;
    f.start();
    QList<QPointer<Prompt>> prompts;
    QObject::connect(&f.backend().prompts(), &PromptService::promptRaised, [&](Prompt *p) { prompts << p; });

    PurpleRequestFields *fields = purple_request_fields_new();
    PurpleRequestFieldGroup *group = purple_request_field_group_new("Register");
    purple_request_fields_add_group(fields, group);
    purple_request_field_group_add_field(group, purple_request_field_string_new("nick", "Nickname", "guest", FALSE));
    PurpleRequestField *secret = purple_request_field_string_new("password", "Password", nullptr, FALSE);
    purple_request_field_string_set_masked(secret, TRUE);
    purple_request_field_group_add_field(group, secret);
    purple_request_field_group_add_field(group, purple_request_field_int_new("age", "Age", 18));
    purple_request_field_group_add_field(group, purple_request_field_bool_new("tos", "Accept terms", FALSE));
    PurpleRequestField *colour = purple_request_field_choice_new("colour", "Colour", 0);
    purple_request_field_choice_add(colour, "red");
    purple_request_field_choice_add(colour, "green");
    purple_request_field_group_add_field(group, colour);

    struct Result
    {
        QString nick, password, colour;
        int age = 0;
        bool tos = false;
        bool called = false;
    } result;
    const auto ok = +[](void *data, PurpleRequestFields *answered) {
        auto *r = static_cast<Result *>(data);
        r->called = true;
        r->nick = QString::fromUtf8(purple_request_fields_get_string(answered, "nick"));
        r->password = QString::fromUtf8(purple_request_fields_get_string(answered, "password"));
        r->age = purple_request_fields_get_integer(answered, "age");
        r->tos = purple_request_fields_get_bool(answered, "tos");
        r->colour = purple_request_fields_get_choice(answered, "colour") == 1 ? QStringLiteral("green") : QStringLiteral("red");
    };
    purple_request_fields(nullptr, "Register", "Create an account", "All fields, please", fields, "_Register",
                          G_CALLBACK(ok), "_Cancel", nullptr, nullptr, nullptr, nullptr, &result);
    REQUIRE(prompts.size() == 1);
    CHECK(prompts.first()->kind() == Prompt::Kind::Fields);
    auto *dialog = new ui::PromptDialog(prompts.first());
    dialog->show();
    QList<QLineEdit *> edits = dialog->findChildren<QLineEdit *>();
    edits.removeIf([](QLineEdit *e) { return qobject_cast<QSpinBox *>(e->parent()); }); // the spin box's own
    REQUIRE(edits.size() == 2);
    for (QLineEdit *e : edits) {
        if (e->echoMode() == QLineEdit::Password)
            e->setText(QStringLiteral("s3cret"));
        else
            e->setText(QStringLiteral("alice"));
    }
    dialog->findChild<QSpinBox *>()->setValue(42);
    dialog->findChild<QCheckBox *>()->setChecked(true);
    dialog->findChild<QComboBox *>()->setCurrentIndex(1);
    dialog->grab().save(QDir(artifactsDir()).filePath(QStringLiteral("prompt-fields.png")));
    button(dialog, QStringLiteral("Register"))->click();
    REQUIRE(waitFor([&] { return result.called; }, 2000));
    CHECK(result.nick == QLatin1String("alice"));
    CHECK(result.password == QLatin1String("s3cret"));
    CHECK(result.age == 42);
    CHECK(result.tos);
    CHECK(result.colour == QLatin1String("green"));
}
