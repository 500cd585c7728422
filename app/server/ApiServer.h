#pragma once

#include "ConnectionProfile.h"
#include "LoginThrottle.h"
#include "OperatorRole.h"
#include "Result.h"

#include <QHostAddress>
#include <QObject>
#include <QStringList>

#include <chrono>
#include <memory>

namespace idc::server {

/// How the reference server runs: where it listens, which database it serves, its limits.
struct ServerConfig
{
    ConnectionProfile database;
    QString databasePassword;
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 8080; ///< 0 picks a free port
    QString tlsCertificateFile;
    QString tlsKeyFile;
    QString accessLogFile; ///< empty: stderr
    std::chrono::seconds tokenLifetime{8 * 3600};
    ThrottlePolicy throttle;
    int databaseConnections = 8;
    int handlerThreads = 16;
    int loginThreads = 4; ///< password checks at once (each scrypt call takes 128 MiB)
    /// The AES-256 key (32 bytes) that seals MFA secrets; empty: MFA calls answer 503 `secret-key`.
    /// start() hands it to the backend and wipes this copy.
    QByteArray mfaKey;
};

/// One route of the API, for the spec check and the documentation.
struct RouteInfo
{
    QString method;
    QString path; ///< OpenAPI form, e.g. "/api/v1/customers/{id}"
    Permission permission = Permission::Authenticated;
    bool authenticated = true;
};

/// The reference server of the identity admin REST API (resources/api/openapi.yaml): Qt
/// HttpServer in front of SqlBackend. Handlers run on a thread pool of their own; every request
/// is authenticated (bearer token, stored hashed), authorised by role, logged in one access-log
/// line with its trace id, and counted in /metrics.
///
/// TOTP MFA: `/customers/{id}/mfa` (status), `…/mfa/enrollment` (begin: 201 with the secret in
/// base32, shown once), `…/mfa/enrollment/confirm` (`{enrollment_id, code}`: 200 with the outcome,
/// and the recovery codes once accepted), `…/mfa/recovery-codes` (a new set) and `…/mfa/reset`
/// (`{reason}`) act on a customer's factor for any role (Permission::CustomersMfa), audited as the
/// operator of the request; the same five under `/auth/mfa` act on the signed-in operator's own.
/// Once an operator's factor is on, `/auth/login` needs `totp_code`: a current code (each time
/// step once) or an unused recovery code. Secrets are sealed with ServerConfig::mfaKey; without
/// one (or with a key that does not open them) those calls answer 503 `secret-key`. Neither
/// secrets nor codes are ever logged: the access log holds method, path, status and operator.
class ApiServer : public QObject
{
    Q_OBJECT

public:
    explicit ApiServer(ServerConfig config, QObject* parent = nullptr);
    ~ApiServer() override;

    /// Opens the database (applying migrations) and starts listening. Returns the port.
    /// Blocks until the database answers: call it before the event loop starts.
    Result<quint16> start();

    /// Every route the server serves, in registration order.
    static QList<RouteInfo> routes();

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace idc::server
