#include "OperatorStore.h"

#include "BoundQuery.h"

#include <QCryptographicHash>

namespace idc::server {
namespace {

QString uuidText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

// MFA is on once a factor is confirmed (operator_mfa_factors, schema version 3); the older
// mfa_secret_encrypted column is not used.
const QString operatorColumns =
    QStringLiteral("o.id, o.username, o.display_name, o.role, EXISTS (SELECT 1 FROM operator_mfa_factors f WHERE "
                   "f.operator_id = o.id AND f.confirmed_at IS NOT NULL)");

OperatorInfo operatorFromRow(const BoundQuery& query, OperatorRole& role)
{
    OperatorInfo info;
    info.id = QUuid::fromString(query.value(0).toString());
    info.username = query.value(1).toString();
    info.displayName = query.value(2).toString();
    info.role = query.value(3).toString();
    role = operatorRoleFromString(info.role).value_or(OperatorRole::SupportAgent);
    info.mfaEnabled = SqlDialect::boolFrom(query.value(4));
    return info;
}

} // namespace

OperatorStore::OperatorStore(SqlConnectionPool& pool)
    : m_pool(pool)
{
}

QByteArray OperatorStore::hashToken(const QByteArray& token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex();
}

QFuture<Result<OperatorInfo>> OperatorStore::addOperator(const QString& username, const QString& displayName,
                                                         OperatorRole role, const QString& passwordHash)
{
    return m_pool.run([=](QSqlDatabase& db) -> Result<OperatorInfo> {
        BoundQuery existing(db, QStringLiteral("SELECT 1 FROM operators WHERE username = ?"), {username});
        if (!existing.ok())
            return existing.error();
        if (existing.next())
            return makeError(ErrorKind::Conflict, QStringLiteral("operator '%1' exists").arg(username));
        OperatorInfo info;
        info.id = QUuid::createUuid();
        info.username = username;
        info.displayName = displayName.isEmpty() ? username : displayName;
        info.role = toString(role);
        BoundQuery insert(db,
                          QStringLiteral("INSERT INTO operators (id, username, display_name, role, password_hash, "
                                         "created_at) VALUES (?, ?, ?, ?, ?, ?)"),
                          {uuidText(info.id), info.username, info.displayName, info.role, passwordHash,
                           SqlDialect::timestamp(QDateTime::currentDateTimeUtc())});
        if (!insert.ok())
            return insert.error();
        return info;
    });
}

QFuture<Result<OperatorRecord>> OperatorStore::findByUsername(const QString& username)
{
    return m_pool.run([=](QSqlDatabase& db) -> Result<OperatorRecord> {
        BoundQuery query(db,
                         QStringLiteral("SELECT ") + operatorColumns +
                             QStringLiteral(", o.password_hash, o.disabled_at FROM operators o WHERE o.username = ?"),
                         {username});
        if (!query.ok())
            return query.error();
        if (!query.next())
            return makeError(ErrorKind::NotFound, QStringLiteral("no such operator"));
        OperatorRecord record;
        record.info = operatorFromRow(query, record.role);
        record.passwordHash = query.value(5).toString();
        record.disabled = !query.value(6).isNull();
        return record;
    });
}

QFuture<Result<QList<OperatorInfo>>> OperatorStore::operators()
{
    return m_pool.run([](QSqlDatabase& db) -> Result<QList<OperatorInfo>> {
        BoundQuery query(db,
                         QStringLiteral("SELECT ") + operatorColumns +
                             QStringLiteral(" FROM operators o WHERE o.disabled_at IS NULL ORDER BY o.username"),
                         {});
        if (!query.ok())
            return query.error();
        QList<OperatorInfo> list;
        while (query.next()) {
            OperatorRole role;
            list.append(operatorFromRow(query, role));
        }
        return list;
    });
}

QFuture<Status> OperatorStore::storeToken(const QUuid& operatorId, const QByteArray& tokenHash,
                                          const QDateTime& createdAt, const QDateTime& expiresAt)
{
    return m_pool.run([=](QSqlDatabase& db) -> Status {
        BoundQuery insert(db,
                          QStringLiteral("INSERT INTO api_tokens (id, operator_id, token_hash, created_at, expires_at) "
                                         "VALUES (?, ?, ?, ?, ?)"),
                          {uuidText(QUuid::createUuid()), uuidText(operatorId), QString::fromLatin1(tokenHash),
                           SqlDialect::timestamp(createdAt), SqlDialect::timestamp(expiresAt)});
        if (!insert.ok())
            return insert.error();
        return Done{};
    });
}

QFuture<Result<TokenOwner>> OperatorStore::tokenOwner(const QByteArray& tokenHash, const QDateTime& now)
{
    return m_pool.run([=](QSqlDatabase& db) -> Result<TokenOwner> {
        BoundQuery query(db,
                         QStringLiteral("SELECT ") + operatorColumns +
                             QStringLiteral(", t.expires_at FROM api_tokens t JOIN operators o ON o.id = t.operator_id "
                                            "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ? "
                                            "AND o.disabled_at IS NULL"),
                         {QString::fromLatin1(tokenHash), SqlDialect::timestamp(now)});
        if (!query.ok())
            return query.error();
        if (!query.next())
            return makeError(ErrorKind::Unauthorized, QStringLiteral("token unknown, expired or revoked"));
        TokenOwner owner;
        owner.info = operatorFromRow(query, owner.role);
        owner.expiresAt = SqlDialect::timestampFrom(query.value(5));
        return owner;
    });
}

QFuture<Status> OperatorStore::revokeToken(const QByteArray& tokenHash, const QDateTime& now)
{
    return m_pool.run([=](QSqlDatabase& db) -> Status {
        BoundQuery update(
            db, QStringLiteral("UPDATE api_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL"),
            {SqlDialect::timestamp(now), QString::fromLatin1(tokenHash)});
        if (!update.ok())
            return update.error();
        return Done{};
    });
}

} // namespace idc::server
