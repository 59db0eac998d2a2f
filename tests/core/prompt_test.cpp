// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/prompt.h"

#include <catch2/catch.hpp>

using crosstalk::Prompt;

TEST_CASE("a prompt takes only its first answer")
{
    Prompt prompt(Prompt::Kind::Question, QStringLiteral("t"), QStringLiteral("p"), {},
                  {QStringLiteral("_Accept"), QStringLiteral("&Cancel")}, 0, 1);
    QList<int> answers;
    QObject::connect(&prompt, &Prompt::answered, [&](int a) { answers << a; });
    CHECK(prompt.actionIndex(QStringLiteral("cancel")) == 1);
    prompt.answer(1);
    prompt.answer(0);
    prompt.dismiss();
    CHECK(answers == QList<int>{1});
    CHECK_FALSE(prompt.isOpen());
}

TEST_CASE("a withdrawn prompt ignores later answers")
{
    Prompt prompt(Prompt::Kind::Notice, {}, QStringLiteral("gone"), {}, {QStringLiteral("OK")}, 0, 0);
    int answered = 0;
    QObject::connect(&prompt, &Prompt::answered, [&](int) { ++answered; });
    prompt.withdraw();
    prompt.answer(0);
    CHECK(answered == 0);
}

TEST_CASE("fields carry values written before the answer")
{
    Prompt prompt(Prompt::Kind::Fields, {}, {}, {}, {QStringLiteral("OK")}, 0, 0);
    prompt.setFields({{QStringLiteral("nick"), QStringLiteral("Nick"), crosstalk::PromptField::Type::Text,
                       QStringLiteral("a"), {}, true}});
    prompt.setFieldValue(QStringLiteral("nick"), QStringLiteral("bob"));
    CHECK(prompt.fieldValue(QStringLiteral("nick")).toString() == QStringLiteral("bob"));
    CHECK_FALSE(prompt.fieldValue(QStringLiteral("missing")).isValid());
}
