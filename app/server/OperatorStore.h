#pragma once

#include "ApiJson.h"
#include "OperatorRole.h"
#include "Result.h"

#include <QDateTime>
#include <QFuture>

namespace idc {
class SqlConnectionPool;
}

namespace idc::server {

/// An operator row as login needs it. `info.mfaEnabled`: a confirmed TOTP factor exists.
struct OperatorRecord
{
    OperatorInfo info;
    OperatorRole role = OperatorRole::SupportAgent;
    QString passwordHash;
    bool disabled = false;
};

/// Who a bearer token belongs to.
struct TokenOwner
{
    OperatorInfo info;
    OperatorRole role = OperatorRole::SupportAgent;
    QDateTime expiresAt;
};

/// The `operators` and `api_tokens` tables. Tokens are stored only as the hex SHA-256 of the
/// token; the raw token exists in the login response and nowhere on the server.
class OperatorStore
{
public:
    explicit OperatorStore(SqlConnectionPool& pool);

    /// Adds an operator; Conflict when the user name is taken.
    QFuture<Result<OperatorInfo>> addOperator(const QString& username, const QString& displayName, OperatorRole role,
                                              const QString& passwordHash);
    /// NotFound when there is no such operator (disabled ones included: `disabled` says so).
    QFuture<Result<OperatorRecord>> findByUsername(const QString& username);
    QFuture<Result<QList<OperatorInfo>>> operators();

    QFuture<Status> storeToken(const QUuid& operatorId, const QByteArray& tokenHash, const QDateTime& createdAt,
                               const QDateTime& expiresAt);
    /// Unauthorized when the token is unknown, revoked, expired, or its operator disabled.
    QFuture<Result<TokenOwner>> tokenOwner(const QByteArray& tokenHash, const QDateTime& now);
    QFuture<Status> revokeToken(const QByteArray& tokenHash, const QDateTime& now);

    /// The hex SHA-256 of a token, as stored.
    static QByteArray hashToken(const QByteArray& token);

private:
    SqlConnectionPool& m_pool;
};

} // namespace idc::server
