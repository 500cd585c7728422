#pragma once

#include "AuditEvent.h"
#include "Customer.h"
#include "Device.h"
#include "Export.h"
#include "IdentityBackend.h"
#include "LoginEvent.h"
#include "Result.h"
#include "Session.h"

#include <QByteArray>
#include <QJsonObject>
#include <QUrlQuery>

namespace idc {

/// An operator of the identity admin API, as `/auth/me` describes them.
struct OperatorInfo
{
    QUuid id;
    QString username;
    QString displayName;
    QString role; ///< support_agent, security_officer or admin
    bool mfaEnabled = false;
};

/// What `/auth/login` returns: the bearer token and who it belongs to.
struct LoginGrant
{
    QByteArray token;
    QDateTime expiresAt;
    OperatorInfo operatorInfo;
};

/// The wire format of the identity admin REST API (resources/api/openapi.yaml), shared by the
/// console's RestBackend and the reference server. Writers produce exactly the documented
/// fields; readers are strict: a missing field, a wrong type or an unknown enum value is an
/// ErrorKind::Protocol error naming the field, never a silently defaulted value.
namespace api {

/// The body of `POST /sessions/{id}/revoke`.
struct RevokeRequest
{
    RevokeReason reason = RevokeReason::AdminAction;
    QString note; ///< empty: none
};

/// The body of `POST /devices/{id}/forget`.
struct ForgetDeviceRequest
{
    QString note; ///< empty: none
};

/// The body of `POST /customers/{id}/suspend`, `/activate` and `/unlock`.
struct AccountActionRequest
{
    QString reason; ///< empty: none (refused by suspend and activate)
};

/// The body of `POST …/mfa/enrollment/confirm`.
struct MfaConfirmRequest
{
    QUuid enrollmentId;
    QString code; ///< as typed: spaces are the backend's to drop
};

/// The body of `POST …/mfa/reset`.
struct MfaResetRequest
{
    QString reason;
};

/// The base path every route lives under.
inline constexpr QLatin1String basePath{"/api/v1"};

/// RFC 3339 UTC with milliseconds, e.g. "2026-11-24T01:02:03.456Z".
QString formatTimestamp(const QDateTime& time);
/// Accepts RFC 3339 with any offset; an invalid text gives an invalid QDateTime.
QDateTime parseTimestamp(const QString& text);

QJsonObject toJson(const Customer& customer);
QJsonObject toJson(const Address& address);
QJsonObject toJson(const OperatorInfo& info);
QJsonObject toJson(const BackendInfo& info, const QString& service, const QString& version);

QJsonObject toJson(const Session& session);
QJsonObject toJson(const Device& device);
QJsonObject toJson(const ForgetDeviceRequest& request);
QJsonObject toJson(const SessionRevocation& revocation);
QJsonObject toJson(const RevokeRequest& request);
QJsonObject toJson(const LoginEvent& event);
QJsonObject toJson(const AccountActionRequest& request);
/// Every hashed column of the event plus `seq`, `prev_hash` and `hash`, so that a client can
/// recompute the chain.
QJsonObject toJson(const AuditEvent& event);
QJsonObject toJson(const AuditChainReport& report);
QJsonObject toJson(const LoginHistogramBin& bin);
QJsonObject toJson(const MfaStatus& status);
/// Holds the secret (base32, shown once): never log the result.
QJsonObject toJson(const MfaEnrollment& enrollment);
QJsonObject toJson(const MfaConfirmation& confirmation);
QJsonObject toJson(const RecoveryCodeSet& codes);
QJsonObject toJson(const MfaConfirmRequest& request);
QJsonObject toJson(const MfaResetRequest& request);
QJsonObject toJson(const ExportRecord& record);

Result<Customer> customerFromJson(const QJsonValue& value);
Result<Address> addressFromJson(const QJsonValue& value);
Result<OperatorInfo> operatorFromJson(const QJsonValue& value);
Result<LoginGrant> loginGrantFromJson(const QJsonValue& value);
Result<BackendInfo> backendInfoFromJson(const QJsonValue& value);
Result<CustomerCount> customerCountFromJson(const QJsonValue& value);
/// `{items: [...], next_cursor}` of customers.
Result<CustomerPage> customerPageFromJson(const QJsonValue& value);
Result<Session> sessionFromJson(const QJsonValue& value);
Result<Device> deviceFromJson(const QJsonValue& value);
/// `{items: [...]}` of devices.
Result<QList<Device>> deviceListFromJson(const QJsonValue& value);
/// `{revoked_sessions: N}`, the answer of `POST /devices/{id}/forget`.
Result<int> forgetDeviceResultFromJson(const QJsonValue& value);
/// Reads a forget request body (`{note?}`); a mistyped member is ErrorKind::InvalidInput
/// naming it (the server answers 422). Whether the note is allowed is the backend's call.
Result<ForgetDeviceRequest> forgetDeviceRequestFromJson(const QJsonValue& value);
/// `{items: [...], next_cursor}` of sessions.
Result<SessionPage> sessionPageFromJson(const QJsonValue& value);
/// `{outcome, session}`.
Result<SessionRevocation> sessionRevocationFromJson(const QJsonValue& value);
Result<LoginEvent> loginEventFromJson(const QJsonValue& value);
/// `{items: [...], next_cursor}` of login events.
Result<LoginEventPage> loginEventPageFromJson(const QJsonValue& value);
/// Reads an account action body (`{reason?}`); a mistyped member is ErrorKind::InvalidInput
/// naming it (the server answers 422). Whether the reason is required is the backend's call.
Result<AccountActionRequest> accountActionRequestFromJson(const QJsonValue& value);
Result<AuditEvent> auditEventFromJson(const QJsonValue& value);
/// `{items: [...], next_cursor}` of audit events.
Result<AuditEventPage> auditEventPageFromJson(const QJsonValue& value);
Result<AuditChainReport> auditChainReportFromJson(const QJsonValue& value);
/// `{items: [{start, successes, failures}, ...]}`.
Result<QList<LoginHistogramBin>> loginHistogramFromJson(const QJsonValue& value);
/// Reads a revoke request body; a missing, mistyped or unknown member is ErrorKind::InvalidInput
/// naming it (the server answers 422). Whether the reason and note are allowed is the backend's call.
Result<RevokeRequest> revokeRequestFromJson(const QJsonValue& value);
Result<MfaStatus> mfaStatusFromJson(const QJsonValue& value);
/// The secret must be RFC 4648 base32 of at least 16 bytes; the error never repeats it.
Result<MfaEnrollment> mfaEnrollmentFromJson(const QJsonValue& value);
Result<MfaConfirmation> mfaConfirmationFromJson(const QJsonValue& value);
Result<RecoveryCodeSet> recoveryCodeSetFromJson(const QJsonValue& value);
/// Reads a confirm body (`{enrollment_id, code}`); a missing or mistyped member is
/// ErrorKind::InvalidInput naming it (the server answers 422).
Result<MfaConfirmRequest> mfaConfirmRequestFromJson(const QJsonValue& value);
/// Reads a reset body (`{reason}`); a missing or mistyped member is ErrorKind::InvalidInput
/// naming it. Whether the reason is acceptable is the backend's call.
Result<MfaResetRequest> mfaResetRequestFromJson(const QJsonValue& value);
/// The body of POST /exports; InvalidInput when it is malformed or not ExportRecord::isValid().
Result<ExportRecord> exportRecordFromJson(const QJsonValue& value);
/// `{items: [...]}` of addresses.
Result<QList<Address>> addressListFromJson(const QJsonValue& value);
/// `{items: [...]}` of strings.
Result<QStringList> stringListFromJson(const QJsonValue& value);

/// The query parameters of `GET /customers` and `/customers/count` for a search.
QUrlQuery toUrlQuery(const CustomerQuery& query);
/// Parses those parameters back; an invalid value is ErrorKind::InvalidInput naming the parameter.
Result<CustomerQuery> customerQueryFromUrlQuery(const QUrlQuery& query);

/// The query parameters of `GET /sessions` and `/sessions/count`.
QUrlQuery toUrlQuery(const SessionQuery& query);
/// Parses those parameters back; an invalid value is ErrorKind::InvalidInput naming the parameter.
Result<SessionQuery> sessionQueryFromUrlQuery(const QUrlQuery& query);

/// The query parameters of `GET /login-events`, `/login-events/count` and `/login-events/histogram`
/// (filters, required flags as a comma list, thresholds when not the defaults).
QUrlQuery toUrlQuery(const LoginEventQuery& query);
/// Parses those parameters back; an invalid value is ErrorKind::InvalidInput naming the parameter.
Result<LoginEventQuery> loginEventQueryFromUrlQuery(const QUrlQuery& query);

/// The query parameters of `GET /audit-events`.
QUrlQuery toUrlQuery(const AuditQuery& query);
/// Parses those parameters back; an invalid value is ErrorKind::InvalidInput naming the parameter.
Result<AuditQuery> auditQueryFromUrlQuery(const QUrlQuery& query);

/// The value of an `ETag` or `If-Match` header for a customer version: `"7"`.
QByteArray entityTag(qint64 version);
/// The version in an `If-Match` header (`"7"`); nullopt when it names none (If-Match compares
/// strongly, so a weak `W/"7"` names none either).
std::optional<qint64> versionFromEntityTag(const QByteArray& header);

/// Reads an integer query parameter within [min, max], `fallback` when absent.
Result<int> boundedIntParameter(const QUrlQuery& query, const QString& name, int fallback, int min, int max);

/// A parsed RFC 9457 problem document.
struct Problem
{
    QString type; ///< e.g. "urn:identity-console:problem:not-found"
    QString title;
    int status = 0;
    QString detail;
    int retryAfterSeconds = 0;
};

/// The problem type URN for a short name ("not-found" → "urn:identity-console:problem:not-found").
QString problemType(const QString& name);

/// The problem document of an error answer: type, title, status, detail, instance, trace_id.
QJsonObject problemJson(int status, const QString& typeName, const QString& detail, const QString& instance,
                        const QByteArray& traceId);

/// Reads a problem+json body; nullopt when the body is not one.
std::optional<Problem> parseProblem(const QByteArray& body);

/// The error an HTTP status (and its problem document, when there is one) stands for.
Error errorFromHttp(int status, const std::optional<Problem>& problem, int retryAfterSeconds);

/// The HTTP status and problem type name a backend error is answered with.
std::pair<int, QString> httpStatusFor(const Error& error);

} // namespace api
} // namespace idc
