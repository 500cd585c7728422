#include "ApiServerProcess.h"
#include "CustomerFixtures.h"
#include "PrometheusText.h"
#include "RestBackend.h"
#include "SqlBackend.h"
#include "TestDatabase.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <algorithm>
#include <memory>

using namespace idc;

namespace {

/// One HTTP answer, read whole.
struct HttpAnswer
{
    int status = 0; ///< 0: no HTTP answer at all
    QString networkError;
    QByteArray contentType;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; ///< names in lower case

    QByteArray header(const QByteArray& name) const { return headers.value(name.toLower()); }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString problemType() const { return json().value(QStringLiteral("type")).toString(); }
    QString describe() const
    {
        return QStringLiteral("HTTP %1 %2 %3").arg(status).arg(networkError, QString::fromUtf8(body.left(500)));
    }
};

/// A route as `identity-api-server routes` prints it: "METHOD PATH roles=a,b".
struct RouteLine
{
    QString method;
    QString path;
    QStringList roles; ///< empty: no authentication
};

struct TestOperator
{
    QString username;
    QString role;
    QString password;
};

// Passwords distinctive enough that finding one in a log cannot be a coincidence.
const QList<TestOperator> roleOperators{
    {QStringLiteral("agent"), QStringLiteral("support_agent"), QStringLiteral("agent-Quokka-Password-7104")},
    {QStringLiteral("officer"), QStringLiteral("security_officer"), QStringLiteral("officer-Narwhal-Password-4219")},
    {QStringLiteral("root"), QStringLiteral("admin"), QStringLiteral("root-Axolotl-Password-9361")},
};
// Only the per-user throttle test fails logins for this one, so no other test trips its limit.
const TestOperator throttledOperator{QStringLiteral("throttled"), QStringLiteral("support_agent"),
                                     QStringLiteral("throttled-Pangolin-Password-5830")};

const TestOperator& roleOperator(const QString& username)
{
    for (const TestOperator& op : roleOperators) {
        if (op.username == username)
            return op;
    }
    Q_UNREACHABLE();
}

QString problem(const char* name)
{
    return QStringLiteral("urn:identity-console:problem:") + QLatin1String(name);
}

QByteArray randomHex(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    for (char& c : raw)
        c = char(QRandomGenerator::global()->bounded(256));
    return raw.toHex();
}

QByteArray sha256Hex(const QByteArray& data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QString errorText(const Error& error)
{
    return QStringLiteral("kind %1: %2").arg(int(error.kind)).arg(error.detail);
}

QStringList readLines(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
}

} // namespace

/// Re-emits RestBackend::authenticationRequired, which comes from the backend's network thread,
/// on the test thread: QSignalSpy records on the emitting thread and is not thread-safe.
class AuthenticationRelay : public QObject
{
    Q_OBJECT

public:
    explicit AuthenticationRelay(RestBackend& backend)
    {
        connect(&backend, &RestBackend::authenticationRequired, this, &AuthenticationRelay::authenticationRequired,
                Qt::QueuedConnection);
    }

signals:
    void authenticationRequired(const idc::Error& reason);
};

/// The reference server (identity-api-server) as a real child process, over HTTP: roles,
/// authentication, login throttling, token handling, the access log, metrics, error answers
/// and TLS. The first argument names the database under the server.
class TestApiServer : public QObject
{
    Q_OBJECT

public:
    explicit TestApiServer(QString backend)
        : m_backend(std::move(backend))
    {
    }

private slots:
    void initTestCase()
    {
        m_database = std::make_unique<test::TestDatabase>(m_backend);
        QVERIFY2(m_database->isValid(), qPrintable(m_database->error()));
        // Opening applies the migrations, which `operator add` and the fixtures need.
        m_direct = std::make_unique<SqlBackend>(m_database->profile(), m_database->password());
        Result<BackendInfo> opened = m_direct->open().result();
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : errorText(opened.error())));
        Status inserted = test::insertFixtures(m_direct->pool());
        QVERIFY2(inserted.ok(), qPrintable(inserted.ok() ? QString() : errorText(inserted.error())));
        m_customerId = test::fixtureCustomers().first().id;

        QProcess routes;
        routes.start(test::ApiServerProcess::executable(), {QStringLiteral("routes")});
        QVERIFY2(routes.waitForFinished(30000), qPrintable(routes.errorString()));
        QCOMPARE(routes.exitCode(), 0);
        static const QRegularExpression routeLine(QStringLiteral("^([A-Z]+) (/\\S*)(?: roles=([a-z_,]+))?$"));
        for (const QString& line : QString::fromUtf8(routes.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts)) {
            const QRegularExpressionMatch match = routeLine.match(line);
            QVERIFY2(match.hasMatch(), qPrintable(QStringLiteral("unexpected routes line: ") + line));
            m_routes.append({match.captured(1), match.captured(2), match.captured(3).split(u',', Qt::SkipEmptyParts)});
        }
        QVERIFY(m_routes.size() >= 10);

        m_server = std::make_unique<test::ApiServerProcess>(m_database->profile(), m_database->password());
        for (const TestOperator& op : roleOperators + QList<TestOperator>{throttledOperator}) {
            Status added = m_server->addOperator(op.username, op.role, op.password);
            QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : errorText(added.error())));
        }
        Status started = m_server->start({QStringLiteral("--login-failures-per-user"), QStringLiteral("3"),
                                          QStringLiteral("--login-failures-per-address"), QStringLiteral("100"),
                                          QStringLiteral("--login-window"), QStringLiteral("60")});
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : errorText(started.error())));

        for (const TestOperator& op : roleOperators) {
            const HttpAnswer answer = login(*m_server, op.username, op.password);
            QVERIFY2(answer.status == 200, qPrintable(answer.describe()));
            const QJsonObject body = answer.json();
            QCOMPARE(body.value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));
            QCOMPARE(body.value(QStringLiteral("operator")).toObject().value(QStringLiteral("role")).toString(),
                     op.role);
            m_tokens.insert(op.username, body.value(QStringLiteral("token")).toString().toLatin1());
            QVERIFY(m_tokens.value(op.username).size() >= 32);
        }
    }

    // The role table as the server prints it is what OperatorRole.h documents.
    void routeTable()
    {
        const QStringList all{QStringLiteral("support_agent"), QStringLiteral("security_officer"),
                              QStringLiteral("admin")};
        for (const RouteLine& route : std::as_const(m_routes)) {
            QVERIFY2(route.path.startsWith(u"/api/v1/"), qPrintable(route.path));
            // Only login is open to anyone.
            QCOMPARE(route.roles.isEmpty(), route.path == u"/api/v1/auth/login");
            for (const QString& role : route.roles)
                QVERIFY2(all.contains(role), qPrintable(role));
        }
        QCOMPARE(rolesOf(QStringLiteral("GET"), QStringLiteral("/api/v1/metrics")),
                 QStringList{QStringLiteral("admin")});
        QCOMPARE(rolesOf(QStringLiteral("GET"), QStringLiteral("/api/v1/operators")),
                 QStringList{QStringLiteral("admin")});
        QCOMPARE(rolesOf(QStringLiteral("GET"), QStringLiteral("/api/v1/customers")), all);
        QCOMPARE(rolesOf(QStringLiteral("GET"), QStringLiteral("/api/v1/customers/{id}")), all);
        QCOMPARE(rolesOf(QStringLiteral("POST"), QStringLiteral("/api/v1/auth/logout")), all);
        // Unlocking is a support call; suspending and reading the audit trail are not.
        const QStringList officers{QStringLiteral("security_officer"), QStringLiteral("admin")};
        QCOMPARE(rolesOf(QStringLiteral("POST"), QStringLiteral("/api/v1/customers/{id}/unlock")), all);
        QCOMPARE(rolesOf(QStringLiteral("POST"), QStringLiteral("/api/v1/customers/{id}/suspend")), officers);
        QCOMPARE(rolesOf(QStringLiteral("POST"), QStringLiteral("/api/v1/customers/{id}/activate")), officers);
        QCOMPARE(rolesOf(QStringLiteral("GET"), QStringLiteral("/api/v1/audit-events")), officers);
        QCOMPARE(rolesOf(QStringLiteral("GET"), QStringLiteral("/api/v1/audit-events/verify")), officers);
        // Setting up or resetting a customer's authenticator app is a support call too, and every
        // operator manages their own.
        for (const QString& tail : {QString(), QStringLiteral("/enrollment"), QStringLiteral("/enrollment/confirm"),
                                    QStringLiteral("/recovery-codes"), QStringLiteral("/reset")}) {
            const QString method = tail.isEmpty() ? QStringLiteral("GET") : QStringLiteral("POST");
            QCOMPARE(rolesOf(method, QStringLiteral("/api/v1/customers/{id}/mfa") + tail), all);
            QCOMPARE(rolesOf(method, QStringLiteral("/api/v1/auth/mfa") + tail), all);
        }
    }

    void roleAccess_data()
    {
        QTest::addColumn<QString>("username");
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("allowed");
        int rows = 0;
        for (const RouteLine& route : std::as_const(m_routes)) {
            // Login needs no token and logout would revoke the one the other rows use: both have
            // tests of their own.
            if (route.path == u"/api/v1/auth/login" || route.path == u"/api/v1/auth/logout")
                continue;
            for (const TestOperator& op : roleOperators) {
                QTest::addRow("%s %s %s", qPrintable(op.role), qPrintable(route.method), qPrintable(route.path))
                    << op.username << route.method << route.path << route.roles.contains(op.role);
                ++rows;
            }
        }
        // Every other route is in the table, for every role.
        QCOMPARE(rows, (m_routes.size() - 2) * int(roleOperators.size()));
    }

    void roleAccess()
    {
        QFETCH(QString, username);
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(bool, allowed);
        QString concrete = path;
        concrete.replace(QStringLiteral("{id}"), m_customerId.toString(QUuid::WithoutBraces));
        QVERIFY2(!concrete.contains(u'{'), qPrintable(QStringLiteral("unknown path parameter in ") + path));
        QUrl target = url(*m_server, concrete);
        // Reads whose query parameters are required get valid ones.
        if (path == u"/api/v1/login-events/histogram")
            target.setQuery(QStringLiteral("bucket=day&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z"));

        const HttpAnswer answer = send(method.toLatin1(), target, {bearer(m_tokens.value(username))},
                                       method == u"GET" ? QByteArray() : QByteArrayLiteral("{}"));
        if (allowed) {
            QVERIFY2(answer.status != 401 && answer.status != 403 && answer.status != 0, qPrintable(answer.describe()));
            if (method == u"GET") // with a real customer id every read succeeds (a yes-or-no one with 204)
                QVERIFY2(answer.status == 200 || (answer.status == 204 && path == u"/api/v1/exports/permission"),
                         qPrintable(answer.describe()));
        } else {
            QVERIFY2(answer.status == 403, qPrintable(answer.describe()));
            QVERIFY(answer.contentType.startsWith("application/problem+json"));
            QCOMPARE(answer.problemType(), problem("forbidden"));
        }
    }

    void missingOrBadToken_data()
    {
        QTest::addColumn<QByteArray>("authorization"); // empty: no header at all
        QTest::newRow("no token") << QByteArray();
        QTest::newRow("garbage token") << QByteArrayLiteral("Bearer not-a-token-at-all-0123456789abcdef");
        QTest::newRow("empty bearer") << QByteArrayLiteral("Bearer ");
        QTest::newRow("basic scheme") << QByteArrayLiteral("Basic YWdlbnQ6cGFzc3dvcmQ=");
        QTest::newRow("too long") << QByteArray("Bearer " + QByteArray(300, 'a'));
    }

    void missingOrBadToken()
    {
        QFETCH(QByteArray, authorization);
        QList<std::pair<QByteArray, QByteArray>> headers;
        if (!authorization.isEmpty())
            headers.append({"Authorization", authorization});
        for (const QString& path : {QStringLiteral("/api/v1/customers"), QStringLiteral("/api/v1/auth/me"),
                                    QStringLiteral("/api/v1/metrics")}) {
            const HttpAnswer answer = send("GET", url(*m_server, path), headers);
            QVERIFY2(answer.status == 401, qPrintable(path + u' ' + answer.describe()));
            QVERIFY2(answer.header("WWW-Authenticate").startsWith("Bearer"), answer.header("WWW-Authenticate"));
            QVERIFY2(answer.contentType.startsWith("application/problem+json"), answer.contentType);
            const QJsonObject body = answer.json();
            QCOMPARE(body.value(QStringLiteral("type")).toString(), problem("unauthorized"));
            QCOMPARE(body.value(QStringLiteral("status")).toInt(), 401);
            QCOMPARE(body.value(QStringLiteral("instance")).toString(), path);
        }
    }

    void loginRefusals()
    {
        const TestOperator& agent = roleOperator(QStringLiteral("agent"));
        const HttpAnswer wrong = login(*m_server, agent.username, agent.password + u'x');
        ++m_badPasswords;
        QVERIFY2(wrong.status == 401, qPrintable(wrong.describe()));
        QVERIFY(wrong.contentType.startsWith("application/problem+json"));
        QCOMPARE(wrong.problemType(), problem("invalid-credentials"));
        QVERIFY(!wrong.json().contains(QStringLiteral("token")));

        // An unknown user gets the very same answer: nothing tells the two apart.
        const HttpAnswer unknown = login(*m_server, QStringLiteral("nobody-at-all"), agent.password);
        QVERIFY2(unknown.status == 401, qPrintable(unknown.describe()));
        QCOMPARE(unknown.contentType, wrong.contentType);
        for (const QString& field : {QStringLiteral("type"), QStringLiteral("title"), QStringLiteral("detail"),
                                     QStringLiteral("status"), QStringLiteral("instance")})
            QCOMPARE(unknown.json().value(field), wrong.json().value(field));
        QCOMPARE(unknown.json().keys(), wrong.json().keys());

        const QUrl loginUrl = url(*m_server, QStringLiteral("/api/v1/auth/login"));
        const std::pair<QByteArray, QByteArray> json{"Content-Type", "application/json"};
        const HttpAnswer malformed = send("POST", loginUrl, {json}, QByteArrayLiteral("{\"username\": \"agent\","));
        QVERIFY2(malformed.status == 400, qPrintable(malformed.describe()));
        QCOMPARE(malformed.problemType(), problem("malformed-body"));
        const HttpAnswer array = send("POST", loginUrl, {json}, QByteArrayLiteral("[\"agent\"]"));
        QVERIFY2(array.status == 400, qPrintable(array.describe()));

        const HttpAnswer noPassword = send("POST", loginUrl, {json}, QByteArrayLiteral("{\"username\": \"agent\"}"));
        QVERIFY2(noPassword.status == 422, qPrintable(noPassword.describe()));
        QVERIFY(noPassword.contentType.startsWith("application/problem+json"));
        QCOMPARE(noPassword.problemType(), problem("invalid-parameter"));
        const HttpAnswer numberPassword =
            send("POST", loginUrl, {json}, QByteArrayLiteral("{\"username\": \"agent\", \"password\": 12}"));
        QVERIFY2(numberPassword.status == 422, qPrintable(numberPassword.describe()));
    }

    void loginThrottlePerUser()
    {
        const QByteArray before = metrics(*m_server);
        const double throttledBefore = test::prometheusSample(before, "idc_throttled_requests_total");
        QVERIFY(throttledBefore >= 0);

        for (int i = 0; i < 3; ++i) {
            const HttpAnswer failed =
                login(*m_server, throttledOperator.username, QStringLiteral("wrong-password-%1").arg(i));
            ++m_badPasswords;
            QVERIFY2(failed.status == 401, qPrintable(failed.describe()));
        }
        // Even the right password waits now.
        const HttpAnswer refused = login(*m_server, throttledOperator.username, throttledOperator.password);
        ++m_throttled;
        QVERIFY2(refused.status == 429, qPrintable(refused.describe()));
        QVERIFY(refused.contentType.startsWith("application/problem+json"));
        QCOMPARE(refused.problemType(), problem("too-many-requests"));
        QVERIFY(!refused.json().contains(QStringLiteral("token")));
        bool isInteger = false;
        const int retryAfter = refused.header("Retry-After").toInt(&isInteger);
        QVERIFY2(isInteger, refused.header("Retry-After"));
        QVERIFY(retryAfter >= 1 && retryAfter <= 60);
        // Case does not get around it.
        QCOMPARE(login(*m_server, throttledOperator.username.toUpper(), throttledOperator.password).status, 429);
        ++m_throttled;

        // The console sees a RateLimited error with the server's wait.
        RestBackend rest(m_server->restProfile());
        Result<LoginGrant> viaRest = rest.login(throttledOperator.username, throttledOperator.password).result();
        ++m_throttled;
        QVERIFY(!viaRest.ok());
        QCOMPARE(viaRest.error().kind, ErrorKind::RateLimited);
        QVERIFY(viaRest.error().retryAfterSeconds > 0 && viaRest.error().retryAfterSeconds <= 60);
        QVERIFY(rest.token().isEmpty());

        // Another user from the same address is not affected.
        const TestOperator& agent = roleOperator(QStringLiteral("agent"));
        const HttpAnswer other = login(*m_server, agent.username, agent.password);
        QVERIFY2(other.status == 200, qPrintable(other.describe()));
        QVERIFY(!other.json().value(QStringLiteral("token")).toString().isEmpty());

        const double throttledAfter = test::prometheusSample(metrics(*m_server), "idc_throttled_requests_total");
        QCOMPARE(throttledAfter - throttledBefore, 3.0);
        QVERIFY(throttledAfter >= 1);
    }

    void loginThrottlePerAddress()
    {
        // A second server on the same database, whose address limit is low and user limit high.
        test::ApiServerProcess server(m_database->profile(), m_database->password());
        Status started = server.start({QStringLiteral("--login-failures-per-address"), QStringLiteral("4"),
                                       QStringLiteral("--login-failures-per-user"), QStringLiteral("100"),
                                       QStringLiteral("--login-window"), QStringLiteral("60")});
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : errorText(started.error())));

        for (int i = 1; i <= 4; ++i) {
            const HttpAnswer failed =
                login(server, QStringLiteral("guess-%1").arg(i), QStringLiteral("password-guess-%1").arg(i));
            QVERIFY2(failed.status == 401, qPrintable(failed.describe()));
            QCOMPARE(failed.problemType(), problem("invalid-credentials"));
        }
        // A fifth user name, even a real one with its right password, waits.
        const TestOperator& officer = roleOperator(QStringLiteral("officer"));
        const HttpAnswer refused = login(server, officer.username, officer.password);
        QVERIFY2(refused.status == 429, qPrintable(refused.describe()));
        QCOMPARE(refused.problemType(), problem("too-many-requests"));
        bool isInteger = false;
        QVERIFY(refused.header("Retry-After").toInt(&isInteger) >= 1);
        QVERIFY(isInteger);

        RestBackend rest(server.restProfile());
        Result<LoginGrant> viaRest = rest.login(officer.username, officer.password).result();
        QVERIFY(!viaRest.ok());
        QCOMPARE(viaRest.error().kind, ErrorKind::RateLimited);
        QVERIFY(viaRest.error().retryAfterSeconds > 0);

        // Tokens live in the shared database, so the main server's admin token works here too.
        const QByteArray exposition = metrics(server);
        QCOMPARE(test::prometheusSample(exposition, R"(idc_login_failures_total{reason="unknown_user"})"), 4.0);
        QCOMPARE(test::prometheusSample(exposition, "idc_throttled_requests_total"), 2.0);
    }

    void logoutRevokesToken()
    {
        const TestOperator& agent = roleOperator(QStringLiteral("agent"));
        const HttpAnswer grant = login(*m_server, agent.username, agent.password);
        QVERIFY2(grant.status == 200, qPrintable(grant.describe()));
        const QByteArray token = grant.json().value(QStringLiteral("token")).toString().toLatin1();
        QVERIFY(!token.isEmpty());
        QVERIFY(token != m_tokens.value(agent.username));

        const QUrl me = url(*m_server, QStringLiteral("/api/v1/auth/me"));
        const HttpAnswer who = send("GET", me, {bearer(token)});
        QVERIFY2(who.status == 200, qPrintable(who.describe()));
        QCOMPARE(who.json().value(QStringLiteral("username")).toString(), agent.username);

        const HttpAnswer out = send("POST", url(*m_server, QStringLiteral("/api/v1/auth/logout")), {bearer(token)});
        QVERIFY2(out.status == 204, qPrintable(out.describe()));
        QVERIFY(out.body.isEmpty());

        const HttpAnswer revoked = send("GET", me, {bearer(token)});
        QVERIFY2(revoked.status == 401, qPrintable(revoked.describe()));
        QCOMPARE(revoked.problemType(), problem("unauthorized"));
        QCOMPARE(send("POST", url(*m_server, QStringLiteral("/api/v1/auth/logout")), {bearer(token)}).status, 401);
        // Only that token: the agent's other session goes on.
        QCOMPARE(send("GET", me, {bearer(m_tokens.value(agent.username))}).status, 200);

        // RestBackend's logout revokes on the server too.
        RestBackend rest(m_server->restProfile());
        Result<LoginGrant> restGrant = rest.login(agent.username, agent.password).result();
        QVERIFY2(restGrant.ok(), qPrintable(restGrant.ok() ? QString() : errorText(restGrant.error())));
        const QByteArray restToken = restGrant->token;
        Status loggedOut = rest.logout().result();
        QVERIFY2(loggedOut.ok(), qPrintable(loggedOut.ok() ? QString() : errorText(loggedOut.error())));
        QCOMPARE(send("GET", me, {bearer(restToken)}).status, 401);
    }

    void tokensAreStoredHashed()
    {
        Result<QList<QByteArray>> stored = m_direct->pool()
                                               .run([](QSqlDatabase& db) -> Result<QList<QByteArray>> {
                                                   QSqlQuery query(db);
                                                   if (!query.exec(QStringLiteral("SELECT token_hash FROM api_tokens")))
                                                       return makeError(ErrorKind::Storage, query.lastError().text());
                                                   QList<QByteArray> hashes;
                                                   while (query.next())
                                                       hashes.append(query.value(0).toString().toLatin1());
                                                   return hashes;
                                               })
                                               .result();
        QVERIFY2(stored.ok(), qPrintable(stored.ok() ? QString() : errorText(stored.error())));
        QVERIFY(stored->size() >= m_tokens.size());
        for (const QByteArray& token : std::as_const(m_tokens)) {
            QCOMPARE(stored->count(sha256Hex(token)), 1);
            for (const QByteArray& hash : *stored)
                QVERIFY(!hash.contains(token));
        }
    }

    void tokenLifetime()
    {
        test::ApiServerProcess server(m_database->profile(), m_database->password());
        Status started = server.start({QStringLiteral("--token-lifetime"), QStringLiteral("2")});
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : errorText(started.error())));
        const TestOperator& agent = roleOperator(QStringLiteral("agent"));

        const QDateTime loginTime = QDateTime::currentDateTimeUtc();
        const HttpAnswer grant = login(server, agent.username, agent.password);
        QVERIFY2(grant.status == 200, qPrintable(grant.describe()));
        const QByteArray token = grant.json().value(QStringLiteral("token")).toString().toLatin1();
        const QDateTime expiresAt =
            QDateTime::fromString(grant.json().value(QStringLiteral("expires_at")).toString(), Qt::ISODateWithMs);
        QVERIFY(expiresAt.isValid());
        QVERIFY2(expiresAt >= loginTime.addSecs(2) && expiresAt <= loginTime.addSecs(4),
                 qPrintable(expiresAt.toString(Qt::ISODate)));
        const QUrl me = url(server, QStringLiteral("/api/v1/auth/me"));
        QCOMPARE(send("GET", me, {bearer(token)}).status, 200);

        RestBackend rest(server.restProfile());
        Result<LoginGrant> restGrant = rest.login(agent.username, agent.password).result();
        QVERIFY2(restGrant.ok(), qPrintable(restGrant.ok() ? QString() : errorText(restGrant.error())));
        QVERIFY(rest.currentOperator().result().ok());

        // About 3 s: until both tokens are a little past their expiry, measured on this clock.
        const QDateTime expired = std::max(expiresAt, restGrant->expiresAt).addMSecs(800);
        QTest::qWait(int(std::clamp<qint64>(QDateTime::currentDateTimeUtc().msecsTo(expired), 0, 5000)));

        const HttpAnswer refused = send("GET", me, {bearer(token)});
        QVERIFY2(refused.status == 401, qPrintable(refused.describe()));
        QCOMPARE(refused.problemType(), problem("unauthorized"));

        // The console holds the request back, asks for a login, and finishes it after one.
        AuthenticationRelay relay(rest);
        QSignalSpy authenticationRequired(&relay, &AuthenticationRelay::authenticationRequired);
        QFuture<Result<QStringList>> countries = rest.customerCountries();
        QTRY_COMPARE_WITH_TIMEOUT(authenticationRequired.size(), 1, 15000);
        QCOMPARE(authenticationRequired.first().first().value<Error>().kind, ErrorKind::Unauthorized);
        QTest::qWait(200);
        QVERIFY(!countries.isFinished());

        Result<LoginGrant> again = rest.login(agent.username, agent.password).result();
        QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : errorText(again.error())));
        QTRY_VERIFY_WITH_TIMEOUT(countries.isFinished(), 15000);
        const Result<QStringList> list = countries.result();
        QVERIFY2(list.ok(), qPrintable(list.ok() ? QString() : errorText(list.error())));
        Result<QStringList> expected = m_direct->customerCountries().result();
        QVERIFY(expected.ok());
        QCOMPARE(list.value(), expected.value());
        QCOMPARE(authenticationRequired.size(), 1);
    }

    void accessLog()
    {
        const TestOperator& agent = roleOperator(QStringLiteral("agent"));
        const QString searchText = QStringLiteral("QuixoticMarmoset4711");
        const qsizetype linesBefore = readLines(m_server->accessLogPath()).size();

        struct Sent
        {
            QByteArray method;
            QString path;
            QUrlQuery query;
            QByteArray body;
            bool withToken;
            int expectedStatus;
            QString expectedOperator;
            QString loggedPath = {}; ///< empty: the path as sent
        };
        QUrlQuery search;
        search.addQueryItem(QStringLiteral("q"), searchText);
        const QString customerPath = QStringLiteral("/api/v1/customers/") + m_customerId.toString(QUuid::WithoutBraces);
        const QByteArray loginBody = QJsonDocument(QJsonObject{{QStringLiteral("username"), agent.username},
                                                               {QStringLiteral("password"), agent.password}})
                                         .toJson(QJsonDocument::Compact);
        const QList<Sent> requests{
            {"GET", QStringLiteral("/api/v1/customers"), search, {}, true, 200, agent.username},
            {"GET", customerPath, {}, {}, true, 200, agent.username},
            {"GET", QStringLiteral("/api/v1/operators"), {}, {}, true, 403, agent.username},
            {"GET", QStringLiteral("/api/v1/customers"), search, {}, false, 401, QStringLiteral("-")},
            {"GET", QStringLiteral("/api/v1/no-such-route"), search, {}, false, 404, QStringLiteral("-")},
            {"POST", QStringLiteral("/api/v1/auth/login"), {}, loginBody, false, 200, QStringLiteral("-")},
            // A client cannot split or forge a line through the path.
            {"GET",
             QStringLiteral("/api/v1/no such\nroute operator=root"),
             {},
             {},
             false,
             404,
             QStringLiteral("-"),
             QStringLiteral("/api/v1/no%20such%0Aroute%20operator=root")},
        };
        QList<QByteArray> traceIds;
        QList<QByteArray> secrets{agent.password.toUtf8()};
        for (const Sent& request : requests) {
            const QByteArray traceId = randomHex(16);
            const QByteArray spanId = randomHex(8);
            traceIds.append(traceId);
            QList<std::pair<QByteArray, QByteArray>> headers{{"traceparent", "00-" + traceId + '-' + spanId + "-01"}};
            if (request.withToken)
                headers.append(bearer(m_tokens.value(agent.username)));
            if (!request.body.isEmpty())
                headers.emplaceBack("Content-Type", "application/json");
            QUrl target = url(*m_server, request.path);
            target.setQuery(request.query);
            const HttpAnswer answer = send(request.method, target, headers, request.body);
            QVERIFY2(answer.status == request.expectedStatus, qPrintable(request.path + u' ' + answer.describe()));
            // The answer continues the caller's trace with a span of its own.
            const QList<QByteArray> parts = answer.header("traceparent").split('-');
            QCOMPARE(parts.size(), 4);
            QCOMPARE(parts.at(0), QByteArray("00"));
            QCOMPARE(parts.at(1), traceId);
            QCOMPARE(parts.at(2).size(), 16);
            QVERIFY(parts.at(2) != spanId);
            if (request.method == "POST")
                secrets.append(answer.json().value(QStringLiteral("token")).toString().toLatin1());
        }

        const QStringList lines = readLines(m_server->accessLogPath());
        QCOMPARE(lines.size() - linesBefore, requests.size());
        for (qsizetype i = 0; i < requests.size(); ++i) {
            const QString traceField = QStringLiteral("trace=") + QString::fromLatin1(traceIds.at(i));
            QStringList matching;
            for (const QString& line : lines) {
                if (line.contains(traceField))
                    matching.append(line);
            }
            QCOMPARE(matching.size(), 1);
            const QStringList fields = matching.first().split(u' ');
            QCOMPARE(fields.size(), 7);
            QVERIFY(QDateTime::fromString(fields.at(0), Qt::ISODateWithMs).isValid());
            QCOMPARE(fields.at(1), QString::fromLatin1(requests.at(i).method));
            QCOMPARE(fields.at(2),
                     requests.at(i).loggedPath.isEmpty() ? requests.at(i).path : requests.at(i).loggedPath);
            QCOMPARE(fields.at(3), QString::number(requests.at(i).expectedStatus));
            QVERIFY(fields.at(4).endsWith(u"ms"));
            QCOMPARE(fields.at(5), QStringLiteral("operator=") + requests.at(i).expectedOperator);
            QCOMPARE(fields.at(6), traceField);
        }

        QFile file(m_server->accessLogPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray log = file.readAll();
        for (const TestOperator& op : roleOperators + QList<TestOperator>{throttledOperator})
            secrets.append(op.password.toUtf8());
        for (const QByteArray& token : std::as_const(m_tokens))
            secrets.append(token);
        for (const QByteArray& secret : std::as_const(secrets)) {
            QVERIFY(!secret.isEmpty());
            QVERIFY2(!log.contains(secret), secret.constData());
            QVERIFY2(!log.contains(sha256Hex(secret)), secret.constData());
        }
        QVERIFY(!log.toLower().contains(searchText.toLatin1().toLower()));
        QVERIFY(!log.contains("q="));
    }

    void metrics()
    {
        const TestOperator& officer = roleOperator(QStringLiteral("officer"));
        const QByteArray customers = R"(method="GET",route="/api/v1/customers",status="200")";
        const QByteArray counter = "idc_http_requests_total{" + customers + '}';
        const QByteArray badPasswords = R"(idc_login_failures_total{reason="bad_password"})";

        const HttpAnswer first = send("GET", url(*m_server, QStringLiteral("/api/v1/metrics")),
                                      {bearer(m_tokens.value(QStringLiteral("root")))});
        QVERIFY2(first.status == 200, qPrintable(first.describe()));
        QVERIFY2(first.contentType.startsWith("text/plain"), first.contentType);
        QVERIFY(!first.body.isEmpty());
        const double requestsBefore = std::max(0.0, test::prometheusSample(first.body, counter));
        const double failuresBefore = std::max(0.0, test::prometheusSample(first.body, badPasswords));
        QCOMPARE(failuresBefore, double(m_badPasswords));

        constexpr int searches = 3;
        for (int i = 0; i < searches; ++i) {
            const HttpAnswer answer = send("GET", url(*m_server, QStringLiteral("/api/v1/customers")),
                                           {bearer(m_tokens.value(officer.username))});
            QVERIFY2(answer.status == 200, qPrintable(answer.describe()));
        }
        // Two, so the officer stays below the per-user limit of three.
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(login(*m_server, officer.username, QStringLiteral("not-the-password-%1").arg(i)).status, 401);
            ++m_badPasswords;
        }

        const HttpAnswer one = send(
            "GET", url(*m_server, QStringLiteral("/api/v1/customers/") + m_customerId.toString(QUuid::WithoutBraces)),
            {bearer(m_tokens.value(officer.username))});
        QVERIFY2(one.status == 200, qPrintable(one.describe()));

        const QByteArray after = metrics(*m_server);
        QCOMPARE(test::prometheusSample(after, counter), requestsBefore + searches);
        QCOMPARE(test::prometheusSample(after, badPasswords), failuresBefore + 2);
        QCOMPARE(test::prometheusSample(after, badPasswords), double(m_badPasswords));
        QCOMPARE(test::prometheusSample(after, "idc_throttled_requests_total"), double(m_throttled));

        // The histogram of the same series: cumulative buckets ending in +Inf, a count and a sum.
        const double count = test::prometheusSample(after, counter);
        QCOMPARE(test::prometheusSample(after, "idc_http_request_duration_seconds_count{" + customers + '}'), count);
        QVERIFY(test::prometheusSample(after, "idc_http_request_duration_seconds_sum{" + customers + '}') > 0);
        QCOMPARE(
            test::prometheusSample(after, "idc_http_request_duration_seconds_bucket{" + customers + R"(,le="+Inf"})"),
            count);
        const QByteArray bucketPrefix = "idc_http_request_duration_seconds_bucket{" + customers + ",le=\"";
        double previous = 0;
        int buckets = 0;
        for (const QByteArray& line : after.split('\n')) {
            if (!line.startsWith(bucketPrefix))
                continue;
            const double value = line.sliced(line.lastIndexOf(' ') + 1).toDouble();
            QVERIFY2(value >= previous, line.constData());
            previous = value;
            ++buckets;
        }
        QCOMPARE(buckets, 12);
        QVERIFY(after.contains("# TYPE idc_http_request_duration_seconds histogram"));
        QVERIFY(after.contains("# TYPE idc_http_requests_total counter"));

        // Routes are labelled by template: no customer id, no search text.
        QVERIFY(after.contains(R"(route="/api/v1/customers/{id}")"));
        QVERIFY(!after.contains(m_customerId.toString(QUuid::WithoutBraces).toLatin1()));
        QVERIFY(!after.contains("Quixotic"));
    }

    void customerAnswers_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("problemType"); // empty: a success

        const QString known = QStringLiteral("/api/v1/customers/") + m_customerId.toString(QUuid::WithoutBraces);
        const QString unknown = QStringLiteral("/api/v1/customers/ffffffff-0000-4000-8000-000000000000");
        QTest::newRow("known id") << QByteArray("GET") << known << QString() << 200 << QString();
        QTest::newRow("known id, braces")
            << QByteArray("GET") << QStringLiteral("/api/v1/customers/") + m_customerId.toString() << QString() << 200
            << QString();
        QTest::newRow("unknown id") << QByteArray("GET") << unknown << QString() << 404 << problem("not-found");
        QTest::newRow("not a uuid") << QByteArray("GET") << QStringLiteral("/api/v1/customers/not-a-uuid") << QString()
                                    << 404 << problem("not-found");
        QTest::newRow("addresses of unknown id")
            << QByteArray("GET") << unknown + QStringLiteral("/addresses") << QString() << 404 << problem("not-found");
        QTest::newRow("unknown route") << QByteArray("GET") << QStringLiteral("/api/v1/nothing-here") << QString()
                                       << 404 << problem("not-found");
        QTest::newRow("outside the api") << QByteArray("GET") << QStringLiteral("/") << QString() << 404
                                         << problem("not-found");
        QTest::newRow("wrong method") << QByteArray("DELETE") << known << QString() << 404 << problem("not-found");
        QTest::newRow("limit=0") << QByteArray("GET") << QStringLiteral("/api/v1/customers")
                                 << QStringLiteral("limit=0") << 422 << problem("invalid-parameter");
        QTest::newRow("limit=501") << QByteArray("GET") << QStringLiteral("/api/v1/customers")
                                   << QStringLiteral("limit=501") << 422 << problem("invalid-parameter");
        QTest::newRow("limit=abc") << QByteArray("GET") << QStringLiteral("/api/v1/customers")
                                   << QStringLiteral("limit=abc") << 422 << problem("invalid-parameter");
        QTest::newRow("status=weird") << QByteArray("GET") << QStringLiteral("/api/v1/customers")
                                      << QStringLiteral("status=weird") << 422 << problem("invalid-parameter");
        QTest::newRow("count, status=weird") << QByteArray("GET") << QStringLiteral("/api/v1/customers/count")
                                             << QStringLiteral("status=weird") << 422 << problem("invalid-parameter");
        QTest::newRow("limit=500") << QByteArray("GET") << QStringLiteral("/api/v1/customers")
                                   << QStringLiteral("limit=500") << 200 << QString();
    }

    void customerAnswers()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QString, query);
        QFETCH(int, status);
        QFETCH(QString, problemType);
        QUrl target = url(*m_server, path);
        if (!query.isEmpty())
            target.setQuery(query);
        const HttpAnswer answer = send(method, target, {bearer(m_tokens.value(QStringLiteral("agent")))});
        QVERIFY2(answer.status == status, qPrintable(answer.describe()));
        if (problemType.isEmpty()) {
            QVERIFY2(answer.contentType.startsWith("application/json"), answer.contentType);
            return;
        }
        QVERIFY2(answer.contentType.startsWith("application/problem+json"), answer.contentType);
        const QJsonObject body = answer.json();
        QCOMPARE(body.value(QStringLiteral("type")).toString(), problemType);
        QCOMPARE(body.value(QStringLiteral("status")).toInt(), status);
        QCOMPARE(body.value(QStringLiteral("instance")).toString(), path);
        QCOMPARE(body.value(QStringLiteral("trace_id")).toString().size(), 32);
    }

    void customerETag()
    {
        Result<Customer> stored = m_direct->customer(m_customerId).result();
        QVERIFY(stored.ok());
        const HttpAnswer answer = send(
            "GET", url(*m_server, QStringLiteral("/api/v1/customers/") + m_customerId.toString(QUuid::WithoutBraces)),
            {bearer(m_tokens.value(QStringLiteral("agent")))});
        QVERIFY2(answer.status == 200, qPrintable(answer.describe()));
        QCOMPARE(answer.header("ETag"), '"' + QByteArray::number(stored->version) + '"');
        QCOMPARE(answer.json().value(QStringLiteral("id")).toString(), m_customerId.toString(QUuid::WithoutBraces));
        QCOMPARE(answer.header("Cache-Control"), QByteArray("no-store"));
    }

    // A change to a customer names the version it was decided on: without If-Match 428, with
    // another version (or something that is no ETag) 412, and nothing changes either way.
    void customerChangesNeedIfMatch_data()
    {
        QTest::addColumn<QByteArray>("ifMatch"); // empty: none sent; "current": the stored version
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("problemType");
        QTest::newRow("missing") << QByteArray() << 428 << problem("precondition-failed");
        QTest::newRow("stale") << QByteArray("\"0\"") << 412 << problem("precondition-failed");
        QTest::newRow("weak") << QByteArray("W/\"1\"") << 412 << problem("precondition-failed");
        QTest::newRow("not an etag") << QByteArray("*") << 412 << problem("precondition-failed");
        // Accepted, and refused for what it asks: the customer is not locked.
        QTest::newRow("current") << QByteArray("current") << 422 << problem("invalid-parameter");
    }

    void customerChangesNeedIfMatch()
    {
        QFETCH(QByteArray, ifMatch);
        QFETCH(int, status);
        QFETCH(QString, problemType);
        Result<Customer> before = m_direct->customer(m_customerId).result();
        QVERIFY(before.ok());
        QVERIFY(!before->isLocked() && before->failedLoginAttempts == 0);
        QList<std::pair<QByteArray, QByteArray>> headers{bearer(m_tokens.value(QStringLiteral("agent")))};
        if (ifMatch == "current")
            headers.append({QByteArrayLiteral("If-Match"), '"' + QByteArray::number(before->version) + '"'});
        else if (!ifMatch.isEmpty())
            headers.append({QByteArrayLiteral("If-Match"), ifMatch});
        const QString path =
            QStringLiteral("/api/v1/customers/%1/unlock").arg(m_customerId.toString(QUuid::WithoutBraces));
        const HttpAnswer answer = send("POST", url(*m_server, path), headers, QByteArrayLiteral("{}"));
        QVERIFY2(answer.status == status, qPrintable(answer.describe()));
        QVERIFY2(answer.contentType.startsWith("application/problem+json"), answer.contentType);
        QCOMPARE(answer.problemType(), problemType);
        Result<Customer> after = m_direct->customer(m_customerId).result();
        QVERIFY(after.ok());
        QCOMPARE(after->version, before->version);
    }

    void tls()
    {
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (openssl.isEmpty())
            QFAIL("the openssl command line tool is missing: install the 'openssl' package (install-deps.sh does)");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString certificate = dir.filePath(QStringLiteral("server.pem"));
        const QString key = dir.filePath(QStringLiteral("server.key"));
        QProcess generate;
        generate.start(openssl,
                       {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                        QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                        QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), certificate,
                        QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                        QStringLiteral("/CN=localhost"), QStringLiteral("-addext"),
                        QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost")});
        QVERIFY(generate.waitForFinished(30000));
        QVERIFY2(generate.exitCode() == 0, generate.readAllStandardError().constData());

        test::ApiServerProcess server(m_database->profile(), m_database->password());
        Status started = server.start({QStringLiteral("--tls-cert"), certificate, QStringLiteral("--tls-key"), key});
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : errorText(started.error())));
        QCOMPARE(server.baseUrl().scheme(), QStringLiteral("https"));
        const TestOperator& agent = roleOperator(QStringLiteral("agent"));

        // Not trusted without the CA file: refused with the reason, and no password sent.
        ConnectionProfile profile = server.restProfile();
        {
            RestBackend untrusted(profile);
            Result<LoginGrant> grant = untrusted.login(agent.username, agent.password).result();
            QVERIFY(!grant.ok());
            QCOMPARE(grant.error().kind, ErrorKind::Certificate);
            QVERIFY2(grant.error().detail.contains(QStringLiteral("self-signed"), Qt::CaseInsensitive),
                     qPrintable(grant.error().detail));
            QCOMPARE(untrusted.open().result().error().kind, ErrorKind::Certificate);
        }
        for (const QString& line : readLines(server.accessLogPath()))
            QVERIFY2(!line.contains(u"/auth/login"), qPrintable(line));

        profile.caFile = certificate;
        {
            RestBackend trusted(profile);
            Result<LoginGrant> grant = trusted.login(agent.username, agent.password).result();
            QVERIFY2(grant.ok(), qPrintable(grant.ok() ? QString() : errorText(grant.error())));
            QCOMPARE(grant->operatorInfo.username, agent.username);
            Result<BackendInfo> info = trusted.open().result();
            QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : errorText(info.error())));
            QVERIFY(info->kind == BackendKind::Rest);
            QVERIFY(info->serverVersion.contains(QStringLiteral("identity-api-server")));
            QVERIFY(info->schemaVersion > 0);
        }

        // A CA file that holds no PEM certificate is a configuration error, reported before
        // anything is sent.
        const QString notPem = dir.filePath(QStringLiteral("not-a-certificate.pem"));
        {
            QFile file(notPem);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("this is not a certificate\n");
        }
        profile.caFile = notPem;
        {
            RestBackend broken(profile);
            Result<LoginGrant> grant = broken.login(agent.username, agent.password).result();
            QVERIFY(!grant.ok());
            QCOMPARE(grant.error().kind, ErrorKind::Certificate);
            QVERIFY2(grant.error().detail.contains(notPem), qPrintable(grant.error().detail));
            QVERIFY2(grant.error().detail.contains(QStringLiteral("PEM")), qPrintable(grant.error().detail));
        }
        // The key file is no CA file either, though it is PEM.
        profile.caFile = key;
        {
            RestBackend broken(profile);
            QCOMPARE(broken.open().result().error().kind, ErrorKind::Certificate);
        }
    }

    void cleanupTestCase()
    {
        m_server.reset();
        m_direct.reset();
        m_database.reset();
    }

private:
    static std::pair<QByteArray, QByteArray> bearer(const QByteArray& token)
    {
        return {QByteArrayLiteral("Authorization"), "Bearer " + token};
    }

    static QUrl url(const test::ApiServerProcess& server, const QString& path)
    {
        QUrl url = server.baseUrl();
        url.setPath(path);
        return url;
    }

    QStringList rolesOf(const QString& method, const QString& path) const
    {
        for (const RouteLine& route : m_routes) {
            if (route.method == method && route.path == path)
                return route.roles;
        }
        return {QStringLiteral("<no such route>")};
    }

    HttpAnswer send(const QByteArray& method, const QUrl& target,
                    const QList<std::pair<QByteArray, QByteArray>>& headers = {}, const QByteArray& body = {})
    {
        QNetworkRequest request(target);
        for (const auto& [name, value] : headers)
            request.setRawHeader(name, value);
        QNetworkReply* reply = m_network.sendCustomRequest(request, method, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(30000);
        HttpAnswer answer;
        if (reply->isFinished()) {
            answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            answer.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
            answer.body = reply->readAll();
            for (const auto& [name, value] : reply->rawHeaderPairs())
                answer.headers.insert(name.toLower(), value);
            if (answer.status == 0)
                answer.networkError = reply->errorString();
        } else {
            answer.networkError = QStringLiteral("no answer within 30 s");
            reply->abort();
        }
        reply->deleteLater();
        return answer;
    }

    HttpAnswer login(const test::ApiServerProcess& server, const QString& username, const QString& password)
    {
        const QByteArray body =
            QJsonDocument(QJsonObject{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}})
                .toJson(QJsonDocument::Compact);
        return send("POST", url(server, QStringLiteral("/api/v1/auth/login")), {{"Content-Type", "application/json"}},
                    body);
    }

    /// The server's metrics exposition, read with the admin token; empty on failure.
    QByteArray metrics(const test::ApiServerProcess& server)
    {
        const HttpAnswer answer = send("GET", url(server, QStringLiteral("/api/v1/metrics")),
                                       {bearer(m_tokens.value(QStringLiteral("root")))});
        if (answer.status != 200)
            qWarning("metrics: %s", qPrintable(answer.describe()));
        return answer.status == 200 ? answer.body : QByteArray();
    }

    QString m_backend;
    std::unique_ptr<test::TestDatabase> m_database;
    std::unique_ptr<SqlBackend> m_direct;             // for migrations, fixtures and looking at stored rows
    std::unique_ptr<test::ApiServerProcess> m_server; // per user 3 failures, per address 100, 60 s
    QNetworkAccessManager m_network;
    QList<RouteLine> m_routes;
    QHash<QString, QByteArray> m_tokens; // username → token, logged in on m_server
    QUuid m_customerId;
    int m_badPasswords = 0; // failed logins with a known user's wrong password, on m_server
    int m_throttled = 0;    // logins m_server refused as throttled
};

int main(int argc, char** argv)
{
    const QString backend = test::TestDatabase::takeBackendArgument(argc, argv);
    QCoreApplication app(argc, argv);
    TestApiServer test(backend);
    return QTest::qExec(&test, argc, argv);
}

#include "tst_api_server.moc"
