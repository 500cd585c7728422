#pragma once

#include "IdentityBackend.h"
#include "SqlConnectionPool.h"

#include <memory>

namespace idc {

/// IdentityBackend over SQL: PostgreSQL through QPSQL or an SQLite file through QSQLITE.
/// Every statement runs on the pool's worker threads with values bound as parameters.
class SqlBackend : public IdentityBackend
{
    Q_OBJECT

public:
    SqlBackend(const ConnectionProfile& profile, const QString& password, QObject* parent = nullptr);
    /// With `workerThreads` connections instead of the console's two (the API server wants more).
    SqlBackend(const ConnectionProfile& profile, const QString& password, int workerThreads, QObject* parent = nullptr);
    ~SqlBackend() override;

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
    QFuture<Result<MfaStatus>> mfaStatus(const MfaSubject& subject) override;
    QFuture<Result<MfaEnrollment>> beginMfaEnrollment(const MfaSubject& subject) override;
    QFuture<Result<MfaConfirmation>> confirmMfaEnrollment(const MfaSubject& subject, const QUuid& enrollmentId,
                                                          const QString& code) override;
    QFuture<Result<RecoveryCodeSet>> regenerateRecoveryCodes(const MfaSubject& subject) override;
    QFuture<Result<MfaStatus>> resetMfa(const MfaSubject& subject, const QString& reason) override;
    QFuture<Status> authorizeExport() override;
    QFuture<Result<AuditEvent>> recordExport(const ExportRecord& record) override;

    /// The actions above on behalf of `actor` (the API server acts for the operator of each
    /// request; the console for the profile's operator).
    QFuture<Status> recordContactReveal(const Actor& actor, const QUuid& customerId);
    QFuture<Result<SessionRevocation>> revokeSession(const Actor& actor, const QUuid& sessionId, RevokeReason reason,
                                                     const QString& note);
    QFuture<Result<Device>> setDeviceTrusted(const Actor& actor, const QUuid& deviceId, bool trusted);
    QFuture<Result<int>> forgetDevice(const Actor& actor, const QUuid& deviceId, const QString& note);
    QFuture<Result<Customer>> setCustomerStatus(const Actor& actor, const QUuid& customerId, qint64 expectedVersion,
                                                CustomerStatus status, const QString& reason);
    QFuture<Result<Customer>> unlockCustomer(const Actor& actor, const QUuid& customerId, qint64 expectedVersion,
                                             const QString& reason);
    QFuture<Result<AuditEvent>> recordExport(const Actor& actor, const ExportRecord& record);

    /// The MFA calls for an owner known by id (a customer, or an operator: the API server's
    /// `/auth/mfa` routes), on behalf of `actor`. Same contract as the IdentityBackend calls.
    QFuture<Result<MfaStatus>> mfaStatus(const MfaOwner& owner);
    QFuture<Result<MfaEnrollment>> beginMfaEnrollment(const Actor& actor, const MfaOwner& owner);
    QFuture<Result<MfaConfirmation>> confirmMfaEnrollment(const Actor& actor, const MfaOwner& owner,
                                                          const QUuid& enrollmentId, const QString& code);
    QFuture<Result<RecoveryCodeSet>> regenerateRecoveryCodes(const Actor& actor, const MfaOwner& owner);
    QFuture<Result<MfaStatus>> resetMfa(const Actor& actor, const MfaOwner& owner, const QString& reason);

    /// Checks a code given at sign-in against the owner's factor (which must be on): a current
    /// TOTP code whose step is newer than the last one accepted (the step is then remembered), or
    /// an unused recovery code (then consumed). Each check is atomic, so two sign-ins racing with
    /// one code cannot both pass. Not audited: sign-ins are the login history's business.
    /// InvalidInput when the owner's MFA is not on; SecretKey as for the others.
    QFuture<Result<MfaCheck>> checkMfaCode(const MfaOwner& owner, const QString& code);

    /// The AES-256 key that seals MFA secrets (32 bytes). Until one is set, every MFA call that
    /// needs it fails with ErrorKind::SecretKey, its detail `problem` when given (e.g. why the
    /// keychain had none). Set it from the thread that makes the calls.
    void setMfaSecretKey(const QByteArray& key32, const QString& problem = {});
    bool hasMfaSecretKey() const { return !m_mfaKey.isEmpty(); }

    /// Who acts when no one else is named: the profile's operator name, role "direct".
    Actor profileActor() const;

    /// A statement and the values bound to its `?` placeholders, in order.
    struct Statement
    {
        QString sql;
        QVariantList values;
    };
    /// The SELECT that searchCustomers() runs for one page (for diagnostics and benchmarks).
    static Result<Statement> customerSearchStatement(const CustomerQuery& query, const PageCursor& after, int limit,
                                                     const SqlDialect& dialect);
    /// The SELECT that loginEvents() runs for one page, with the risk flags; `limit` 0 leaves out
    /// the LIMIT (every matching event: what an export reads, page by page).
    static Result<Statement> loginEventsStatement(const LoginEventQuery& query, const PageCursor& after, int limit,
                                                  const SqlDialect& dialect);

    /// The worker threads and their connections, for bulk jobs such as demo generation.
    SqlConnectionPool& pool() { return *m_pool; }

private:
    std::unique_ptr<SqlConnectionPool> m_pool;
    QByteArray m_mfaKey;
    QString m_mfaKeyProblem;
};

} // namespace idc
