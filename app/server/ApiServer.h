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
