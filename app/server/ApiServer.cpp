#include "ApiServer.h"

#include "AccessLog.h"
#include "ApiJson.h"
#include "OperatorStore.h"
#include "PasswordHasher.h"
#include "ServerMetrics.h"
#include "SqlBackend.h"
#include "TraceContext.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QSslKey>
#include <QThreadPool>
#include <QtConcurrent>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <functional>

namespace idc::server {
namespace {

/// What a handler needs from a request, copied out of it: QHttpServerRequest only lives for
/// the duration of the route callback, while handlers run later on the pool.
struct RequestContext
{
    QString method;
    QString path;
    QUrlQuery query;
    QByteArray authorization;
    QByteArray ifMatch; ///< empty when the request had no If-Match
    QByteArray body;
    QString remoteAddress;
    QStringList args;
    TraceContext trace;
};

struct Reply
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
};

Reply json(const QJsonObject& object, int status = 200)
{
    Reply reply;
    reply.status = status;
    reply.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return reply;
}

Reply problem(const RequestContext& request, int status, const QString& type, const QString& detail)
{
    Reply reply = json(api::problemJson(status, type, detail, request.path, request.trace.traceId), status);
    reply.contentType = QByteArrayLiteral("application/problem+json");
    return reply;
}

Reply problem(const RequestContext& request, const Error& error)
{
    const auto [status, type] = api::httpStatusFor(error);
    // Storage and internal failures are logged here, not described to the client. (No detail
    // holds a secret or a code: the backends never put one in an error.)
    if (status >= 500) {
        qWarning("%s %s failed: %s (trace %s)", qPrintable(request.method), qPrintable(request.path),
                 qPrintable(error.detail), request.trace.traceId.constData());
        if (error.kind == ErrorKind::SecretKey)
            return problem(request, status, type,
                           QStringLiteral("the server has no usable key for MFA secrets; tell its administrator"));
        return problem(request, status, type, QStringLiteral("the server could not complete the request"));
    }
    return problem(request, status, type, error.detail);
}

template <typename T>
QJsonObject itemsJson(const QList<T>& list)
{
    QJsonArray items;
    for (const T& item : list)
        items.append(api::toJson(item));
    return QJsonObject{{QStringLiteral("items"), items}};
}

QByteArray randomToken()
{
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        return {};
    const QByteArray token = QByteArray(reinterpret_cast<const char*>(bytes), sizeof bytes)
                                 .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    OPENSSL_cleanse(bytes, sizeof bytes);
    return token;
}

template <typename T>
Result<T> await(QFuture<Result<T>> future)
{
    // Handlers run on the server's own pool; the SQL runs on the backend's workers.
    future.waitForFinished();
    if (future.isCanceled() || future.resultCount() == 0)
        return makeError(ErrorKind::Unavailable, QStringLiteral("the database worker stopped"));
    return future.result();
}

/// A list route: the filter parsed from the query, `limit` and `cursor`, one page as
/// `{items, next_cursor}`. `fetch(query, cursor, limit)` returns the backend's future.
template <typename Query, typename Fetch>
Reply pageReply(const RequestContext& r, const Result<Query>& query, Fetch fetch)
{
    if (!query)
        return problem(r, query.error());
    Result<int> limit = api::boundedIntParameter(r.query, QStringLiteral("limit"), 50, 1, 500);
    if (!limit)
        return problem(r, limit.error());
    const PageCursor cursor{r.query.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded)};
    const auto page = await(fetch(*query, cursor, *limit));
    if (!page)
        return problem(r, page.error());
    QJsonObject body = itemsJson(page->items);
    body.insert(QStringLiteral("next_cursor"),
                page->next.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(page->next.token));
    return json(body);
}

/// A count route: the filter parsed from the query and `cap`, answered as `{count, capped}`.
template <typename Query, typename Count>
Reply countReply(const RequestContext& r, const Result<Query>& query, Count count)
{
    if (!query)
        return problem(r, query.error());
    Result<int> cap = api::boundedIntParameter(r.query, QStringLiteral("cap"), 10000, 1, 100000);
    if (!cap)
        return problem(r, cap.error());
    Result<CustomerCount> counted = await(count(*query, *cap));
    if (!counted)
        return problem(r, counted.error());
    return json(QJsonObject{{QStringLiteral("count"), counted->count}, {QStringLiteral("capped"), counted->capped}});
}

} // namespace

class ApiServer::Private
{
public:
    using Handler = std::function<Reply(Private&, const RequestContext&, const TokenOwner*)>;
    struct Route
    {
        RouteInfo info;
        QString qtPath;
        int argumentCount = 0;
        Handler handler;
    };

    explicit Private(ServerConfig c)
        : config(std::move(c))
        , throttle(config.throttle)
    {
        handlerPool.setMaxThreadCount(config.handlerThreads);
        // Logins run apart, a few at a time: scrypt takes 128 MiB and ~0.3 s each, and a flood of
        // them must neither exhaust memory nor keep signed-in operators' requests waiting.
        loginPool.setMaxThreadCount(config.loginThreads);
    }

    static const QList<Route>& routeTable();

    QHttpServerResponse respond(const Route& route, RequestContext request)
    {
        QElapsedTimer timer;
        timer.start();
        std::optional<TokenOwner> owner;
        Reply reply = [&]() -> Reply {
            if (!route.info.authenticated)
                return route.handler(*this, request, nullptr);
            Result<TokenOwner> found = authenticate(request);
            if (!found)
                return found.error().kind == ErrorKind::Unauthorized
                           ? problem(request, 401, QStringLiteral("unauthorized"), found.error().detail)
                           : problem(request, found.error());
            owner = std::move(found).value();
            if (!roleAllows(owner->role, route.info.permission))
                return problem(
                    request, 403, QStringLiteral("forbidden"),
                    QStringLiteral("role %1 lacks %2").arg(owner->info.role, toString(route.info.permission)));
            return route.handler(*this, request, &*owner);
        }();
        if (reply.status == 401)
            reply.headers.append(
                {QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer realm=\"identity\"")});
        return finish(route.info.path, request, std::move(reply), owner ? owner->info.username : QString(), timer);
    }

    QHttpServerResponse finish(const QString& routePath, const RequestContext& request, Reply reply,
                               const QString& operatorName, const QElapsedTimer& timer)
    {
        QHttpServerResponse response(reply.contentType, reply.body,
                                     static_cast<QHttpServerResponder::StatusCode>(reply.status));
        for (const auto& [name, value] : reply.headers)
            response.addHeader(name, value);
        response.addHeader(QByteArrayLiteral("traceparent"), request.trace.toHeader());
        response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
        const auto elapsed = std::chrono::nanoseconds(timer.nsecsElapsed());
        metrics.recordRequest(request.method, routePath, reply.status, elapsed);
        accessLog->write(AccessLogEntry{QDateTime::currentDateTimeUtc(), request.method, request.path, reply.status,
                                        elapsed, operatorName, request.trace.traceId});
        return response;
    }

    Result<TokenOwner> authenticate(const RequestContext& request)
    {
        const QByteArray header = request.authorization.trimmed();
        if (!header.startsWith("Bearer ") && !header.startsWith("bearer "))
            return makeError(ErrorKind::Unauthorized, QStringLiteral("a bearer token is required"));
        const QByteArray token = header.mid(7).trimmed();
        if (token.isEmpty() || token.size() > 256)
            return makeError(ErrorKind::Unauthorized, QStringLiteral("a bearer token is required"));
        return await(operators->tokenOwner(OperatorStore::hashToken(token), QDateTime::currentDateTimeUtc()));
    }

    Reply login(const RequestContext& request)
    {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
        if (request.body.size() > 64 * 1024 || parseError.error != QJsonParseError::NoError || !document.isObject())
            return problem(request, 400, QStringLiteral("malformed-body"), QStringLiteral("expected a JSON object"));
        const QJsonObject body = document.object();
        const QJsonValue username = body.value(QStringLiteral("username"));
        const QJsonValue password = body.value(QStringLiteral("password"));
        const QJsonValue code = body.value(QStringLiteral("totp_code"));
        if (!username.isString() || !password.isString() || username.toString().isEmpty() ||
            (!code.isUndefined() && !code.isString()))
            return problem(request, 422, QStringLiteral("invalid-parameter"),
                           QStringLiteral("username and password are required strings"));
        const QString user = username.toString().trimmed();

        // Counted as a failure before the password is checked, so that concurrent guesses all meet
        // the limit; a success takes it back.
        if (const auto wait = throttle.beginAttempt(user, request.remoteAddress)) {
            metrics.recordThrottled();
            Reply reply = problem(request, 429, QStringLiteral("too-many-requests"),
                                  QStringLiteral("too many failed logins; try again later"));
            reply.headers.append({QByteArrayLiteral("Retry-After"), QByteArray::number(qint64(wait->count()))});
            QJsonObject body = QJsonDocument::fromJson(reply.body).object();
            body.insert(QStringLiteral("retry_after"), qint64(wait->count()));
            reply.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
            return reply;
        }

        const auto refuse = [&](const QString& reason) {
            metrics.recordLoginFailure(reason);
            // One answer for every reason: the client learns nothing about which part was wrong.
            return problem(request, 401, QStringLiteral("invalid-credentials"),
                           QStringLiteral("user name or password not accepted"));
        };

        Result<OperatorRecord> record = await(operators->findByUsername(user));
        if (!record && record.error().kind != ErrorKind::NotFound)
            return problem(request, record.error());
        QByteArray secret = password.toString().toUtf8();
        // An unknown user costs the same time as a wrong password.
        const Result<bool> verified =
            PasswordHasher::verify(secret, record ? record->passwordHash : PasswordHasher::dummyHash());
        OPENSSL_cleanse(secret.data(), size_t(secret.size()));
        if (!record)
            return refuse(QStringLiteral("unknown_user"));
        if (!verified || !verified.value())
            return refuse(QStringLiteral("bad_password"));
        if (record->disabled)
            return refuse(QStringLiteral("disabled"));
        if (record->info.mfaEnabled) {
            // The attempt stays counted: a right password alone must not reset the counter that
            // limits guessing the code.
            QString typed = code.toString();
            typed.remove(u' ');
            if (typed.isEmpty())
                return problem(request, 401, QStringLiteral("mfa-required"),
                               QStringLiteral("this operator needs an authenticator code"));
            // A current TOTP code whose time step was not used before, or an unused recovery code
            // (consumed now); the backend checks and records it in one statement.
            const Result<MfaCheck> checked =
                await(backend->checkMfaCode(MfaOwner{MfaOwner::Kind::Operator, record->info.id}, typed.left(64)));
            OPENSSL_cleanse(typed.data(), size_t(typed.size()) * sizeof(QChar));
            if (!checked) {
                // E.g. SecretKey: the server's key does not open the factor. A configuration
                // problem, not a wrong code: say so (logged once by problem(), never the code),
                // and take the attempt back: no code was checked, and the password was right.
                if (checked.error().kind == ErrorKind::SecretKey)
                    throttle.attemptSucceeded(user, request.remoteAddress);
                if (api::httpStatusFor(checked.error()).first < 500)
                    qWarning("login of operator %s: the MFA code could not be checked: %s (trace %s)",
                             qPrintable(record->info.username), qPrintable(checked.error().detail),
                             request.trace.traceId.constData());
                return problem(request, checked.error());
            }
            if (*checked != MfaCheck::Totp && *checked != MfaCheck::RecoveryCode)
                return refuse(QStringLiteral("mfa_failed")); // wrong, or a replayed time step
        }
        throttle.attemptSucceeded(user, request.remoteAddress);

        const QByteArray token = randomToken();
        if (token.isEmpty())
            return problem(request, makeError(ErrorKind::Internal, QStringLiteral("no random bytes")));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QDateTime expires = now.addSecs(config.tokenLifetime.count());
        Status stored = await(operators->storeToken(record->info.id, OperatorStore::hashToken(token), now, expires));
        if (!stored)
            return problem(request, stored.error());
        return json(QJsonObject{
            {QStringLiteral("token"), QString::fromLatin1(token)},
            {QStringLiteral("token_type"), QStringLiteral("Bearer")},
            {QStringLiteral("expires_at"), api::formatTimestamp(expires)},
            {QStringLiteral("operator"), api::toJson(record->info)},
        });
    }

    ServerConfig config;
    std::unique_ptr<SqlBackend> backend;
    std::unique_ptr<OperatorStore> operators;
    QHttpServer http;
    QThreadPool handlerPool;
    QThreadPool loginPool;
    LoginThrottle throttle;
    ServerMetrics metrics;
    std::unique_ptr<QFile> accessLogFile;
    std::unique_ptr<AccessLog> accessLog;
    BackendInfo backendInfo;
};

const QList<ApiServer::Private::Route>& ApiServer::Private::routeTable()
{
    using P = Permission;
    // POST /devices/{id}/trust and /untrust: audited as the operator of the request; setting the
    // value the device already has answers it unchanged and records nothing.
    const auto setDeviceTrusted = [](bool trusted) -> Handler {
        return [trusted](Private& d, const RequestContext& r, const TokenOwner* owner) {
            const QUuid id = QUuid::fromString(r.args.value(0));
            if (id.isNull())
                return problem(r, 404, QStringLiteral("not-found"), QStringLiteral("not a device id"));
            Result<Device> device =
                await(d.backend->setDeviceTrusted(Actor{owner->info.username, owner->info.role}, id, trusted));
            if (!device)
                return problem(r, device.error());
            return json(api::toJson(*device));
        };
    };
    // POST /customers/{id}/suspend, /activate and /unlock: the body's reason, the version the
    // operator saw from If-Match (required: 428 without, 412 when the customer changed since), and
    // the change audited as the operator of the request. Answers the customer and its new ETag.
    enum class AccountAction
    {
        Suspend,
        Activate,
        Unlock
    };
    const auto accountAction = [](AccountAction action) -> Handler {
        return [action](Private& d, const RequestContext& r, const TokenOwner* owner) {
            QJsonParseError parseError;
            // An empty body is an empty object: the reason is optional for an unlock.
            const QByteArray raw = r.body.trimmed().isEmpty() ? QByteArrayLiteral("{}") : r.body;
            const QJsonDocument document = QJsonDocument::fromJson(raw, &parseError);
            if (r.body.size() > 64 * 1024 || parseError.error != QJsonParseError::NoError || !document.isObject())
                return problem(r, 400, QStringLiteral("malformed-body"), QStringLiteral("expected a JSON object"));
            Result<api::AccountActionRequest> body = api::accountActionRequestFromJson(document.object());
            if (!body)
                return problem(r, body.error());
            const QUuid id = QUuid::fromString(r.args.value(0));
            if (id.isNull())
                return problem(r, 404, QStringLiteral("not-found"), QStringLiteral("not a customer id"));
            if (r.ifMatch.trimmed().isEmpty())
                return problem(r, 428, QStringLiteral("precondition-failed"),
                               QStringLiteral("this change requires an If-Match header with the customer's ETag"));
            const std::optional<qint64> version = api::versionFromEntityTag(r.ifMatch);
            if (!version)
                return problem(
                    r, 412, QStringLiteral("precondition-failed"),
                    QStringLiteral("If-Match %1 is not a customer ETag").arg(QString::fromLatin1(r.ifMatch.left(64))));
            const Actor actor{owner->info.username, owner->info.role};
            Result<Customer> customer =
                action == AccountAction::Unlock
                    ? await(d.backend->unlockCustomer(actor, id, *version, body->reason))
                    : await(d.backend->setCustomerStatus(actor, id, *version,
                                                         action == AccountAction::Suspend ? CustomerStatus::Suspended
                                                                                          : CustomerStatus::Active,
                                                         body->reason));
            if (!customer && customer.error().kind == ErrorKind::Conflict)
                return problem(r, 412, QStringLiteral("precondition-failed"), customer.error().detail);
            if (!customer)
                return problem(r, customer.error());
            Reply reply = json(api::toJson(*customer));
            reply.headers.append({QByteArrayLiteral("ETag"), api::entityTag(customer->version)});
            return reply;
        };
    };
    // The TOTP MFA routes: on a customer's factor (`/customers/{id}/mfa…`) or on the signed-in
    // operator's own (`/auth/mfa…`). Every change is audited as the operator of the request, in
    // the transaction that makes it; the secret leaves only in the 201 of an enrollment.
    enum class MfaAction
    {
        Status,
        Begin,
        Confirm,
        RegenerateCodes,
        Reset
    };
    const auto mfaRoute = [](MfaAction action, bool customer) -> Handler {
        return [action, customer](Private& d, const RequestContext& r, const TokenOwner* owner) -> Reply {
            QJsonObject body;
            if (action == MfaAction::Confirm || action == MfaAction::Reset) {
                QJsonParseError parseError;
                const QJsonDocument document = QJsonDocument::fromJson(r.body, &parseError);
                if (r.body.size() > 64 * 1024 || parseError.error != QJsonParseError::NoError || !document.isObject())
                    return problem(r, 400, QStringLiteral("malformed-body"), QStringLiteral("expected a JSON object"));
                body = document.object();
            }
            MfaOwner mfaOwner{MfaOwner::Kind::Operator, owner->info.id};
            if (customer) {
                const QUuid id = QUuid::fromString(r.args.value(0));
                if (id.isNull())
                    return problem(r, 404, QStringLiteral("not-found"), QStringLiteral("not a customer id"));
                mfaOwner = MfaOwner{MfaOwner::Kind::Customer, id};
            }
            const Actor actor{owner->info.username, owner->info.role};
            switch (action) {
            case MfaAction::Status: {
                Result<MfaStatus> status = await(d.backend->mfaStatus(mfaOwner));
                if (!status)
                    return problem(r, status.error());
                return json(api::toJson(*status));
            }
            case MfaAction::Begin: {
                Result<MfaEnrollment> started = await(d.backend->beginMfaEnrollment(actor, mfaOwner));
                if (!started)
                    return problem(r, started.error());
                Reply reply = json(api::toJson(*started), 201);
                OPENSSL_cleanse(started.value().secret.data(), size_t(started.value().secret.size()));
                return reply;
            }
            case MfaAction::Confirm: {
                Result<api::MfaConfirmRequest> request = api::mfaConfirmRequestFromJson(body);
                if (!request)
                    return problem(r, request.error());
                // 200 for every outcome: a wrong code is an answer, not a failed request.
                Result<MfaConfirmation> confirmed =
                    await(d.backend->confirmMfaEnrollment(actor, mfaOwner, request->enrollmentId, request->code));
                if (!confirmed)
                    return problem(r, confirmed.error());
                return json(api::toJson(*confirmed));
            }
            case MfaAction::RegenerateCodes: {
                Result<RecoveryCodeSet> codes = await(d.backend->regenerateRecoveryCodes(actor, mfaOwner));
                if (!codes)
                    return problem(r, codes.error());
                return json(api::toJson(*codes));
            }
            case MfaAction::Reset: {
                Result<api::MfaResetRequest> request = api::mfaResetRequestFromJson(body);
                if (!request)
                    return problem(r, request.error());
                Result<MfaStatus> status = await(d.backend->resetMfa(actor, mfaOwner, request->reason));
                if (!status)
                    return problem(r, status.error());
                return json(api::toJson(*status));
            }
            }
            return problem(r, makeError(ErrorKind::Internal, QStringLiteral("unknown MFA action")));
        };
    };
    static const QList<Route> table{
        {{QStringLiteral("POST"), QStringLiteral("/api/v1/auth/login"), P::Authenticated, false},
         QStringLiteral("/api/v1/auth/login"),
         0,
         [](Private& d, const RequestContext& r, const TokenOwner*) { return d.login(r); }},
        {{QStringLiteral("POST"), QStringLiteral("/api/v1/auth/logout"), P::Authenticated, true},
         QStringLiteral("/api/v1/auth/logout"),
         0,
         [](Private& d, const RequestContext& r, const TokenOwner*) {
             const QByteArray token = r.authorization.trimmed().mid(7).trimmed();
             Status revoked =
                 await(d.operators->revokeToken(OperatorStore::hashToken(token), QDateTime::currentDateTimeUtc()));
             if (!revoked)
                 return problem(r, revoked.error());
             Reply reply;
             reply.status = 204;
             reply.contentType.clear();
             return reply;
         }},
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/auth/me"), P::Authenticated, true},
         QStringLiteral("/api/v1/auth/me"),
         0,
         [](Private&, const RequestContext&, const TokenOwner* owner) { return json(api::toJson(owner->info)); }},
        // The signed-in operator's own second factor.
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/auth/mfa"), P::Authenticated, true},
         QStringLiteral("/api/v1/auth/mfa"),
         0,
         mfaRoute(MfaAction::Status, false)},
        {{QStringLiteral("POST"), QStringLiteral("/api/v1/auth/mfa/enrollment"), P::Authenticated, true},
         QStringLiteral("/api/v1/auth/mfa/enrollment"),
         0,
         mfaRoute(MfaAction::Begin, false)},
        {{QStringLiteral("POST"), QStringLiteral("/api/v1/auth/mfa/enrollment/confirm"), P::Authenticated, true},
         QStringLiteral("/api/v1/auth/mfa/enrollment/confirm"),
         0,
         mfaRoute(MfaAction::Confirm, false)},
        {{QStringLiteral("POST"), QStringLiteral("/api/v1/auth/mfa/recovery-codes"), P::Authenticated, true},
         QStringLiteral("/api/v1/auth/mfa/recovery-codes"),
         0,
         mfaRoute(MfaAction::RegenerateCodes, false)},
        {{QStringLiteral("POST"), QStringLiteral("/api/v1/auth/mfa/reset"), P::Authenticated, true},
         QStringLiteral("/api/v1/auth/mfa/reset"),
         0,
         mfaRoute(MfaAction::Reset, false)},
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/info"), P::Authenticated, true},
         QStringLiteral("/api/v1/info"),
         0,
         [](Private& d, const RequestContext&, const TokenOwner*) {
             return json(api::toJson(d.backendInfo, QStringLiteral("identity-api-server"),
                                     QCoreApplication::applicationVersion()));
         }},
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/customers"), P::CustomersRead, true},
         QStringLiteral("/api/v1/customers"),
         0,
         [](Private& d, const RequestContext& r, const TokenOwner*) {
             return pageReply(r, api::customerQueryFromUrlQuery(r.query),
                              [&d](const CustomerQuery& q, const PageCursor& c, int limit) {
                                  return d.backend->searchCustomers(q, c, limit);
                              });
         }},
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/customers/count"), P::CustomersRead, true},
         QStringLiteral("/api/v1/customers/count"),
         0,
         [](Private& d, const RequestContext& r, const TokenOwner*) {
             return countReply(r, api::customerQueryFromUrlQuery(r.query),
                               [&d](const CustomerQuery& q, qint64 cap) { return d.backend->countCustomers(q, cap); });
         }},
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/customers/countries"), P::CustomersRead, true},
         QStringLiteral("/api/v1/customers/countries"),
         0,
         [](Private& d, const RequestContext& r, const TokenOwner*) {
             Result<QStringList> countries = await(d.backend->customerCountries());
             if (!countries)
                 return problem(r, countries.error());
             return json(QJsonObject{{QStringLiteral("items"), QJsonArray::fromStringList(*countries)}});
         }},
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/customers/{id}"), P::CustomersRead, true},
         QStringLiteral("/api/v1/customers/<arg>"),
         1,
         [](Private& d, const RequestContext& r, const TokenOwner*) {
             const QUuid id = QUuid::fromString(r.args.value(0));
             if (id.isNull())
                 return problem(r, 404, QStringLiteral("not-found"), QStringLiteral("not a customer id"));
             Result<Customer> customer = await(d.backend->customer(id));
             if (!customer)
                 return problem(r, customer.error());
             Reply reply = json(api::toJson(*customer));
             reply.headers.append({QByteArrayLiteral("ETag"), api::entityTag(customer->version)});
             return reply;
         }},
        {{QStringLiteral("POST"), QStringLiteral("/api/v1/customers/{id}/suspend"), P::CustomersSuspend, true},
         QStringLiteral("/api/v1/customers/<arg>/suspend"),
         1,
         accountAction(AccountAction::Suspend)},
        {{QStringLiteral("POST"), QStringLiteral("/api/v1/customers/{id}/activate"), P::CustomersSuspend, true},
         QStringLiteral("/api/v1/customers/<arg>/activate"),
         1,
         accountAction(AccountAction::Activate)},
        {{QStringLiteral("POST"), QStringLiteral("/api/v1/customers/{id}/unlock"), P::CustomersUnlock, true},
         QStringLiteral("/api/v1/customers/<arg>/unlock"),
         1,
         accountAction(AccountAction::Unlock)},
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/customers/{id}/addresses"), P::CustomersRead, true},
         QStringLiteral("/api/v1/customers/<arg>/addresses"),
         1,
         [](Private& d, const RequestContext& r, const TokenOwner*) {
             const QUuid id = QUuid::fromString(r.args.value(0));
             if (id.isNull())
                 return problem(r, 404, QStringLiteral("not-found"), QStringLiteral("not a customer id"));
             Result<QList<Address>> addresses = await(d.backend->addresses(id));
             if (!addresses)
                 return problem(r, addresses.error());
             return json(itemsJson(*addresses));
         }},
        {{QStringLiteral("POST"), QStringLiteral("/api/v1/customers/{id}/reveal"), P::CustomersRead, true},
         QStringLiteral("/api/v1/customers/<arg>/reveal"),
         1,
         [](Private& d, const RequestContext& r, const TokenOwner* owner) {
             const QUuid id = QUuid::fromString(r.args.value(0));
             if (id.isNull())
                 return problem(r, 404, QStringLiteral("not-found"), QStringLiteral("not a customer id"));
             // Audited as the operator of the request, in the same transaction as the check.
             Status recorded = await(d.backend->recordContactReveal(Actor{owner->info.username, owner->info.role}, id));
             if (!recorded)
                 return problem(r, recorded.error());
             Reply reply;
             reply.status = 204;
             reply.contentType.clear();
             return reply;
         }},
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/customers/{id}/devices"), P::CustomersRead, true},
         QStringLiteral("/api/v1/customers/<arg>/devices"),
         1,
         [](Private& d, const RequestContext& r, const TokenOwner*) {
             const QUuid id = QUuid::fromString(r.args.value(0));
             if (id.isNull())
                 return problem(r, 404, QStringLiteral("not-found"), QStringLiteral("not a customer id"));
             Result<QList<Device>> devices = await(d.backend->devices(id));
             if (!devices)
                 return problem(r, devices.error());
             return json(itemsJson(*devices));
         }},
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/customers/{id}/mfa"), P::CustomersMfa, true},
         QStringLiteral("/api/v1/customers/<arg>/mfa"),
         1,
         mfaRoute(MfaAction::Status, true)},
        {{QStringLiteral("POST"), QStringLiteral("/api/v1/customers/{id}/mfa/enrollment"), P::CustomersMfa, true},
         QStringLiteral("/api/v1/customers/<arg>/mfa/enrollment"),
         1,
         mfaRoute(MfaAction::Begin, true)},
        {{QStringLiteral("POST"), QStringLiteral("/api/v1/customers/{id}/mfa/enrollment/confirm"), P::CustomersMfa,
          true},
         QStringLiteral("/api/v1/customers/<arg>/mfa/enrollment/confirm"),
         1,
         mfaRoute(MfaAction::Confirm, true)},
        {{QStringLiteral("POST"), QStringLiteral("/api/v1/customers/{id}/mfa/recovery-codes"), P::CustomersMfa, true},
         QStringLiteral("/api/v1/customers/<arg>/mfa/recovery-codes"),
         1,
         mfaRoute(MfaAction::RegenerateCodes, true)},
        {{QStringLiteral("POST"), QStringLiteral("/api/v1/customers/{id}/mfa/reset"), P::CustomersMfa, true},
         QStringLiteral("/api/v1/customers/<arg>/mfa/reset"),
         1,
         mfaRoute(MfaAction::Reset, true)},
        {{QStringLiteral("POST"), QStringLiteral("/api/v1/devices/{id}/trust"), P::DevicesManage, true},
         QStringLiteral("/api/v1/devices/<arg>/trust"),
         1,
         setDeviceTrusted(true)},
        {{QStringLiteral("POST"), QStringLiteral("/api/v1/devices/{id}/untrust"), P::DevicesManage, true},
         QStringLiteral("/api/v1/devices/<arg>/untrust"),
         1,
         setDeviceTrusted(false)},
        {{QStringLiteral("POST"), QStringLiteral("/api/v1/devices/{id}/forget"), P::DevicesManage, true},
         QStringLiteral("/api/v1/devices/<arg>/forget"),
         1,
         [](Private& d, const RequestContext& r, const TokenOwner* owner) {
             QJsonParseError parseError;
             // An empty body is an empty object: the note is optional.
             const QByteArray raw = r.body.trimmed().isEmpty() ? QByteArrayLiteral("{}") : r.body;
             const QJsonDocument document = QJsonDocument::fromJson(raw, &parseError);
             if (r.body.size() > 64 * 1024 || parseError.error != QJsonParseError::NoError || !document.isObject())
                 return problem(r, 400, QStringLiteral("malformed-body"), QStringLiteral("expected a JSON object"));
             Result<api::ForgetDeviceRequest> body = api::forgetDeviceRequestFromJson(document.object());
             if (!body)
                 return problem(r, body.error());
             const QUuid id = QUuid::fromString(r.args.value(0));
             if (id.isNull())
                 return problem(r, 404, QStringLiteral("not-found"), QStringLiteral("not a device id"));
             // Sessions revoked, device deleted and all of it audited as the operator of the
             // request, in one transaction.
             Result<int> revoked =
                 await(d.backend->forgetDevice(Actor{owner->info.username, owner->info.role}, id, body->note));
             if (!revoked)
                 return problem(r, revoked.error());
             return json(QJsonObject{{QStringLiteral("revoked_sessions"), *revoked}});
         }},
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/sessions"), P::SessionsRead, true},
         QStringLiteral("/api/v1/sessions"),
         0,
         [](Private& d, const RequestContext& r, const TokenOwner*) {
             return pageReply(r, api::sessionQueryFromUrlQuery(r.query),
                              [&d](const SessionQuery& q, const PageCursor& c, int limit) {
                                  return d.backend->sessions(q, c, limit);
                              });
         }},
        // Before any /sessions/<arg> route, so that "count" is never taken for a session id.
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/sessions/count"), P::SessionsRead, true},
         QStringLiteral("/api/v1/sessions/count"),
         0,
         [](Private& d, const RequestContext& r, const TokenOwner*) {
             return countReply(r, api::sessionQueryFromUrlQuery(r.query),
                               [&d](const SessionQuery& q, qint64 cap) { return d.backend->countSessions(q, cap); });
         }},
        {{QStringLiteral("POST"), QStringLiteral("/api/v1/sessions/{id}/revoke"), P::SessionsRevoke, true},
         QStringLiteral("/api/v1/sessions/<arg>/revoke"),
         1,
         [](Private& d, const RequestContext& r, const TokenOwner* owner) {
             QJsonParseError parseError;
             const QJsonDocument document = QJsonDocument::fromJson(r.body, &parseError);
             if (r.body.size() > 64 * 1024 || parseError.error != QJsonParseError::NoError || !document.isObject())
                 return problem(r, 400, QStringLiteral("malformed-body"), QStringLiteral("expected a JSON object"));
             Result<api::RevokeRequest> body = api::revokeRequestFromJson(document.object());
             if (!body)
                 return problem(r, body.error());
             const QUuid id = QUuid::fromString(r.args.value(0));
             if (id.isNull())
                 return problem(r, 404, QStringLiteral("not-found"), QStringLiteral("not a session id"));
             // Revoked and audited as the operator of the request, in one transaction.
             Result<SessionRevocation> revoked = await(
                 d.backend->revokeSession(Actor{owner->info.username, owner->info.role}, id, body->reason, body->note));
             if (!revoked)
                 return problem(r, revoked.error());
             return json(api::toJson(*revoked));
         }},
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/login-events"), P::LoginHistoryRead, true},
         QStringLiteral("/api/v1/login-events"),
         0,
         [](Private& d, const RequestContext& r, const TokenOwner*) {
             return pageReply(r, api::loginEventQueryFromUrlQuery(r.query),
                              [&d](const LoginEventQuery& q, const PageCursor& c, int limit) {
                                  return d.backend->loginEvents(q, c, limit);
                              });
         }},
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/login-events/count"), P::LoginHistoryRead, true},
         QStringLiteral("/api/v1/login-events/count"),
         0,
         [](Private& d, const RequestContext& r, const TokenOwner*) {
             return countReply(
                 r, api::loginEventQueryFromUrlQuery(r.query),
                 [&d](const LoginEventQuery& q, qint64 cap) { return d.backend->countLoginEvents(q, cap); });
         }},
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/login-events/histogram"), P::LoginHistoryRead, true},
         QStringLiteral("/api/v1/login-events/histogram"),
         0,
         [](Private& d, const RequestContext& r, const TokenOwner*) {
             Result<LoginEventQuery> query = api::loginEventQueryFromUrlQuery(r.query);
             if (!query)
                 return problem(r, query.error());
             const std::optional<HistogramBucket> bucket =
                 histogramBucketFromString(r.query.queryItemValue(QStringLiteral("bucket"), QUrl::FullyDecoded));
             if (!bucket)
                 return problem(
                     r, makeError(ErrorKind::InvalidInput, QStringLiteral("parameter 'bucket': expected hour or day")));
             Result<QList<LoginHistogramBin>> bins = await(d.backend->loginHistogram(*query, *bucket));
             if (!bins)
                 return problem(r, bins.error());
             return json(itemsJson(*bins));
         }},
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/audit-events"), P::AuditRead, true},
         QStringLiteral("/api/v1/audit-events"),
         0,
         [](Private& d, const RequestContext& r, const TokenOwner*) {
             return pageReply(r, api::auditQueryFromUrlQuery(r.query),
                              [&d](const AuditQuery& q, const PageCursor& c, int limit) {
                                  return d.backend->auditEvents(q, c, limit);
                              });
         }},
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/audit-events/verify"), P::AuditRead, true},
         QStringLiteral("/api/v1/audit-events/verify"),
         0,
         [](Private& d, const RequestContext& r, const TokenOwner*) {
             Result<AuditChainReport> report = await(d.backend->verifyAuditChain());
             if (!report)
                 return problem(r, report.error());
             return json(api::toJson(*report));
         }},
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/exports/permission"), P::ExportCreate, true},
         QStringLiteral("/api/v1/exports/permission"),
         0,
         [](Private&, const RequestContext&, const TokenOwner*) {
             // The route's permission is the whole answer: 204 here, 403 before reaching it.
             Reply reply;
             reply.status = 204;
             reply.contentType.clear();
             return reply;
         }},
        {{QStringLiteral("POST"), QStringLiteral("/api/v1/exports"), P::ExportCreate, true},
         QStringLiteral("/api/v1/exports"),
         0,
         [](Private& d, const RequestContext& r, const TokenOwner* owner) {
             QJsonParseError parseError;
             const QJsonDocument document = QJsonDocument::fromJson(r.body, &parseError);
             if (r.body.size() > 64 * 1024 || parseError.error != QJsonParseError::NoError || !document.isObject())
                 return problem(r, 400, QStringLiteral("malformed-body"), QStringLiteral("expected a JSON object"));
             Result<ExportRecord> record = api::exportRecordFromJson(document.object());
             if (!record)
                 return problem(r, record.error());
             Result<AuditEvent> event =
                 await(d.backend->recordExport(Actor{owner->info.username, owner->info.role}, *record));
             if (!event)
                 return problem(r, event.error());
             return json(api::toJson(*event), 201);
         }},
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/operators"), P::OperatorsManage, true},
         QStringLiteral("/api/v1/operators"),
         0,
         [](Private& d, const RequestContext& r, const TokenOwner*) {
             Result<QList<OperatorInfo>> list = await(d.operators->operators());
             if (!list)
                 return problem(r, list.error());
             return json(itemsJson(*list));
         }},
        {{QStringLiteral("GET"), QStringLiteral("/api/v1/metrics"), P::MetricsRead, true},
         QStringLiteral("/api/v1/metrics"),
         0,
         [](Private& d, const RequestContext&, const TokenOwner*) {
             Reply reply;
             reply.contentType = ServerMetrics::contentType();
             reply.body = d.metrics.exposition();
             return reply;
         }},
    };
    return table;
}

ApiServer::ApiServer(ServerConfig config, QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>(std::move(config)))
{
}

ApiServer::~ApiServer()
{
    d->handlerPool.waitForDone();
    d->loginPool.waitForDone();
}

QList<RouteInfo> ApiServer::routes()
{
    QList<RouteInfo> list;
    for (const auto& route : Private::routeTable())
        list.append(route.info);
    return list;
}

Result<quint16> ApiServer::start()
{
    if (!d->config.accessLogFile.isEmpty()) {
        d->accessLogFile = std::make_unique<QFile>(d->config.accessLogFile);
        if (!d->accessLogFile->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text | QIODevice::Unbuffered))
            return makeError(ErrorKind::Storage, QStringLiteral("cannot open access log %1: %2")
                                                     .arg(d->config.accessLogFile, d->accessLogFile->errorString()));
    }
    d->accessLog = std::make_unique<AccessLog>(d->accessLogFile.get());
    PasswordHasher::dummyHash(); // computed once now, so the first unknown user does not pay for it

    d->backend =
        std::make_unique<SqlBackend>(d->config.database, d->config.databasePassword, d->config.databaseConnections);
    if (d->config.mfaKey.isEmpty()) {
        d->backend->setMfaSecretKey({}, QStringLiteral("the server was started without an MFA key (--mfa-key-file)"));
    } else {
        // The backend keeps a copy of its own; this one is wiped now.
        d->backend->setMfaSecretKey(QByteArray(d->config.mfaKey.constData(), d->config.mfaKey.size()));
        if (d->config.mfaKey.isDetached())
            OPENSSL_cleanse(d->config.mfaKey.data(), size_t(d->config.mfaKey.size()));
        d->config.mfaKey.clear();
    }
    Result<BackendInfo> info = await(d->backend->open());
    if (!info)
        return info.error();
    d->backendInfo = *info;
    d->operators = std::make_unique<OperatorStore>(d->backend->pool());

    if (!d->config.tlsCertificateFile.isEmpty() || !d->config.tlsKeyFile.isEmpty()) {
        QFile certFile(d->config.tlsCertificateFile);
        QFile keyFile(d->config.tlsKeyFile);
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
            return makeError(ErrorKind::InvalidInput, QStringLiteral("cannot read TLS certificate or key"));
        const QSslCertificate certificate(&certFile, QSsl::Pem);
        const QByteArray keyPem = keyFile.readAll();
        QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
        if (key.isNull())
            key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
        if (certificate.isNull() || key.isNull())
            return makeError(ErrorKind::InvalidInput, QStringLiteral("TLS certificate or key is not valid PEM"));
        d->http.sslSetup(certificate, key);
    }

    for (const Private::Route& route : Private::routeTable()) {
        const auto method =
            route.info.method == u"POST" ? QHttpServerRequest::Method::Post : QHttpServerRequest::Method::Get;
        const auto capture = [this, &route](const QStringList& args, const QHttpServerRequest& request) {
            RequestContext context;
            context.method = route.info.method;
            context.path = request.url().path();
            context.query = request.query();
            context.authorization = request.value(QByteArrayLiteral("authorization"));
            context.ifMatch = request.value(QByteArrayLiteral("if-match"));
            context.body = request.body();
            context.remoteAddress = request.remoteAddress().toString();
            context.args = args;
            const auto incoming = TraceContext::parse(request.value(QByteArrayLiteral("traceparent")));
            // Continue the caller's trace when it sent one; start one otherwise.
            context.trace = incoming ? incoming->child() : TraceContext::generate();
            QThreadPool* pool = route.info.authenticated ? &d->handlerPool : &d->loginPool;
            return QtConcurrent::run(pool, [this, &route, context]() { return d->respond(route, context); });
        };
        bool added = false;
        if (route.argumentCount == 0) {
            added = d->http.route(route.qtPath, method,
                                  [capture](const QHttpServerRequest& request) { return capture({}, request); });
        } else {
            added =
                d->http.route(route.qtPath, method, [capture](const QString& arg, const QHttpServerRequest& request) {
                    return capture({arg}, request);
                });
        }
        if (!added)
            return makeError(ErrorKind::Internal, QStringLiteral("cannot add route %1").arg(route.info.path));
    }
    d->http.setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        QElapsedTimer timer;
        timer.start();
        RequestContext context;
        context.method =
            QString::fromLatin1(QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(request.method())))
                .toUpper();
        context.path = request.url().path();
        const auto incoming = TraceContext::parse(request.value(QByteArrayLiteral("traceparent")));
        context.trace = incoming ? incoming->child() : TraceContext::generate();
        const Reply reply =
            problem(context, 404, QStringLiteral("not-found"), QStringLiteral("no such route or method"));
        const auto elapsed = std::chrono::nanoseconds(timer.nsecsElapsed());
        d->metrics.recordRequest(context.method, QStringLiteral("unmatched"), 404, elapsed);
        d->accessLog->write(AccessLogEntry{QDateTime::currentDateTimeUtc(), context.method, context.path, 404, elapsed,
                                           QString(), context.trace.traceId});
        responder.write(reply.body,
                        {{QByteArrayLiteral("Content-Type"), reply.contentType},
                         {QByteArrayLiteral("traceparent"), context.trace.toHeader()}},
                        QHttpServerResponder::StatusCode::NotFound);
    });

    const quint16 port = d->http.listen(d->config.address, d->config.port);
    if (port == 0)
        return makeError(
            ErrorKind::Unavailable,
            QStringLiteral("cannot listen on %1 port %2").arg(d->config.address.toString()).arg(d->config.port));
    return port;
}

} // namespace idc::server
