// SPDX-License-Identifier: GPL-3.0-or-later
// The accounts dialog builds its forms from what libpurple's prpls describe: every prpl on
// this machine gets a complete form, and an account made through it signs on.
#include "core/secrets/passwordkeeper.h"
#include "tests/protocols/purplefixture.h"
#include "tests/support/prosodyserver.h"
#include "tests/support/waitfor.h"
#include "ui/accounteditor.h"
#include "ui/accountsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QSpinBox>
#include <QTreeWidget>

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::test;

namespace {

/// A keyring that keeps everything in memory (the real one is tested in secrets_test).
class MemoryVault : public SecretVault
{
public:
    QHash<QString, QString> entries;
    void read(const SecretKey &key, Callback done) override
    {
        done(entries.contains(key.toString()) ? SecretResult{SecretResult::Status::Ok, entries.value(key.toString()), {}}
                                             : SecretResult{SecretResult::Status::NotFound, {}, {}});
    }
    void write(const SecretKey &key, const QString &password, Callback done) override
    {
        entries.insert(key.toString(), password);
        done({});
    }
    void remove(const SecretKey &key, Callback done) override
    {
        entries.remove(key.toString());
        done({});
    }
};

QVariant valueOf(QWidget *editor)
{
    if (auto *check = qobject_cast<QCheckBox *>(editor))
        return check->isChecked();
    if (auto *spin = qobject_cast<QSpinBox *>(editor))
        return spin->value();
    if (auto *combo = qobject_cast<QComboBox *>(editor))
        return combo->currentData().toString();
    if (auto *edit = qobject_cast<QLineEdit *>(editor))
        return edit->text();
    return {};
}

} // namespace

TEST_CASE("Accounts dialog: a form for every prpl libpurple loaded, with every option at its default")
{
    PurpleFixture f;
    f.start();
    ProtocolCatalog &catalog = f.backend().protocolCatalog();
    const QList<ProtocolDescription> all = catalog.describeProtocols();
    REQUIRE(all.size() >= 2); // at least XMPP and IRC
    int options = 0;
    for (const ProtocolDescription &d : all) {
        INFO(d.id.toStdString());
        ui::AccountEditor editor(catalog);
        editor.setProtocol(d.id);
        CHECK(editor.optionCount() == d.options.size());
        for (const ProtocolOption &option : d.options) {
            INFO(option.key.toStdString());
            QWidget *w = editor.optionEditor(option.key);
            REQUIRE(w);
            if (option.type == ProtocolOption::Type::List && option.choices.isEmpty() && option.defaultValue.toString().isEmpty())
                continue;
            CHECK(valueOf(w) == option.defaultValue);
            ++options;
        }
        // The username survives the split into fields and the join back.
        QStringList parts{QStringLiteral("someone")};
        for (int i = 0; i < d.splits.size(); ++i)
            parts << QStringLiteral("part%1").arg(i);
        const QString joined = catalog.joinUsername(d.id, parts);
        CHECK(catalog.splitUsername(d.id, joined) == parts);
        for (int i = 0; i < parts.size(); ++i)
            editor.usernameField(i)->setText(parts[i]);
        CHECK(editor.spec().username == joined);
        CHECK(editor.spec().protocolId == d.id);
        if (d.id == QLatin1String("prpl-jabber")) {
            editor.resize(480, 900);
            CHECK(editor.grab().save(QDir(artifactsDir()).filePath(QStringLiteral("accounts-editor-xmpp.png"))));
        }
    }
    WARN(all.size() << " protocols, " << options << " options checked");
}

TEST_CASE("Accounts dialog: absurd option defaults neither crash nor get lost")
{
    PurpleFixture f;
    f.start();
    ui::AccountEditor editor(f.backend().protocolCatalog());
    ProtocolDescription d{QStringLiteral("prpl-absurd"), QStringLiteral("Absurd"), {}, {}, {}, true, false, false, false};
    d.splits << UsernameSplit{QStringLiteral("Server"), QString(1000, QLatin1Char('x')), QLatin1Char('@'), true};
    d.options << ProtocolOption{QStringLiteral("port"), QStringLiteral("Port"), ProtocolOption::Type::Int,
                                std::numeric_limits<int>::min(), {}, false};
    d.options << ProtocolOption{QStringLiteral("mode"), QStringLiteral("Mode"), ProtocolOption::Type::List,
                                QStringLiteral("not-a-choice"), {{QStringLiteral("A"), QStringLiteral("a")}}, false};
    d.options << ProtocolOption{QStringLiteral("empty"), QString(), ProtocolOption::Type::List, QString(), {}, false};
    d.options << ProtocolOption{QStringLiteral("text"), QStringLiteral("Text"), ProtocolOption::Type::String,
                                QString(100000, QLatin1Char('y')), {}, true};
    editor.setDescription(d);
    CHECK(valueOf(editor.optionEditor(QStringLiteral("port"))).toInt() == std::numeric_limits<int>::min());
    CHECK(valueOf(editor.optionEditor(QStringLiteral("mode"))).toString() == QLatin1String("not-a-choice"));
    CHECK(valueOf(editor.optionEditor(QStringLiteral("text"))).toString().size() == 100000);
    CHECK(editor.spec().settings.value(QStringLiteral("mode")).toString() == QLatin1String("not-a-choice"));
}

TEST_CASE("Accounts dialog: an account added through the form signs on, then edit, reorder, disable and reconnect")
{
    ProsodyServer server;
    const QString pw = QStringLiteral("dialog-Pw-5531");
    REQUIRE(server.addUser(QStringLiteral("alice"), pw));
    REQUIRE(server.addUser(QStringLiteral("bob"), QStringLiteral("bobpw")));
    REQUIRE(server.start());
    PurpleFixture f;
    f.pinCertificate(server.certificatePem());
    f.start();
    MemoryVault vault;
    PasswordKeeper keeper(f.accounts(), f.backend().secretGate(), vault);
    ui::AccountsDialog dialog(f.accounts(), f.backend().accountAdministration(), f.backend().protocolCatalog(), keeper);
    dialog.show();

    const AccountId bob = f.addXmppAccount(server.jid(QStringLiteral("bob")), QStringLiteral("bobpw"), server.port(), true);
    REQUIRE(f.waitForState(bob, ConnectionState::Connected));

    ui::AccountEditor *editor = dialog.addAccount();
    REQUIRE(editor);
    editor->setProtocol(QStringLiteral("prpl-jabber"));
    editor->usernameField(0)->setText(QStringLiteral("alice"));
    editor->usernameField(1)->setText(QStringLiteral("localhost"));
    editor->usernameField(2)->setText(QStringLiteral("desk"));
    editor->passwordField()->setText(pw);
    qobject_cast<QLineEdit *>(editor->optionEditor(QStringLiteral("connect_server")))->setText(QStringLiteral("127.0.0.1"));
    qobject_cast<QSpinBox *>(editor->optionEditor(QStringLiteral("port")))->setValue(server.port());
    editor->accept();

    AccountId alice;
    REQUIRE(waitFor([&] {
        for (const AccountInfo &info : f.accounts().accounts())
            if (info.spec.username == QLatin1String("alice@localhost/desk"))
                alice = info.id;
        return alice.isValid();
    }));
    REQUIRE(f.waitForState(alice, ConnectionState::Connected));
    CHECK(vault.entries.value(QStringLiteral("prpl-jabber/alice@localhost/desk")) == pw);
    CHECK(dialog.stateText(alice) == QLatin1String("Online"));
    REQUIRE(dialog.list()->topLevelItemCount() == 2);

    // Edit: the form comes back filled in; an alias set there is applied.
    ui::AccountEditor *edit = dialog.editAccount(alice);
    REQUIRE(edit);
    CHECK(edit->usernameField(2)->text() == QLatin1String("desk"));
    CHECK(valueOf(edit->optionEditor(QStringLiteral("port"))).toInt() == server.port());
    CHECK(valueOf(edit->optionEditor(QStringLiteral("connect_server"))).toString() == QLatin1String("127.0.0.1"));
    edit->findChildren<QLineEdit *>().at(0); // the form exists
    AccountSpec changed = edit->spec();
    CHECK(changed.username == QLatin1String("alice@localhost/desk"));
    f.accounts().updateSettings(alice, {{AccountKeys::alias(), QStringLiteral("Alice at the desk")}});
    CHECK(f.accounts().account(alice)->spec.alias == QLatin1String("Alice at the desk"));
    edit->reject();

    // Reorder: alice moves above bob.
    CHECK(f.accounts().accounts().first().id == bob);
    dialog.moveAccount(alice, -1);
    CHECK(f.accounts().accounts().first().id == alice);
    CHECK(dialog.list()->topLevelItem(0)->text(0) == QLatin1String("alice@localhost/desk"));

    // Reconnect now, then disable through the check box.
    dialog.list()->setCurrentItem(dialog.list()->topLevelItem(0));
    f.backend().accountAdministration().reconnectNow(alice);
    REQUIRE(f.waitForState(alice, ConnectionState::Connected));
    dialog.list()->topLevelItem(0)->setCheckState(0, Qt::Unchecked);
    REQUIRE(waitFor([&] { return !f.accounts().account(alice)->spec.enabled; }));
    REQUIRE(f.waitForState(alice, ConnectionState::Disconnected));
    CHECK(dialog.stateText(alice) == QLatin1String("Disabled"));
    dialog.grab().save(QDir(artifactsDir()).filePath(QStringLiteral("accounts-dialog.png")));
}
