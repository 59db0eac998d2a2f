// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/accountrepository.h"

#include "core/store/connection.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace crosstalk::store {

namespace {

QString settingsJson(const QVariantMap &settings)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonObject::fromVariantMap(settings)).toJson(QJsonDocument::Compact));
}

AccountInfo readAccount(Statement &stmt)
{
    AccountInfo info;
    info.id = AccountId(stmt.int64(0));
    info.spec.protocolId = stmt.text(1);
    info.spec.username = stmt.text(2);
    info.spec.alias = stmt.text(3);
    info.spec.settings = QJsonDocument::fromJson(stmt.text(4).toUtf8()).object().toVariantMap();
    info.spec.enabled = stmt.int64(5) != 0;
    return info;
}

} // namespace

AccountId AccountRepository::upsert(const AccountSpec &spec)
{
    Statement &stmt =
        m_db.cached("INSERT INTO accounts(protocol, username, alias, settings, enabled, created_at) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                    "ON CONFLICT(protocol, username) DO UPDATE SET alias = excluded.alias, "
                    "settings = excluded.settings, enabled = excluded.enabled RETURNING id");
    stmt.bind(1, spec.protocolId)
        .bind(2, spec.username)
        .bind(3, spec.alias.isNull() ? QStringLiteral("") : spec.alias);
    stmt.bind(4, settingsJson(spec.settings)).bind(5, spec.enabled);
    stmt.bind(6, QDateTime::currentMSecsSinceEpoch());
    stmt.step();
    const AccountId id(stmt.int64(0));
    stmt.reset();
    return id;
}

std::optional<AccountId> AccountRepository::find(const QString &protocolId, const QString &username)
{
    Statement &stmt = m_db.cached("SELECT id FROM accounts WHERE protocol = ?1 AND username = ?2");
    stmt.bind(1, protocolId).bind(2, username);
    std::optional<AccountId> id;
    if (stmt.step())
        id = AccountId(stmt.int64(0));
    stmt.reset();
    return id;
}

std::optional<AccountInfo> AccountRepository::get(AccountId id)
{
    Statement stmt = m_db.prepare(QStringLiteral(
        "SELECT id, protocol, username, alias, settings, enabled FROM accounts WHERE id = ?1"));
    stmt.bind(1, id.value());
    if (!stmt.step())
        return std::nullopt;
    return readAccount(stmt);
}

QList<AccountInfo> AccountRepository::all()
{
    Statement stmt = m_db.prepare(
        QStringLiteral("SELECT id, protocol, username, alias, settings, enabled FROM accounts ORDER BY id"));
    QList<AccountInfo> accounts;
    while (stmt.step())
        accounts.append(readAccount(stmt));
    return accounts;
}

void AccountRepository::remove(AccountId id)
{
    Statement stmt = m_db.prepare(QStringLiteral("DELETE FROM accounts WHERE id = ?1"));
    stmt.bind(1, id.value()).run();
}

} // namespace crosstalk::store
