#include "RestBackend.h"

#include "TraceContext.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QPromise>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>

#include <functional>
#include <memory>

Q_LOGGING_CATEGORY(lcRest, "idc.rest", QtInfoMsg)

namespace idc {
namespace detail {

/// What came back for one request, once retries are over.
struct RestReply
{
    std::optional<Error> transportError; ///< no usable HTTP answer
    int status = 0;
    QByteArray contentType;
    QByteArray body;
    int retryAfterSeconds = 0;
};

struct RestRequest
{
    QByteArray method;
    QString path;
    QUrlQuery query;
    QByteArray body;    ///< JSON, when not empty
    QByteArray ifMatch; ///< the If-Match header, when not empty
    bool idempotent = true;
    bool authenticated = true;
    bool holdOnUnauthorized = true;                ///< a 401 waits for a new login instead of failing
    std::function<void(const RestReply&)> deliver; ///< called once, on the network thread
};

/// The network side of RestBackend: owns the QNetworkAccessManager and lives on its thread.
class RestClient : public QObject
{
    Q_OBJECT

public:
    RestClient(const ConnectionProfile& profile, const RestBackend::Options& options, RestBackend* owner)
        : m_options(options)
        , m_owner(owner)
    {
        m_base = QUrl(profile.baseUrl);
        QString path = m_base.path();
        while (path.endsWith(u'/'))
            path.chop(1);
        m_base.setPath(path + api::basePath);

        m_ssl = QSslConfiguration::defaultConfiguration();
        if (!profile.caFile.isEmpty()) {
            const QList<QSslCertificate> extra = QSslCertificate::fromPath(profile.caFile, QSsl::Pem);
            if (extra.isEmpty())
                m_configurationError = makeError(
                    ErrorKind::Certificate, QStringLiteral("no PEM certificate in CA file %1").arg(profile.caFile));
            // Qt loads the system's roots on demand unless CA certificates are set; set both.
            m_ssl.setCaCertificates(QSslConfiguration::systemCaCertificates() + extra);
        }
        if (!m_base.isValid() || (m_base.scheme() != u"http" && m_base.scheme() != u"https") ||
            m_base.host().isEmpty() || !m_base.userInfo().isEmpty())
            m_configurationError =
                makeError(ErrorKind::InvalidInput, QStringLiteral("not an http(s) URL without user info: %1")
                                                       .arg(QUrl(profile.baseUrl).toString(QUrl::RemoveUserInfo)));
    }

    void start()
    {
        m_network = new QNetworkAccessManager(this);
        // Following a redirect could carry the bearer token to another host; the API has none.
        m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }

    QUrl url(const QString& path, const QUrlQuery& query = {}) const
    {
        QUrl url = m_base;
        url.setPath(m_base.path() + path);
        if (!query.isEmpty())
            url.setQuery(query);
        return url;
    }

    /// Any thread. Held requests replay on the network thread with the new token.
    void setToken(const QByteArray& token)
    {
        {
            QMutexLocker lock(&m_tokenMutex);
            if (token == m_token)
                return;
            m_token = token;
        }
        emit m_owner->tokenChanged(token);
        if (!token.isEmpty())
            QMetaObject::invokeMethod(this, &RestClient::replayHeld, Qt::QueuedConnection);
    }
    /// Any thread.
    QByteArray token() const
    {
        QMutexLocker lock(&m_tokenMutex);
        return m_token;
    }

    void send(RestRequest request) { attempt(std::make_shared<RestRequest>(std::move(request)), 0); }

    void abandonHeld(const Error& error)
    {
        const auto held = std::exchange(m_held, {});
        m_authenticationAsked = false;
        RestReply reply;
        reply.transportError = error;
        for (const auto& request : held)
            request->deliver(reply);
    }

private:
    void replayHeld()
    {
        const auto held = std::exchange(m_held, {});
        m_authenticationAsked = false;
        for (const auto& request : held)
            attempt(request, 0);
    }

    void attempt(const std::shared_ptr<RestRequest>& request, int attemptNumber)
    {
        if (m_configurationError) {
            RestReply reply;
            reply.transportError = m_configurationError;
            request->deliver(reply);
            return;
        }
        QNetworkRequest http(url(request->path, request->query));
        http.setSslConfiguration(m_ssl);
        http.setRawHeader("Accept", "application/json, application/problem+json");
        http.setRawHeader("User-Agent", "identity-console/" + QCoreApplication::applicationVersion().toLatin1());
        const QByteArray traceparent = TraceContext::generate().toHeader();
        http.setRawHeader("traceparent", traceparent);
        const QByteArray tokenUsed = request->authenticated ? token() : QByteArray();
        if (!tokenUsed.isEmpty())
            http.setRawHeader("Authorization", "Bearer " + tokenUsed);
        if (!request->ifMatch.isEmpty())
            http.setRawHeader("If-Match", request->ifMatch);
        if (!request->body.isEmpty())
            http.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        qCDebug(lcRest) << request->method << request->path << "traceparent" << traceparent;

        QNetworkReply* reply = m_network->sendCustomRequest(http, request->method, request->body);
        auto state = std::make_shared<ReplyState>();

        auto* deadline = new QTimer(reply);
        deadline->setSingleShot(true);
        connect(deadline, &QTimer::timeout, reply, [reply, state] {
            state->timedOut = true;
            reply->abort();
        });
        deadline->start(m_options.timeout);

        connect(reply, &QNetworkReply::downloadProgress, reply,
                [reply, state, max = m_options.maxResponseBytes](qint64 received, qint64 total) {
                    if (received > max || total > max) {
                        state->tooLarge = true;
                        reply->abort();
                    }
                });
        connect(reply, &QNetworkReply::sslErrors, reply, [state](const QList<QSslError>& errors) {
            // Never ignored: the reasons are shown to the operator instead.
            for (const QSslError& error : errors)
                state->sslErrors.append(error.errorString());
        });
        connect(reply, &QNetworkReply::finished, this, [this, reply, request, attemptNumber, state, tokenUsed] {
            reply->deleteLater();
            finished(reply, request, attemptNumber, *state, tokenUsed);
        });
    }

    struct ReplyState
    {
        bool timedOut = false;
        bool tooLarge = false;
        QStringList sslErrors;
    };

    static bool isTransportError(const QNetworkReply* reply)
    {
        // Codes 1-199 are connection and proxy failures, 301/302/399 an unusable protocol;
        // the rest stand for an HTTP status, which is read from the reply instead. Qt also
        // reports the statuses 400 and 418 as ProtocolInvalidOperationError: an answer, then.
        const int code = int(reply->error());
        if (code == QNetworkReply::ProtocolInvalidOperationError &&
            reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() >= 400)
            return false;
        return (code >= 1 && code < 200) || code == QNetworkReply::ProtocolUnknownError ||
               code == QNetworkReply::ProtocolInvalidOperationError || code == QNetworkReply::ProtocolFailure;
    }

    void finished(QNetworkReply* reply, const std::shared_ptr<RestRequest>& request, int attemptNumber,
                  const ReplyState& state, const QByteArray& tokenUsed)
    {
        RestReply result;
        bool retryable = false;
        // Also when the body arrived faster than its progress was reported and the connection then
        // closed: what is buffered counts.
        if (state.tooLarge || reply->bytesAvailable() > m_options.maxResponseBytes) {
            result.transportError =
                makeError(ErrorKind::Protocol,
                          QStringLiteral("reply larger than %1 bytes refused").arg(m_options.maxResponseBytes));
        } else if (state.timedOut) {
            result.transportError = makeError(
                ErrorKind::Timeout, QStringLiteral("no complete answer within %1 ms").arg(m_options.timeout.count()));
            retryable = true;
        } else if (!state.sslErrors.isEmpty() || reply->error() == QNetworkReply::SslHandshakeFailedError) {
            const QString reasons = state.sslErrors.isEmpty() ? reply->errorString() : state.sslErrors.join(u"; ");
            result.transportError = makeError(ErrorKind::Certificate, reasons);
        } else if (isTransportError(reply)) {
            // Includes a connection dropped mid-reply: whatever arrived is discarded, never parsed.
            result.transportError = makeError(ErrorKind::Unavailable, reply->errorString());
            retryable = reply->error() != QNetworkReply::OperationCanceledError;
        } else {
            result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
            result.body = reply->readAll();
            bool ok = false;
            const int retryAfter = reply->rawHeader("Retry-After").trimmed().toInt(&ok);
            result.retryAfterSeconds = ok && retryAfter > 0 ? retryAfter : 0;
            retryable = result.status == 502 || result.status == 503 || result.status == 504;
            if (result.status == 0)
                result.transportError = makeError(ErrorKind::Protocol, QStringLiteral("no HTTP status in the reply"));
        }

        if (retryable && request->idempotent && attemptNumber < m_options.retries) {
            const auto delay = m_options.backoff * (1 << attemptNumber);
            // Jitter keeps many consoles from retrying in lockstep after a server restart.
            const auto jitter =
                std::chrono::milliseconds(QRandomGenerator::global()->bounded(qint64(delay.count() / 4 + 1)));
            qCDebug(lcRest) << "retrying" << request->path << "in" << (delay + jitter).count() << "ms after"
                            << (result.transportError ? result.transportError->detail
                                                      : QStringLiteral("HTTP %1").arg(result.status));
            QTimer::singleShot(delay + jitter, this,
                               [this, request, attemptNumber] { attempt(request, attemptNumber + 1); });
            return;
        }

        if (!result.transportError && result.status == 401 && request->holdOnUnauthorized &&
            m_options.holdOnExpiredToken && !tokenUsed.isEmpty()) {
            const QByteArray current = token();
            if (current.isEmpty()) {
                // Signed out meanwhile: nobody is going to sign in for this request.
                request->deliver(result);
                return;
            }
            if (tokenUsed != current) {
                attempt(request, 0); // a new token arrived while this request was under way
                return;
            }
            m_held.append(request);
            if (!m_authenticationAsked) {
                m_authenticationAsked = true;
                emit m_owner->authenticationRequired(
                    api::errorFromHttp(401, api::parseProblem(result.body), result.retryAfterSeconds));
            }
            return;
        }
        request->deliver(result);
    }

    RestBackend::Options m_options;
    RestBackend* m_owner;
    QUrl m_base;
    QSslConfiguration m_ssl;
    std::optional<Error> m_configurationError;
    QNetworkAccessManager* m_network = nullptr;
    mutable QMutex m_tokenMutex;
    QByteArray m_token; // guarded by m_tokenMutex
    QList<std::shared_ptr<RestRequest>> m_held;
    bool m_authenticationAsked = false;
};

namespace {

bool isJsonContentType(const QByteArray& contentType, const char* expected)
{
    const QByteArray mime = contentType.split(';').value(0).trimmed().toLower();
    return mime == expected;
}

/// Turns a finished reply into a value of T: transport errors and HTTP errors become Errors,
/// a 2xx body must be JSON of the documented content type and is handed to `parse`.
template <typename T>
Result<T> interpret(const RestReply& reply, const std::function<Result<T>(const QJsonValue&)>& parse)
{
    if (reply.transportError)
        return *reply.transportError;
    if (reply.status < 200 || reply.status >= 300) {
        std::optional<api::Problem> problem;
        if (isJsonContentType(reply.contentType, "application/problem+json") ||
            isJsonContentType(reply.contentType, "application/json"))
            problem = api::parseProblem(reply.body);
        return api::errorFromHttp(reply.status, problem, reply.retryAfterSeconds);
    }
    if (reply.status == 204)
        return parse(QJsonValue());
    if (!isJsonContentType(reply.contentType, "application/json"))
        return makeError(ErrorKind::Protocol, QStringLiteral("expected application/json, got '%1'")
                                                  .arg(QString::fromLatin1(reply.contentType.left(100))));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(reply.body, &error);
    if (error.error != QJsonParseError::NoError)
        return makeError(ErrorKind::Protocol,
                         QStringLiteral("malformed JSON at byte %1: %2").arg(error.offset).arg(error.errorString()));
    return parse(document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array()));
}

} // namespace
} // namespace detail

using detail::RestClient;
using detail::RestReply;
using detail::RestRequest;

namespace {

template <typename T>
QFuture<Result<T>> call(RestClient* client, RestRequest request, std::function<Result<T>(const QJsonValue&)> parse)
{
    auto promise = std::make_shared<QPromise<Result<T>>>();
    promise->start();
    QFuture<Result<T>> future = promise->future();
    request.deliver = [promise, parse = std::move(parse)](const RestReply& reply) {
        promise->addResult(detail::interpret<T>(reply, parse));
        promise->finish();
    };
    QMetaObject::invokeMethod(
        client, [client, request = std::move(request)]() mutable { client->send(std::move(request)); },
        Qt::QueuedConnection);
    return future;
}

RestRequest get(const QString& path, const QUrlQuery& query = {})
{
    RestRequest request;
    request.method = "GET";
    request.path = path;
    request.query = query;
    return request;
}

QString idPath(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

} // namespace

RestBackend::RestBackend(const ConnectionProfile& profile, QObject* parent)
    : RestBackend(profile, Options{}, parent)
{
}

RestBackend::RestBackend(const ConnectionProfile& profile, const Options& options, QObject* parent)
    : IdentityBackend(parent)
    , m_profile(profile)
{
    m_client = new RestClient(profile, options, this);
    m_client->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_client, &QObject::deleteLater);
    m_thread.setObjectName(QStringLiteral("idc-rest"));
    m_thread.start();
    QMetaObject::invokeMethod(m_client, &RestClient::start, Qt::QueuedConnection);
}

RestBackend::~RestBackend()
{
    m_thread.quit();
    m_thread.wait();
}

QUrl RestBackend::apiUrl(const QString& path) const
{
    return m_client->url(path);
}

QFuture<Result<BackendInfo>> RestBackend::open()
{
    return call<BackendInfo>(m_client, get(QStringLiteral("/info")), api::backendInfoFromJson);
}

QFuture<Result<CustomerPage>> RestBackend::searchCustomers(const CustomerQuery& query, const PageCursor& after,
                                                           int limit)
{
    QUrlQuery params = api::toUrlQuery(query);
    params.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!after.isNull())
        params.addQueryItem(QStringLiteral("cursor"), QString::fromLatin1(QUrl::toPercentEncoding(after.token)));
    return call<CustomerPage>(m_client, get(QStringLiteral("/customers"), params), api::customerPageFromJson);
}

QFuture<Result<CustomerCount>> RestBackend::countCustomers(const CustomerQuery& query, qint64 cap)
{
    QUrlQuery params = api::toUrlQuery(query);
    params.removeAllQueryItems(QStringLiteral("sort"));
    params.removeAllQueryItems(QStringLiteral("order"));
    params.addQueryItem(QStringLiteral("cap"), QString::number(cap));
    return call<CustomerCount>(m_client, get(QStringLiteral("/customers/count"), params), api::customerCountFromJson);
}

QFuture<Result<Customer>> RestBackend::customer(const QUuid& id)
{
    return call<Customer>(m_client, get(QStringLiteral("/customers/") + idPath(id)), api::customerFromJson);
}

QFuture<Result<QList<Address>>> RestBackend::addresses(const QUuid& customerId)
{
    return call<QList<Address>>(m_client, get(QStringLiteral("/customers/%1/addresses").arg(idPath(customerId))),
                                api::addressListFromJson);
}

QFuture<Result<QStringList>> RestBackend::customerCountries()
{
    return call<QStringList>(m_client, get(QStringLiteral("/customers/countries")), api::stringListFromJson);
}

QFuture<Status> RestBackend::recordContactReveal(const QUuid& customerId)
{
    RestRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/customers/%1/reveal").arg(idPath(customerId));
    request.idempotent = false; // each call is one audited reveal
    return call<Done>(m_client, std::move(request), [](const QJsonValue&) -> Status { return Done{}; });
}

QFuture<Result<SessionPage>> RestBackend::sessions(const SessionQuery& query, const PageCursor& after, int limit)
{
    QUrlQuery params = api::toUrlQuery(query);
    params.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!after.isNull())
        params.addQueryItem(QStringLiteral("cursor"), QString::fromLatin1(QUrl::toPercentEncoding(after.token)));
    return call<SessionPage>(m_client, get(QStringLiteral("/sessions"), params), api::sessionPageFromJson);
}

QFuture<Result<CustomerCount>> RestBackend::countSessions(const SessionQuery& query, qint64 cap)
{
    QUrlQuery params = api::toUrlQuery(query);
    params.addQueryItem(QStringLiteral("cap"), QString::number(cap));
    return call<CustomerCount>(m_client, get(QStringLiteral("/sessions/count"), params), api::customerCountFromJson);
}

QFuture<Result<SessionRevocation>> RestBackend::revokeSession(const QUuid& sessionId, RevokeReason reason,
                                                              const QString& note)
{
    RestRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/sessions/%1/revoke").arg(idPath(sessionId));
    request.body = QJsonDocument(api::toJson(api::RevokeRequest{reason, note})).toJson(QJsonDocument::Compact);
    // Not retried: a repeat after a lost answer would report AlreadyRevoked instead of Revoked.
    request.idempotent = false;
    return call<SessionRevocation>(m_client, std::move(request), api::sessionRevocationFromJson);
}

QFuture<Result<QList<Device>>> RestBackend::devices(const QUuid& customerId)
{
    return call<QList<Device>>(m_client, get(QStringLiteral("/customers/%1/devices").arg(idPath(customerId))),
                               api::deviceListFromJson);
}

QFuture<Result<Device>> RestBackend::setDeviceTrusted(const QUuid& deviceId, bool trusted)
{
    RestRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/devices/%1/%2")
                       .arg(idPath(deviceId), trusted ? QStringLiteral("trust") : QStringLiteral("untrust"));
    // Retried safely: setting the value it already has changes nothing and records nothing.
    request.idempotent = true;
    return call<Device>(m_client, std::move(request), api::deviceFromJson);
}

QFuture<Result<int>> RestBackend::forgetDevice(const QUuid& deviceId, const QString& note)
{
    RestRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/devices/%1/forget").arg(idPath(deviceId));
    request.body = QJsonDocument(api::toJson(api::ForgetDeviceRequest{note})).toJson(QJsonDocument::Compact);
    // Not retried: a repeat after a lost answer would report NotFound instead of the count.
    request.idempotent = false;
    return call<int>(m_client, std::move(request), api::forgetDeviceResultFromJson);
}

QFuture<Result<LoginEventPage>> RestBackend::loginEvents(const LoginEventQuery& query, const PageCursor& after,
                                                         int limit)
{
    QUrlQuery params = api::toUrlQuery(query);
    params.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!after.isNull())
        params.addQueryItem(QStringLiteral("cursor"), QString::fromLatin1(QUrl::toPercentEncoding(after.token)));
    return call<LoginEventPage>(m_client, get(QStringLiteral("/login-events"), params), api::loginEventPageFromJson);
}

QFuture<Result<CustomerCount>> RestBackend::countLoginEvents(const LoginEventQuery& query, qint64 cap)
{
    QUrlQuery params = api::toUrlQuery(query);
    params.addQueryItem(QStringLiteral("cap"), QString::number(cap));
    return call<CustomerCount>(m_client, get(QStringLiteral("/login-events/count"), params),
                               api::customerCountFromJson);
}

QFuture<Result<QList<LoginHistogramBin>>> RestBackend::loginHistogram(const LoginEventQuery& query,
                                                                      HistogramBucket bucket)
{
    QUrlQuery params = api::toUrlQuery(query);
    params.addQueryItem(QStringLiteral("bucket"), toString(bucket));
    return call<QList<LoginHistogramBin>>(m_client, get(QStringLiteral("/login-events/histogram"), params),
                                          api::loginHistogramFromJson);
}

QFuture<Result<Customer>> RestBackend::setCustomerStatus(const QUuid& customerId, qint64 expectedVersion,
                                                         CustomerStatus status, const QString& reason)
{
    // The server refuses Deleted too; saying so here names the mistake without a round trip.
    if (status == CustomerStatus::Deleted)
        return QtFuture::makeReadyFuture(Result<Customer>(
            makeError(ErrorKind::InvalidInput,
                      QStringLiteral("status 'deleted' is not an account action; suspend or activate"))));
    RestRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/customers/%1/%2")
                       .arg(idPath(customerId), status == CustomerStatus::Suspended ? QStringLiteral("suspend")
                                                                                    : QStringLiteral("activate"));
    request.body = QJsonDocument(api::toJson(api::AccountActionRequest{reason})).toJson(QJsonDocument::Compact);
    request.ifMatch = api::entityTag(expectedVersion);
    // Not retried: a repeat after a lost answer would fail its If-Match (412, a Conflict).
    request.idempotent = false;
    return call<Customer>(m_client, std::move(request), api::customerFromJson);
}

QFuture<Result<Customer>> RestBackend::unlockCustomer(const QUuid& customerId, qint64 expectedVersion,
                                                      const QString& reason)
{
    RestRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/customers/%1/unlock").arg(idPath(customerId));
    request.body = QJsonDocument(api::toJson(api::AccountActionRequest{reason})).toJson(QJsonDocument::Compact);
    request.ifMatch = api::entityTag(expectedVersion);
    // Not retried either: the version it names is gone once the first attempt went through.
    request.idempotent = false;
    return call<Customer>(m_client, std::move(request), api::customerFromJson);
}

QFuture<Result<AuditEventPage>> RestBackend::auditEvents(const AuditQuery& query, const PageCursor& after, int limit)
{
    QUrlQuery params = api::toUrlQuery(query);
    params.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!after.isNull())
        params.addQueryItem(QStringLiteral("cursor"), QString::fromLatin1(QUrl::toPercentEncoding(after.token)));
    return call<AuditEventPage>(m_client, get(QStringLiteral("/audit-events"), params), api::auditEventPageFromJson);
}

QFuture<Result<AuditChainReport>> RestBackend::verifyAuditChain()
{
    return call<AuditChainReport>(m_client, get(QStringLiteral("/audit-events/verify")), api::auditChainReportFromJson);
}

QFuture<Status> RestBackend::authorizeExport()
{
    return call<Done>(m_client, get(QStringLiteral("/exports/permission")),
                      [](const QJsonValue&) -> Status { return Done{}; });
}

QFuture<Result<AuditEvent>> RestBackend::recordExport(const ExportRecord& record)
{
    RestRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/exports");
    request.body = QJsonDocument(api::toJson(record)).toJson(QJsonDocument::Compact);
    request.idempotent = false; // each call appends one audit event
    return call<AuditEvent>(m_client, std::move(request), api::auditEventFromJson);
}

QFuture<Result<LoginGrant>> RestBackend::login(const QString& username, const QString& password,
                                               const QString& totpCode)
{
    QJsonObject body{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}};
    if (!totpCode.isEmpty())
        body.insert(QStringLiteral("totp_code"), totpCode);
    RestRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/auth/login");
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    request.idempotent = false;
    request.authenticated = false;
    request.holdOnUnauthorized = false;
    QPointer<RestClient> client = m_client;
    return call<LoginGrant>(m_client, std::move(request), [client](const QJsonValue& value) -> Result<LoginGrant> {
        Result<LoginGrant> grant = api::loginGrantFromJson(value);
        // Runs on the network thread, before anyone sees the result: held requests replay now.
        if (grant && client)
            client->setToken(grant->token);
        return grant;
    });
}

QFuture<Status> RestBackend::logout()
{
    RestRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/auth/logout");
    request.idempotent = false;
    request.holdOnUnauthorized = false;
    QFuture<Status> done = call<Done>(m_client, std::move(request), [](const QJsonValue&) -> Status { return Done{}; });
    // Queued behind the request, which reads the token when it is sent: the token is forgotten
    // here whatever the server answers.
    QMetaObject::invokeMethod(
        m_client, [client = m_client] { client->setToken({}); }, Qt::QueuedConnection);
    return done;
}

QFuture<Result<OperatorInfo>> RestBackend::currentOperator()
{
    return call<OperatorInfo>(m_client, get(QStringLiteral("/auth/me")), api::operatorFromJson);
}

void RestBackend::setToken(const QByteArray& token)
{
    m_client->setToken(token);
}

QByteArray RestBackend::token() const
{
    return m_client->token();
}

void RestBackend::abandonAuthentication()
{
    QMetaObject::invokeMethod(
        m_client,
        [client = m_client] {
            client->abandonHeld(makeError(ErrorKind::Unauthorized, QStringLiteral("login abandoned")));
        },
        Qt::QueuedConnection);
}

namespace {

/// The MFA routes of a subject: the signed-in operator's own, or a customer's.
QString mfaPath(const MfaSubject& subject, const QString& tail = {})
{
    return (subject.isOperator() ? QStringLiteral("/auth/mfa")
                                 : QStringLiteral("/customers/%1/mfa").arg(idPath(subject.customerId))) +
           tail;
}

/// A POST of an MFA change: never retried, as a repeat would not be the same change (a second
/// enrollment replaces the first, a second set of codes voids the first).
RestRequest mfaPost(const MfaSubject& subject, const QString& tail, const QJsonObject& body = {})
{
    RestRequest request;
    request.method = "POST";
    request.path = mfaPath(subject, tail);
    if (!body.isEmpty())
        request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    request.idempotent = false;
    return request;
}

} // namespace

QFuture<Result<MfaStatus>> RestBackend::mfaStatus(const MfaSubject& subject)
{
    return call<MfaStatus>(m_client, get(mfaPath(subject)), api::mfaStatusFromJson);
}

QFuture<Result<MfaEnrollment>> RestBackend::beginMfaEnrollment(const MfaSubject& subject)
{
    return call<MfaEnrollment>(m_client, mfaPost(subject, QStringLiteral("/enrollment")), api::mfaEnrollmentFromJson);
}

QFuture<Result<MfaConfirmation>> RestBackend::confirmMfaEnrollment(const MfaSubject& subject, const QUuid& enrollmentId,
                                                                   const QString& code)
{
    return call<MfaConfirmation>(m_client,
                                 mfaPost(subject, QStringLiteral("/enrollment/confirm"),
                                         api::toJson(api::MfaConfirmRequest{enrollmentId, code})),
                                 api::mfaConfirmationFromJson);
}

QFuture<Result<RecoveryCodeSet>> RestBackend::regenerateRecoveryCodes(const MfaSubject& subject)
{
    return call<RecoveryCodeSet>(m_client, mfaPost(subject, QStringLiteral("/recovery-codes")),
                                 api::recoveryCodeSetFromJson);
}

QFuture<Result<MfaStatus>> RestBackend::resetMfa(const MfaSubject& subject, const QString& reason)
{
    return call<MfaStatus>(m_client,
                           mfaPost(subject, QStringLiteral("/reset"), api::toJson(api::MfaResetRequest{reason})),
                           api::mfaStatusFromJson);
}

} // namespace idc

#include "RestBackend.moc"
