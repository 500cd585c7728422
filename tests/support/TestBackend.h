#pragma once

#include "ApiServerProcess.h"
#include "RestBackend.h"
#include "SqlBackend.h"
#include "TestDatabase.h"

#include <memory>

namespace idc::test {

/// The backend a contract test runs against, named by its first argument:
/// "sqlite", "postgresql", or "rest" (RestBackend → identity-api-server → a fresh PostgreSQL
/// database). direct() is always the SQL backend underneath, for fixtures; backend() is what
/// the test holds to the contract.
class TestBackend
{
public:
    explicit TestBackend(const QString& name);
    ~TestBackend();

    /// Creates the database, applies migrations, and for REST starts the server, adds an admin
    /// operator and logs in. Everything a test needs before its first query.
    Status open();

    IdentityBackend& backend() { return m_rest ? static_cast<IdentityBackend&>(*m_rest) : *m_direct; }
    SqlBackend& direct() { return *m_direct; }
    bool isRest() const { return m_rest != nullptr; }
    RestBackend* rest() { return m_rest.get(); }
    ApiServerProcess* server() { return m_server.get(); }
    const TestDatabase& database() const { return *m_database; }
    QString name() const { return m_name; }

    /// The key the SQL backends seal MFA secrets with in tests (random, the same for the whole run;
    /// the REST server has a key of its own).
    static QByteArray mfaKey();

    /// Runs one statement on the database directly (fixtures, tampering); false when it fails.
    bool execute(const QString& sql);
    /// Makes every insert into audit_events fail (a trigger, which every pooled connection and the
    /// API server see), or drops it again; false when that could not be done.
    bool refuseAuditAppends(bool refuse);

    /// The admin operator of the REST server and its password.
    static QString adminName() { return QStringLiteral("test-admin"); }
    static QString adminPassword() { return QStringLiteral("correct horse battery staple"); }

private:
    QString m_name;
    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<SqlBackend> m_direct;
    std::unique_ptr<ApiServerProcess> m_server;
    std::unique_ptr<RestBackend> m_rest;
};

} // namespace idc::test
