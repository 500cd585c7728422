#include "ApiJson.h"
#include "CustomerSearchModel.h"
#include "MisbehavingServer.h"
#include "RestBackend.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QTimeZone>

#include <memory>

using namespace idc;
using Answer = test::MisbehavingServer::Answer;

Q_DECLARE_METATYPE(test::MisbehavingServer::Answer)

namespace idc {
// Lets QCOMPARE print an error kind when a comparison fails.
char* toString(ErrorKind kind)
{
    static const char* const names[] = {"Internal",     "InvalidInput", "NotFound",     "Conflict",
                                        "Unauthorized", "Forbidden",    "Unavailable",  "Timeout",
                                        "Protocol",     "Storage",      "SchemaTooNew", "KeychainUnavailable",
                                        "Cancelled",    "RateLimited",  "Certificate",  "MfaRequired"};
    const auto index = std::size_t(kind);
    const QByteArray name = index < std::size(names) ? QByteArray(names[index]) : QByteArray("ErrorKind");
    const QByteArray text = name + " (" + QByteArray::number(qulonglong(index)) + ')';
    return qstrdup(text.constData());
}
} // namespace idc

namespace {

constexpr qint64 maxResponseBytes = 1024 * 1024;
const QByteArray apiRoot = "/api/v1";
const QByteArray customersPath = apiRoot + "/customers";
const QByteArray countPath = apiRoot + "/customers/count";
const QByteArray loginPath = apiRoot + "/auth/login";

QUuid customerId(int n)
{
    return QUuid::fromString(QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0')));
}

QByteArray customerPath(int n)
{
    return customersPath + '/' + customerId(n).toByteArray(QUuid::WithoutBraces);
}

/// A customer with every field of the wire format set, nullable ones included.
Customer sampleCustomer(int n)
{
    Customer c;
    c.id = customerId(n);
    c.email = QStringLiteral("customer%1@example.com").arg(n);
    c.fullName = QStringLiteral("Customer %1").arg(n);
    c.phone = QStringLiteral("+84 90 000 %1").arg(n, 4, 10, QLatin1Char('0'));
    c.status = CustomerStatus::Active;
    c.customerType = CustomerType::Business;
    c.customerGroup = QStringLiteral("retail");
    c.loyaltyTier = LoyaltyTier::Gold;
    c.loyaltyPoints = 1200 + n;
    c.totalSpendCents = 99900 + n;
    c.country = QStringLiteral("VN");
    c.emailVerified = true;
    c.phoneVerified = false;
    c.mfaEnabled = true;
    c.failedLoginAttempts = 1;
    c.lockedUntil = QDateTime(QDate(2030, 1, 1), QTime(0, 0), QTimeZone::utc());
    c.marketingConsent = false;
    c.dataProcessingConsent = true;
    c.createdAt = QDateTime(QDate(2025, 1, n % 28 + 1), QTime(9, 30), QTimeZone::utc());
    c.updatedAt = c.createdAt.addDays(2);
    c.lastLoginAt = c.createdAt.addDays(1);
    c.version = 3;
    return c;
}

QJsonObject pageJson(const QList<Customer>& customers, const QJsonValue& nextCursor)
{
    QJsonArray items;
    for (const Customer& c : customers)
        items.append(api::toJson(c));
    return QJsonObject{{QStringLiteral("items"), items}, {QStringLiteral("next_cursor"), nextCursor}};
}

/// A valid page of two customers whose first customer's `key` is replaced by `value`.
QByteArray pageWithField(const QString& key, const QJsonValue& value)
{
    QJsonObject page = pageJson({sampleCustomer(1), sampleCustomer(2)}, QStringLiteral("next"));
    QJsonArray items = page.value(QStringLiteral("items")).toArray();
    QJsonObject first = items.at(0).toObject();
    if (value.isUndefined())
        first.remove(key);
    else
        first.insert(key, value);
    items.replace(0, first);
    page.insert(QStringLiteral("items"), items);
    return QJsonDocument(page).toJson(QJsonDocument::Compact);
}

QByteArray compact(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

Answer json(const QJsonObject& object)
{
    return Answer::respond(200, "application/json", compact(object));
}

QByteArray loginBody(const QByteArray& token)
{
    return "{\"token\":\"" + token +
           "\",\"token_type\":\"Bearer\",\"expires_at\":\"2026-12-01T00:00:00.000Z\","
           "\"operator\":{\"id\":\"7d9f1c2e-4b1a-4c3d-9e8f-0a1b2c3d4e5f\",\"username\":\"u\","
           "\"display_name\":\"U\",\"role\":\"admin\",\"mfa_enabled\":false}}";
}

/// Waits (running the event loop) for a backend future; a hang shows up as an Internal error.
template <typename T>
Result<T> await(QFuture<Result<T>> future)
{
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, 15000))
        return makeError(ErrorKind::Internal, QStringLiteral("no result within 15 s"));
    return future.result();
}

} // namespace

/// RestBackend against a server that misbehaves in every way HTTP allows (and some it does not):
/// every failure must arrive as an error value of the right kind, after the documented retries,
/// without a crash and without anything half-parsed escaping into a model.
class TestRestRobustness : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void wellFormedPageIsAccepted();
    void httpStatusBecomesErrorKind_data();
    void httpStatusBecomesErrorKind();
    void retriedGetRecovers_data();
    void retriedGetRecovers();
    void refusedLoginIsUnauthorized();
    void expiredTokenHoldsRequestUntilLogin();
    void abandonedLoginFailsHeldRequest();
    void postIsNeverRetried_data();
    void postIsNeverRetried();
    void malformedPayloadIsProtocolError_data();
    void malformedPayloadIsProtocolError();
    void stalledServerTimesOut();
    void slowDripTimesOut();
    void dropMidResponseIsUnavailable_data();
    void dropMidResponseIsUnavailable();
    void brokenConnection_data();
    void brokenConnection();
    void chunkedReplyCutShortIsNeverParsed();
    void unparsableChunkSizeIsProtocolError();
    void hugeReplyIsRefused_data();
    void hugeReplyIsRefused();
    void refusedConnectionIsUnavailable();
    void everyRequestCarriesFreshTraceparent();
    void bearerTokenIsSentExceptOnLogin();
    void searchModelKeepsRowsWhenPageFails_data();
    void searchModelKeepsRowsWhenPageFails();

private:
    std::unique_ptr<RestBackend> makeBackend(const QUrl& baseUrl,
                                             std::chrono::milliseconds timeout = std::chrono::milliseconds(500)) const;

    std::unique_ptr<test::MisbehavingServer> m_server;
    std::unique_ptr<RestBackend> m_backend;
};

std::unique_ptr<RestBackend> TestRestRobustness::makeBackend(const QUrl& baseUrl,
                                                             std::chrono::milliseconds timeout) const
{
    ConnectionProfile profile;
    profile.kind = BackendKind::Rest;
    profile.baseUrl = baseUrl.toString();
    RestBackend::Options options;
    options.timeout = timeout;
    options.retries = 2;
    options.backoff = std::chrono::milliseconds(20);
    options.maxResponseBytes = maxResponseBytes;
    auto backend = std::make_unique<RestBackend>(profile, options);
    backend->setToken("t1");
    return backend;
}

void TestRestRobustness::init()
{
    m_server = std::make_unique<test::MisbehavingServer>();
    QVERIFY(m_server->isListening());
    m_backend = makeBackend(m_server->baseUrl());
}

void TestRestRobustness::cleanup()
{
    m_backend.reset(); // stops the network thread before the server goes away
    m_server.reset();
}

void TestRestRobustness::wellFormedPageIsAccepted()
{
    // The baseline every malformed variant below departs from: it must parse.
    const QJsonObject page = pageJson({sampleCustomer(1), sampleCustomer(2)}, QStringLiteral("next"));
    m_server->enqueue(Answer::respond(200, "application/json; charset=utf-8", compact(page)), customersPath);
    const Result<CustomerPage> result = await(m_backend->searchCustomers(CustomerQuery{}, {}, 2));
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().detail));
    QCOMPARE(result->items.size(), 2);
    QCOMPARE(result->items.at(1).id, customerId(2));
    QCOMPARE(result->items.at(0).loyaltyPoints, 1201);
    QCOMPARE(result->next.token, QStringLiteral("next"));
}

void TestRestRobustness::httpStatusBecomesErrorKind_data()
{
    QTest::addColumn<Answer>("answer");
    QTest::addColumn<bool>("withToken");
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<int>("retryAfter");
    QTest::addColumn<int>("requests");

    const auto problem = [](int status, const char* detail, QList<std::pair<QByteArray, QByteArray>> headers = {}) {
        return Answer::problem(status, QString::fromLatin1(detail), std::move(headers));
    };
    QTest::newRow("400") << problem(400, "bad cursor") << true << ErrorKind::InvalidInput
                         << QStringLiteral("HTTP 400: bad cursor") << 0 << 1;
    QTest::newRow("401 without token") << problem(401, "no token") << false << ErrorKind::Unauthorized
                                       << QStringLiteral("HTTP 401: no token") << 0 << 1;
    QTest::newRow("403") << problem(403, "role support_agent may not") << true << ErrorKind::Forbidden
                         << QStringLiteral("role support_agent may not") << 0 << 1;
    QTest::newRow("404") << problem(404, "no such customer") << true << ErrorKind::NotFound
                         << QStringLiteral("no such customer") << 0 << 1;
    QTest::newRow("409") << problem(409, "changed meanwhile") << true << ErrorKind::Conflict
                         << QStringLiteral("changed meanwhile") << 0 << 1;
    QTest::newRow("412") << problem(412, "version mismatch") << true << ErrorKind::Conflict
                         << QStringLiteral("version mismatch") << 0 << 1;
    QTest::newRow("428") << problem(428, "If-Match required") << true << ErrorKind::Conflict
                         << QStringLiteral("If-Match required") << 0 << 1;
    QTest::newRow("422") << problem(422, "parameter 'limit': at most 500") << true << ErrorKind::InvalidInput
                         << QStringLiteral("parameter 'limit': at most 500") << 0 << 1;
    QTest::newRow("429 Retry-After header") << problem(429, "slow down", {{"Retry-After", "7"}}) << true
                                            << ErrorKind::RateLimited << QStringLiteral("slow down") << 7 << 1;
    QTest::newRow("429 retry_after in problem")
        << Answer::respond(429, "application/problem+json", R"({"status":429,"title":"Too Many","retry_after":12})")
        << true << ErrorKind::RateLimited << QStringLiteral("HTTP 429: Too Many") << 12 << 1;
    // ApiJson::errorFromHttp: any other 5xx is the server's storage failing; not retried.
    QTest::newRow("500") << problem(500, "database down") << true << ErrorKind::Storage
                         << QStringLiteral("database down") << 0 << 1;
    QTest::newRow("501") << problem(501, "not implemented") << true << ErrorKind::Storage << QStringLiteral("HTTP 501")
                         << 0 << 1;
    // 502/503/504 are retried for a GET: 1 + retries requests in all.
    QTest::newRow("502") << problem(502, "bad gateway") << true << ErrorKind::Unavailable << QStringLiteral("HTTP 502")
                         << 0 << 3;
    QTest::newRow("503") << problem(503, "maintenance") << true << ErrorKind::Unavailable
                         << QStringLiteral("maintenance") << 0 << 3;
    QTest::newRow("504") << problem(504, "upstream slow") << true << ErrorKind::Timeout << QStringLiteral("HTTP 504")
                         << 0 << 3;
    QTest::newRow("418 unmapped") << problem(418, "teapot") << true << ErrorKind::Protocol << QStringLiteral("HTTP 418")
                                  << 0 << 1;
    // An error page that is not a problem document: the status alone decides, its HTML is not shown.
    QTest::newRow("404 as HTML") << Answer::respond(404, "text/html", "<html><body>Not here</body></html>") << true
                                 << ErrorKind::NotFound << QStringLiteral("HTTP 404") << 0 << 1;
    QTest::newRow("403 empty body") << Answer::respond(403, {}, {}) << true << ErrorKind::Forbidden
                                    << QStringLiteral("HTTP 403") << 0 << 1;
    // Redirects are not followed (the token would travel along): the 3xx is an answer the API never gives.
    QTest::newRow("302 not followed") << Answer::respond(302, "text/plain", "moved",
                                                         {{"Location", "http://127.0.0.1:9/elsewhere"}})
                                      << true << ErrorKind::Protocol << QStringLiteral("HTTP 302") << 0 << 1;
}

void TestRestRobustness::httpStatusBecomesErrorKind()
{
    QFETCH(Answer, answer);
    QFETCH(bool, withToken);
    QFETCH(ErrorKind, kind);
    QFETCH(QString, detail);
    QFETCH(int, retryAfter);
    QFETCH(int, requests);

    if (!withToken)
        m_backend->setToken({});
    QSignalSpy authenticationRequired(m_backend.get(), &RestBackend::authenticationRequired);
    m_server->setFallback(answer);
    const Result<Customer> result = await(m_backend->customer(customerId(1)));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, kind);
    QVERIFY2(result.error().detail.contains(detail), qPrintable(result.error().detail));
    QCOMPARE(result.error().retryAfterSeconds, retryAfter);
    QCOMPARE(m_server->requestCount(), requests);
    QCOMPARE(authenticationRequired.size(), 0);
}

void TestRestRobustness::retriedGetRecovers_data()
{
    QTest::addColumn<Answer>("firstAnswer");

    QTest::newRow("503") << Answer::problem(503, QStringLiteral("restarting"));
    QTest::newRow("stalled") << Answer::stall(std::chrono::milliseconds(2000));
    QTest::newRow("closed mid-body") << Answer::closeMidBody(900, "{\"id\":\"00000000-");
}

void TestRestRobustness::retriedGetRecovers()
{
    QFETCH(Answer, firstAnswer);

    m_server->enqueue(firstAnswer);
    m_server->enqueue(json(api::toJson(sampleCustomer(1))));
    const Result<Customer> result = await(m_backend->customer(customerId(1)));
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().detail));
    QCOMPARE(result->id, customerId(1));
    QCOMPARE(m_server->requestCount(), 2);
    QCOMPARE(m_server->pendingAnswers(), 0);
}

void TestRestRobustness::refusedLoginIsUnauthorized()
{
    QSignalSpy authenticationRequired(m_backend.get(), &RestBackend::authenticationRequired);
    m_server->enqueue(Answer::problem(401, QStringLiteral("wrong password")), loginPath);
    const Result<LoginGrant> grant = await(m_backend->login(QStringLiteral("u"), QStringLiteral("nope")));
    QVERIFY(!grant.ok());
    QCOMPARE(grant.error().kind, ErrorKind::Unauthorized);
    QVERIFY2(grant.error().detail.contains(u"wrong password"), qPrintable(grant.error().detail));
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(authenticationRequired.size(), 0); // a wrong password is an answer, not an expired session
    QCOMPARE(m_backend->token(), QByteArray("t1"));
}

void TestRestRobustness::expiredTokenHoldsRequestUntilLogin()
{
    QSignalSpy authenticationRequired(m_backend.get(), &RestBackend::authenticationRequired);
    m_server->enqueue(Answer::problem(401, QStringLiteral("token expired")), customerPath(1));
    QFuture<Result<Customer>> held = m_backend->customer(customerId(1));
    QTRY_COMPARE(authenticationRequired.size(), 1);
    const auto reason = authenticationRequired.at(0).at(0).value<Error>();
    QCOMPARE(reason.kind, ErrorKind::Unauthorized);
    QVERIFY2(reason.detail.contains(u"token expired"), qPrintable(reason.detail));
    QTest::qWait(100);
    QVERIFY(!held.isFinished()); // held back, not failed

    m_server->enqueue(Answer::respond(200, "application/json", loginBody("t2")), loginPath);
    m_server->enqueue(json(api::toJson(sampleCustomer(1))), customerPath(1));
    const Result<LoginGrant> grant = await(m_backend->login(QStringLiteral("u"), QStringLiteral("secret")));
    QVERIFY2(grant.ok(), qPrintable(grant.ok() ? QString() : grant.error().detail));
    QCOMPARE(grant->token, QByteArray("t2"));

    const Result<Customer> replayed = await(held);
    QVERIFY2(replayed.ok(), qPrintable(replayed.ok() ? QString() : replayed.error().detail));
    QCOMPARE(replayed->id, customerId(1));

    const QList<test::RecordedRequest> requests = m_server->requests();
    QCOMPARE(requests.size(), 3);
    QCOMPARE(requests.at(0).header("authorization"), QByteArray("Bearer t1"));
    QCOMPARE(requests.at(1).path(), loginPath);
    QVERIFY(!requests.at(1).hasHeader("authorization"));
    QCOMPARE(requests.at(2).path(), customerPath(1));
    QCOMPARE(requests.at(2).header("authorization"), QByteArray("Bearer t2"));
    QCOMPARE(authenticationRequired.size(), 1);
    QCOMPARE(m_backend->token(), QByteArray("t2"));
}

void TestRestRobustness::abandonedLoginFailsHeldRequest()
{
    QSignalSpy authenticationRequired(m_backend.get(), &RestBackend::authenticationRequired);
    m_server->enqueue(Answer::problem(401, QStringLiteral("token revoked")), customerPath(1));
    QFuture<Result<Customer>> held = m_backend->customer(customerId(1));
    QTRY_COMPARE(authenticationRequired.size(), 1);
    QVERIFY(!held.isFinished());

    m_backend->abandonAuthentication();
    const Result<Customer> result = await(held);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Unauthorized);
    QCOMPARE(m_server->requestCount(), 1);
}

void TestRestRobustness::postIsNeverRetried_data()
{
    QTest::addColumn<Answer>("answer");
    QTest::addColumn<ErrorKind>("kind");

    QTest::newRow("503") << Answer::problem(503, QStringLiteral("maintenance")) << ErrorKind::Unavailable;
    QTest::newRow("504") << Answer::problem(504, QStringLiteral("upstream slow")) << ErrorKind::Timeout;
    QTest::newRow("stalled") << Answer::stall(std::chrono::milliseconds(2000)) << ErrorKind::Timeout;
    QTest::newRow("closed mid-body") << Answer::closeMidBody(400, "{\"token\":\"t") << ErrorKind::Unavailable;
}

void TestRestRobustness::postIsNeverRetried()
{
    QFETCH(Answer, answer);
    QFETCH(ErrorKind, kind);

    m_server->setFallback(answer);
    const Result<LoginGrant> grant = await(m_backend->login(QStringLiteral("u"), QStringLiteral("secret")));
    QVERIFY(!grant.ok());
    QCOMPARE(grant.error().kind, kind);
    QCOMPARE(m_server->requestCount(), 1); // a login is not idempotent: never sent twice
    QCOMPARE(m_server->requests().at(0).method, QByteArray("POST"));
    QCOMPARE(m_backend->token(), QByteArray("t1"));
}

void TestRestRobustness::malformedPayloadIsProtocolError_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("detail");

    const QByteArray valid = compact(pageJson({sampleCustomer(1), sampleCustomer(2)}, QStringLiteral("next")));
    const QByteArray jsonType = "application/json";

    QTest::newRow("malformed JSON") << 200 << jsonType << QByteArray(R"({"items": [}, "next_cursor": null})")
                                    << QStringLiteral("malformed JSON");
    QTest::newRow("truncated mid-object")
        << 200 << jsonType << valid.left(valid.size() * 2 / 3) << QStringLiteral("malformed JSON");
    QTest::newRow("empty 200 body") << 200 << jsonType << QByteArray() << QStringLiteral("JSON");
    QTest::newRow("204 where a page is due")
        << 204 << QByteArray() << QByteArray() << QStringLiteral("page: expected an object");
    QTest::newRow("array instead of object")
        << 200 << jsonType << QByteArray("[{\"items\":[]}]") << QStringLiteral("page: expected an object");
    QTest::newRow("loyalty_points as string")
        << 200 << jsonType << pageWithField(QStringLiteral("loyalty_points"), QStringLiteral("12"))
        << QStringLiteral("customer.loyalty_points");
    QTest::newRow("loyalty_points fractional")
        << 200 << jsonType << pageWithField(QStringLiteral("loyalty_points"), 12.5)
        << QStringLiteral("customer.loyalty_points");
    QTest::newRow("id as number") << 200 << jsonType << pageWithField(QStringLiteral("id"), 5)
                                  << QStringLiteral("customer.id");
    QTest::newRow("id not a UUID") << 200 << jsonType << pageWithField(QStringLiteral("id"), QStringLiteral("42"))
                                   << QStringLiteral("customer.id");
    QTest::newRow("unknown status") << 200 << jsonType
                                    << pageWithField(QStringLiteral("status"), QStringLiteral("weird"))
                                    << QStringLiteral("customer.status");
    QTest::newRow("email null") << 200 << jsonType << pageWithField(QStringLiteral("email"), QJsonValue::Null)
                                << QStringLiteral("customer.email");
    QTest::newRow("mfa_enabled as 1") << 200 << jsonType << pageWithField(QStringLiteral("mfa_enabled"), 1)
                                      << QStringLiteral("customer.mfa_enabled");
    QTest::newRow("created_at not a timestamp")
        << 200 << jsonType << pageWithField(QStringLiteral("created_at"), QStringLiteral("yesterday"))
        << QStringLiteral("customer.created_at");
    QTest::newRow("version missing") << 200 << jsonType << pageWithField(QStringLiteral("version"), QJsonValue())
                                     << QStringLiteral("customer.version");
    QTest::newRow("missing next_cursor") << 200 << jsonType
                                         << compact(QJsonObject{{QStringLiteral("items"), QJsonArray{}}})
                                         << QStringLiteral("page.next_cursor");
    QTest::newRow("next_cursor a number")
        << 200 << jsonType
        << compact(QJsonObject{{QStringLiteral("items"), QJsonArray{}}, {QStringLiteral("next_cursor"), 2}})
        << QStringLiteral("page.next_cursor");
    QTest::newRow("items not an array") << 200 << jsonType
                                        << compact(QJsonObject{{QStringLiteral("items"), QJsonObject{}},
                                                               {QStringLiteral("next_cursor"), QJsonValue::Null}})
                                        << QStringLiteral("page.items");
    QTest::newRow("items missing") << 200 << jsonType
                                   << compact(QJsonObject{{QStringLiteral("next_cursor"), QJsonValue::Null}})
                                   << QStringLiteral("page.items");
    QTest::newRow("item null") << 200 << jsonType
                               << compact(QJsonObject{{QStringLiteral("items"), QJsonArray{QJsonValue::Null}},
                                                      {QStringLiteral("next_cursor"), QJsonValue::Null}})
                               << QStringLiteral("customer: expected an object");
    QTest::newRow("text/html with valid JSON")
        << 200 << QByteArray("text/html") << valid << QStringLiteral("text/html");
    QTest::newRow("no content type") << 200 << QByteArray() << valid << QStringLiteral("expected application/json");
    QTest::newRow("problem+json on a 200")
        << 200 << QByteArray("application/problem+json") << valid << QStringLiteral("application/problem+json");
}

void TestRestRobustness::malformedPayloadIsProtocolError()
{
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QString, detail);

    m_server->setFallback(Answer::respond(status, contentType, body));
    const Result<CustomerPage> result = await(m_backend->searchCustomers(CustomerQuery{}, {}, 2));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Protocol);
    QVERIFY2(result.error().detail.contains(detail), qPrintable(result.error().detail));
    QCOMPARE(m_server->requestCount(), 1); // a wrong answer is not fixed by asking again
}

void TestRestRobustness::stalledServerTimesOut()
{
    m_server->setFallback(Answer::stall(std::chrono::milliseconds(3000)));
    const Result<Customer> result = await(m_backend->customer(customerId(1)));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Timeout);
    QVERIFY2(result.error().detail.contains(u"500 ms"), qPrintable(result.error().detail));
    QCOMPARE(m_server->requestCount(), 3);
}

void TestRestRobustness::slowDripTimesOut()
{
    // Bytes keep coming, but the whole answer would take seconds: the deadline covers the last byte.
    const QByteArray body = compact(api::toJson(sampleCustomer(1)));
    m_server->setFallback(Answer::slowDrip(200, "application/json", body));
    const Result<Customer> result = await(m_backend->customer(customerId(1)));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Timeout);
    QCOMPARE(m_server->requestCount(), 3);
}

void TestRestRobustness::dropMidResponseIsUnavailable_data()
{
    QTest::addColumn<qint64>("claimed");
    QTest::addColumn<QByteArray>("sent");

    const QByteArray body = compact(api::toJson(sampleCustomer(1)));
    QTest::newRow("half the body") << qint64(body.size()) << body.left(body.size() / 2);
    // What arrived parses, but it is not what the server said it sent: still not an answer.
    QTest::newRow("valid JSON, short of Content-Length") << qint64(body.size() + 100) << body;
    QTest::newRow("headers only") << qint64(body.size()) << QByteArray();
}

void TestRestRobustness::dropMidResponseIsUnavailable()
{
    QFETCH(qint64, claimed);
    QFETCH(QByteArray, sent);

    m_server->setFallback(Answer::closeMidBody(claimed, sent));
    const Result<Customer> result = await(m_backend->customer(customerId(1)));
    QVERIFY(!result.ok());
    // The connection broke, which is not the server's answer being wrong: no parse of half a body.
    QCOMPARE(result.error().kind, ErrorKind::Unavailable);
    QCOMPARE(m_server->requestCount(), 3);
}

void TestRestRobustness::brokenConnection_data()
{
    QTest::addColumn<Answer>("answer");
    QTest::addColumn<bool>("post");
    QTest::addColumn<ErrorKind>("kind");

    // Qt's HTTP stack reports all of these as the remote host closing the connection, so they
    // are ErrorKind::Unavailable (and retried for a GET), not Protocol: garbage and a closed
    // connection are indistinguishable through QNetworkReply.
    QTest::newRow("closed without answer, GET") << Answer::closeImmediately() << false << ErrorKind::Unavailable;
    QTest::newRow("closed without answer, POST") << Answer::closeImmediately() << true << ErrorKind::Unavailable;
    QTest::newRow("garbage text, GET") << Answer::garbage("SSH-2.0-OpenSSH_9.2\r\n") << false << ErrorKind::Unavailable;
    QTest::newRow("garbage binary, GET") << Answer::garbage(QByteArray("\x00\xff\x16\x03\x01\x02", 6).repeated(100))
                                         << false << ErrorKind::Unavailable;
    QTest::newRow("garbage text, POST") << Answer::garbage("SSH-2.0-OpenSSH_9.2\r\n") << true << ErrorKind::Unavailable;
    QTest::newRow("malformed status line")
        << Answer::garbage("HTTP/1.1 banana\r\n\r\n{}") << false << ErrorKind::Unavailable;
    QTest::newRow("headers cut short") << Answer::garbage("HTTP/1.1 200 OK\r\nContent-Type: applic") << false
                                       << ErrorKind::Unavailable;
}

void TestRestRobustness::brokenConnection()
{
    QFETCH(Answer, answer);
    QFETCH(bool, post);
    QFETCH(ErrorKind, kind);

    m_server->setFallback(answer);
    std::optional<Error> error;
    if (post) {
        const Result<LoginGrant> grant = await(m_backend->login(QStringLiteral("u"), QStringLiteral("secret")));
        QVERIFY(!grant.ok());
        error = grant.error();
    } else {
        const Result<Customer> customer = await(m_backend->customer(customerId(1)));
        QVERIFY(!customer.ok());
        error = customer.error();
    }
    QCOMPARE(error->kind, kind);
    QVERIFY(!error->detail.isEmpty());
    if (!post) {
        // RestBackend's own retries; Qt may add silent resends of its own on top.
        QVERIFY2(m_server->requestCount() >= 3, qPrintable(QString::number(m_server->requestCount())));
        return;
    }
    // RestBackend never retries a POST, but Qt 6.4's HTTP/1 channel itself resends any request
    // whose connection closed before a status line arrived (up to 3 times), login included.
    // Newer Qt releases check the method first; then this expectation passes and can go.
    QVERIFY(m_server->requestCount() <= 4);
    QEXPECT_FAIL("closed without answer, POST", "Qt 6.4 resends a POST after a connection closed unanswered", Continue);
    QEXPECT_FAIL("garbage text, POST", "Qt 6.4 resends a POST after an answer without a status line", Continue);
    QCOMPARE(m_server->requestCount(), 1);
}

namespace {
const QByteArray chunkedHead =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
} // namespace

void TestRestRobustness::chunkedReplyCutShortIsNeverParsed()
{
    // The chunked twin of closeMidBody. Qt 6.4 reports it as a dropped connection or, when the
    // close is seen while it waits for more body, as a complete reply with half a body; the
    // JSON parser refuses that half. Either way no value escapes.
    m_server->setFallback(Answer::garbage(chunkedHead + "100\r\n{\"id\":\"00000000-"));
    const Result<Customer> result = await(m_backend->customer(customerId(1)));
    QVERIFY(!result.ok());
    const ErrorKind kind = result.error().kind;
    const std::unique_ptr<char[]> name(toString(kind));
    QVERIFY2(kind == ErrorKind::Unavailable || kind == ErrorKind::Protocol, name.get());
}

void TestRestRobustness::unparsableChunkSizeIsProtocolError()
{
    // Qt reads an unparsable chunk size as 0, the last chunk: a complete reply without a body.
    m_server->setFallback(Answer::garbage(chunkedHead + "zz\r\n{}\r\n\r\n"));
    const Result<Customer> result = await(m_backend->customer(customerId(1)));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Protocol);
    QCOMPARE(m_server->requestCount(), 1);
}

void TestRestRobustness::hugeReplyIsRefused_data()
{
    QTest::addColumn<bool>("declareLength");

    QTest::newRow("Content-Length declared") << true;
    QTest::newRow("ended by closing") << false;
}

void TestRestRobustness::hugeReplyIsRefused()
{
    QFETCH(bool, declareLength);

    m_server->setFallback(Answer::huge(qint64(64) * 1024 * 1024, declareLength));
    // Only the size limit may end this request: on a busy machine streaming the first MiB can
    // outlast the usual 500 ms deadline, and a timed-out GET is retried, which is not the point here.
    const std::unique_ptr<RestBackend> backend = makeBackend(m_server->baseUrl(), std::chrono::seconds(20));
    // Should a retry happen after all, the log says what the first attempt ended with.
    QLoggingCategory::setFilterRules(QStringLiteral("idc.rest.debug=true"));
    const Result<CustomerPage> result = await(backend->searchCustomers(CustomerQuery{}, {}, 100));
    QLoggingCategory::setFilterRules(QString());
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Protocol);
    QVERIFY2(result.error().detail.contains(QString::number(maxResponseBytes)), qPrintable(result.error().detail));
    QCOMPARE(m_server->requestCount(), 1);
}

void TestRestRobustness::refusedConnectionIsUnavailable()
{
    QUrl nobody;
    {
        // A port that was free a moment ago and has nothing listening now.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        nobody = m_server->baseUrl();
        nobody.setPort(probe.serverPort());
    }
    const std::unique_ptr<RestBackend> backend = makeBackend(nobody);
    const Result<Customer> result = await(backend->customer(customerId(1)));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Unavailable);
    QVERIFY2(result.error().detail.contains(u"refused", Qt::CaseInsensitive), qPrintable(result.error().detail));
}

void TestRestRobustness::everyRequestCarriesFreshTraceparent()
{
    static const QRegularExpression traceparent(QStringLiteral("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$"));
    m_server->enqueue(Answer::problem(503, QStringLiteral("restarting")), customerPath(1)); // a retry is a request too
    m_server->enqueue(json(api::toJson(sampleCustomer(1))), customerPath(1));
    m_server->enqueue(json(QJsonObject{{QStringLiteral("items"), QJsonArray{QStringLiteral("VN")}}}));
    m_server->enqueue(Answer::respond(200, "application/json", loginBody("t2")), loginPath);
    QVERIFY(await(m_backend->customer(customerId(1))).ok());
    QVERIFY(await(m_backend->customerCountries()).ok());
    QVERIFY(await(m_backend->login(QStringLiteral("u"), QStringLiteral("secret"))).ok());

    const QList<test::RecordedRequest> requests = m_server->requests();
    QCOMPARE(requests.size(), 4);
    QSet<QByteArray> headers;
    QSet<QByteArray> traceIds;
    for (const test::RecordedRequest& request : requests) {
        const QByteArray header = request.header("traceparent");
        QVERIFY2(traceparent.match(QString::fromLatin1(header)).hasMatch(), header.constData());
        headers.insert(header);
        traceIds.insert(header.mid(3, 32));
    }
    QCOMPARE(headers.size(), requests.size());
    QCOMPARE(traceIds.size(), requests.size());
}

void TestRestRobustness::bearerTokenIsSentExceptOnLogin()
{
    m_server->enqueue(json(api::toJson(sampleCustomer(1))), customerPath(1));
    m_server->enqueue(Answer::problem(401, QStringLiteral("wrong password")), loginPath);
    m_server->enqueue(json(api::toJson(sampleCustomer(1))), customerPath(1));
    QVERIFY(await(m_backend->customer(customerId(1))).ok());
    QVERIFY(!await(m_backend->login(QStringLiteral("u"), QStringLiteral("secret"))).ok());
    m_backend->setToken({});
    QVERIFY(await(m_backend->customer(customerId(1))).ok());

    const QList<test::RecordedRequest> requests = m_server->requests();
    QCOMPARE(requests.size(), 3);
    QCOMPARE(requests.at(0).header("authorization"), QByteArray("Bearer t1"));
    QCOMPARE(requests.at(1).path(), loginPath);
    QVERIFY(!requests.at(1).hasHeader("authorization"));
    QVERIFY(!requests.at(1).body.contains("t1"));
    QVERIFY(!requests.at(2).hasHeader("authorization")); // cleared means cleared
}

void TestRestRobustness::searchModelKeepsRowsWhenPageFails_data()
{
    QTest::addColumn<Answer>("secondPage");
    QTest::addColumn<ErrorKind>("kind");

    QTest::newRow("garbage") << Answer::garbage("\x16\x03\x01 definitely not HTTP\r\n\r\n") << ErrorKind::Unavailable;
    // The first customer of the page is fine and the second is not: neither may be inserted.
    QJsonObject half = pageJson({sampleCustomer(3), sampleCustomer(4)}, QJsonValue::Null);
    QJsonArray items = half.value(QStringLiteral("items")).toArray();
    QJsonObject broken = items.at(1).toObject();
    broken.insert(QStringLiteral("loyalty_points"), QStringLiteral("12"));
    items.replace(1, broken);
    half.insert(QStringLiteral("items"), items);
    QTest::newRow("second customer malformed") << json(half) << ErrorKind::Protocol;
    QTest::newRow("dropped mid-body") << Answer::closeMidBody(5000, compact(half).left(700)) << ErrorKind::Unavailable;
}

void TestRestRobustness::searchModelKeepsRowsWhenPageFails()
{
    QFETCH(Answer, secondPage);
    QFETCH(ErrorKind, kind);

    CustomerSearchModel model(m_backend.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy errors(&model, &CustomerSearchModel::errorOccurred);
    model.setPageSize(2);

    const QJsonObject count{{QStringLiteral("count"), 4}, {QStringLiteral("capped"), false}};
    m_server->enqueue(json(count), countPath);
    m_server->enqueue(json(pageJson({sampleCustomer(1), sampleCustomer(2)}, QStringLiteral("cursor-2"))),
                      customersPath);
    m_server->setFallback(secondPage); // every attempt at the second page fails the same way
    model.setQuery(CustomerQuery{});
    QTRY_COMPARE(model.rowCount(), 2);

    // The model tester may already have asked for more; otherwise a view scrolling down would.
    if (model.canFetchMore({}))
        model.fetchMore({});
    QTRY_COMPARE(errors.size(), 1);
    QCOMPARE(errors.at(0).at(0).value<Error>().kind, kind);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.customerAt(0)->id, customerId(1));
    QCOMPARE(model.customerAt(1)->id, customerId(2));
    QVERIFY(!model.isLoading());
    QVERIFY(!model.canFetchMore({})); // no endless retry loop from the view
    QTRY_VERIFY(model.matchCount().has_value());
    QCOMPARE(model.matchCount()->count, 4);
    const QList<test::RecordedRequest> requests = m_server->requests();
    QVERIFY(std::any_of(requests.cbegin(), requests.cend(), [](const test::RecordedRequest& request) {
        return request.path() == customersPath && request.target.contains("cursor=cursor-2");
    }));

    // A new search served properly replaces the rows.
    m_server->setFallback(Answer::problem(500, QStringLiteral("unexpected request")));
    m_server->enqueue(json(QJsonObject{{QStringLiteral("count"), 1}, {QStringLiteral("capped"), false}}), countPath);
    m_server->enqueue(json(pageJson({sampleCustomer(9)}, QJsonValue::Null)), customersPath);
    CustomerQuery query;
    query.text = QStringLiteral("customer9");
    model.setQuery(query);
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(model.customerAt(0)->id, customerId(9));
    QTRY_VERIFY(!model.isLoading());
    QVERIFY(!model.canFetchMore({}));
    QTRY_COMPARE(m_server->pendingAnswers(), 0);
    QCOMPARE(errors.size(), 1);
}

QTEST_GUILESS_MAIN(TestRestRobustness)

#include "tst_rest_robustness.moc"
