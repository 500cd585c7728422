#pragma once

#include "ApiJson.h"
#include "IdentityBackend.h"

#include <QThread>

#include <chrono>
#include <memory>

namespace idc {

namespace detail {
class RestClient;
}

/// IdentityBackend over the identity admin REST API (resources/api/openapi.yaml).
///
/// Requests run on the backend's own network thread, so a caller may wait on a future from any
/// thread (tests do) and the GUI thread never does network work. Every request carries a fresh
/// W3C `traceparent`, a per-request deadline and, once logged in, the bearer token (kept only in
/// memory here; the console keeps a copy in the OS keychain through CredentialStore).
///
/// Idempotent GETs are retried with exponential backoff after a dropped connection, a timeout or
/// a 502/503/504; nothing else is retried. TLS is verified against the system's CA certificates
/// plus the profile's CA file; an invalid certificate fails with ErrorKind::Certificate and the
/// reason. A reply that is not what the API documents (wrong content type, malformed or truncated
/// JSON, wrong types, too large) is an ErrorKind::Protocol error; nothing half-parsed escapes.
///
/// When the token expires (a 401 on a request that carried one), the request is held back and
/// authenticationRequired() is emitted; a successful login() replays the held requests with the
/// new token, abandonAuthentication() fails them. So an operator who logs in again sees the
/// action they started finish.
class RestBackend : public IdentityBackend
{
    Q_OBJECT

public:
    struct Options
    {
        std::chrono::milliseconds timeout{15000};   ///< per request, from send to last byte
        int retries = 2;                            ///< extra attempts for idempotent GETs
        std::chrono::milliseconds backoff{250};     ///< before the first retry; doubles each time
        qint64 maxResponseBytes = 32 * 1024 * 1024; ///< larger replies are refused
        bool holdOnExpiredToken = true;             ///< false: a refused token fails the request (for scripts)
    };

    explicit RestBackend(const ConnectionProfile& profile, QObject* parent = nullptr);
    RestBackend(const ConnectionProfile& profile, const Options& options, QObject* parent = nullptr);
    ~RestBackend() override;

    QFuture<Result<BackendInfo>> open() override;
    QFuture<Result<CustomerPage>> searchCustomers(const CustomerQuery& query, const PageCursor& after,
                                                  int limit) override;
    QFuture<Result<CustomerCount>> countCustomers(const CustomerQuery& query, qint64 cap) override;
    QFuture<Result<Customer>> customer(const QUuid& id) override;
    QFuture<Result<QList<Address>>> addresses(const QUuid& customerId) override;
    QFuture<Result<QStringList>> customerCountries() override;
    QFuture<Status> recordContactReveal(const QUuid& customerId) override;
    QFuture<Result<Customer>> setCustomerStatus(const QUuid& customerId, qint64 expectedVersion, CustomerStatus status,
                                                const QString& reason) override;
    QFuture<Result<Customer>> unlockCustomer(const QUuid& customerId, qint64 expectedVersion,
                                             const QString& reason) override;
    QFuture<Result<SessionPage>> sessions(const SessionQuery& query, const PageCursor& after, int limit) override;
    QFuture<Result<CustomerCount>> countSessions(const SessionQuery& query, qint64 cap) override;
    QFuture<Result<SessionRevocation>> revokeSession(const QUuid& sessionId, RevokeReason reason,
                                                     const QString& note) override;
    QFuture<Result<QList<Device>>> devices(const QUuid& customerId) override;
    QFuture<Result<Device>> setDeviceTrusted(const QUuid& deviceId, bool trusted) override;
    QFuture<Result<int>> forgetDevice(const QUuid& deviceId, const QString& note) override;
    QFuture<Result<LoginEventPage>> loginEvents(const LoginEventQuery& query, const PageCursor& after,
                                                int limit) override;
    QFuture<Result<CustomerCount>> countLoginEvents(const LoginEventQuery& query, qint64 cap) override;
    QFuture<Result<QList<LoginHistogramBin>>> loginHistogram(const LoginEventQuery& query,
                                                             HistogramBucket bucket) override;
    QFuture<Result<AuditEventPage>> auditEvents(const AuditQuery& query, const PageCursor& after, int limit) override;
    QFuture<Result<AuditChainReport>> verifyAuditChain() override;
    QFuture<Status> authorizeExport() override;
    QFuture<Result<AuditEvent>> recordExport(const ExportRecord& record) override;
    QFuture<Result<MfaStatus>> mfaStatus(const MfaSubject& subject) override;
    QFuture<Result<MfaEnrollment>> beginMfaEnrollment(const MfaSubject& subject) override;
    QFuture<Result<MfaConfirmation>> confirmMfaEnrollment(const MfaSubject& subject, const QUuid& enrollmentId,
                                                          const QString& code) override;
    QFuture<Result<RecoveryCodeSet>> regenerateRecoveryCodes(const MfaSubject& subject) override;
    QFuture<Result<MfaStatus>> resetMfa(const MfaSubject& subject, const QString& reason) override;

    /// Logs in; on success the token is used for every later request (and held requests replay).
    /// `totpCode` is a current authenticator code or a recovery code, for operators with MFA.
    QFuture<Result<LoginGrant>> login(const QString& username, const QString& password, const QString& totpCode = {});
    /// Revokes the token on the server and forgets it here.
    QFuture<Status> logout();
    /// Who the token belongs to.
    QFuture<Result<OperatorInfo>> currentOperator();

    /// Uses a token obtained earlier (e.g. from the keychain); empty clears it.
    void setToken(const QByteArray& token);
    QByteArray token() const;

    /// Fails the requests held back since authenticationRequired() with ErrorKind::Unauthorized.
    void abandonAuthentication();

    /// The URL of an API route, e.g. apiUrl("/customers").
    QUrl apiUrl(const QString& path) const;

signals:
    /// The token was refused (expired or revoked) while requests need it: ask the operator to
    /// log in again, then call login() or abandonAuthentication(). Emitted once per episode.
    void authenticationRequired(const idc::Error& reason);
    /// The token changed: a login, a logout, or setToken(). Empty when cleared.
    void tokenChanged(const QByteArray& token);

private:
    ConnectionProfile m_profile;
    QThread m_thread;
    detail::RestClient* m_client = nullptr; // lives on m_thread
};

} // namespace idc
