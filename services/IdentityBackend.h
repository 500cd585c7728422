#pragma once

#include "AuditEvent.h"
#include "ConnectionProfile.h"
#include "Customer.h"
#include "Device.h"
#include "Export.h"
#include "LoginEvent.h"
#include "Mfa.h"
#include "Result.h"
#include "Session.h"

#include <QFuture>
#include <QObject>
#include <QStringList>

namespace idc {

/// Who performs an action, as the audit trail names them.
struct Actor
{
    QString name;
    QString role; ///< support_agent, security_officer, admin; "direct" for a direct database profile
};

/// What the console knows about the backend it is connected to.
struct BackendInfo
{
    BackendKind kind = BackendKind::Sqlite;
    QString serverVersion; ///< e.g. "PostgreSQL 15.5" or "SQLite 3.40.1"
    int schemaVersion = 0;
};

/// The one interface every feature of the console is written against. Implementations
/// (SQL today, REST next) do their I/O off the GUI thread and deliver results through
/// futures; no call blocks, no call throws. Continue with `.then(context, …)` so that a
/// closed window drops the callback.
class IdentityBackend : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~IdentityBackend() override = default;

    /// Connects, applies pending schema migrations, and reports what it reached.
    virtual QFuture<Result<BackendInfo>> open() = 0;

    /// One page of customers matching `query`, in the query's order, starting after `after`.
    virtual QFuture<Result<CustomerPage>> searchCustomers(const CustomerQuery& query, const PageCursor& after,
                                                          int limit) = 0;

    /// How many customers match `query`, counted up to `cap`.
    virtual QFuture<Result<CustomerCount>> countCustomers(const CustomerQuery& query, qint64 cap) = 0;

    /// One customer by id; NotFound when there is none.
    virtual QFuture<Result<Customer>> customer(const QUuid& id) = 0;

    /// A customer's postal addresses, default shipping first.
    virtual QFuture<Result<QList<Address>>> addresses(const QUuid& customerId) = 0;

    /// The countries that occur among customers, for filter lists.
    virtual QFuture<Result<QStringList>> customerCountries() = 0;

    /// Records in the audit trail (`pii.reveal`) that the operator is about to see a customer's
    /// full e-mail address and phone number. The console shows them only once this succeeded.
    /// NotFound when there is no such customer (and nothing is recorded).
    virtual QFuture<Status> recordContactReveal(const QUuid& customerId) = 0;

    /// Suspends an active customer (`status` Suspended, audited `customer.suspend`) or reactivates a
    /// suspended one (`status` Active, `customer.activate`), in one transaction. Suspending also
    /// revokes the customer's active sessions (reason admin_action, each audited `session.revoke`).
    /// Conflict when the stored version is not `expectedVersion` (the customer changed since it was
    /// loaded; nothing changes). InvalidInput for a blank reason or one longer than
    /// Customer::maxReasonLength, for `status` Deleted, for a deleted customer, or for the status it
    /// already has. NotFound for an unknown customer. Returns the customer as it is afterwards
    /// (version one higher).
    virtual QFuture<Result<Customer>> setCustomerStatus(const QUuid& customerId, qint64 expectedVersion,
                                                        CustomerStatus status, const QString& reason) = 0;

    /// Clears a customer's failed sign-in attempts and lock, audited `customer.unlock` in the same
    /// transaction; `reason` is optional. Conflict when the stored version is not `expectedVersion`;
    /// InvalidInput when the customer is neither locked nor has failed attempts ("not locked") or the
    /// reason is longer than Customer::maxReasonLength; NotFound for an unknown customer. Returns the
    /// customer as it is afterwards (version one higher).
    virtual QFuture<Result<Customer>> unlockCustomer(const QUuid& customerId, qint64 expectedVersion,
                                                     const QString& reason) = 0;

    /// One page of sessions matching `query`, newest first (created_at, then id, both
    /// descending), starting after `after`. InvalidInput when `limit` is not 1 to 500, the
    /// cursor is malformed, or `query.ipOrCidr` is neither an IP address nor a subnet.
    virtual QFuture<Result<SessionPage>> sessions(const SessionQuery& query, const PageCursor& after, int limit) = 0;

    /// How many sessions match `query`, counted up to `cap`.
    virtual QFuture<Result<CustomerCount>> countSessions(const SessionQuery& query, qint64 cap) = 0;

    /// Revokes a session and records `session.revoke` in the audit trail in the same transaction.
    /// A session revoked before is not an error: the outcome is AlreadyRevoked, nothing changes
    /// and nothing is audited. NotFound for an unknown session; InvalidInput for
    /// RevokeReason::SessionLimit (only the backend evicts for the limit) or a note longer than
    /// Session::maxNoteLength. Returns the session as it is afterwards.
    virtual QFuture<Result<SessionRevocation>> revokeSession(const QUuid& sessionId, RevokeReason reason,
                                                             const QString& note) = 0;

    /// A customer's devices, most recently seen first (then by id, descending), each with the
    /// number of its sessions neither revoked nor expired. NotFound for an unknown customer.
    virtual QFuture<Result<QList<Device>>> devices(const QUuid& customerId) = 0;

    /// Marks a device trusted or not and records `device.trust` or `device.untrust` in the audit
    /// trail in the same transaction. Setting the value it already has changes nothing and
    /// records nothing. NotFound for an unknown device. Returns the device as it is afterwards.
    virtual QFuture<Result<Device>> setDeviceTrusted(const QUuid& deviceId, bool trusted) = 0;

    /// Forgets a device in one transaction: revokes its active sessions (reason device_removed,
    /// `note` as their note, each audited as `session.revoke`), deletes the device (its sessions
    /// keep their history without it) and records `device.forget`. Any failure changes nothing.
    /// Returns how many sessions were revoked. NotFound for an unknown device; InvalidInput for a
    /// note longer than Device::maxNoteLength.
    virtual QFuture<Result<int>> forgetDevice(const QUuid& deviceId, const QString& note) = 0;

    /// One page of login events matching `query`, newest first (occurred_at, then id, both
    /// descending), starting after `after`, each with the risk flags it has under
    /// `query.thresholds` (computed when read, never stored). InvalidInput when `limit` is not
    /// 1 to 500, the cursor is malformed, `query.ipOrCidr` is neither an IP address nor a
    /// subnet, or the thresholds are out of range (RiskThresholds::isValid()).
    virtual QFuture<Result<LoginEventPage>> loginEvents(const LoginEventQuery& query, const PageCursor& after,
                                                        int limit) = 0;

    /// How many login events match `query`, counted up to `cap`.
    virtual QFuture<Result<CustomerCount>> countLoginEvents(const LoginEventQuery& query, qint64 cap) = 0;

    /// Successful and failed logins matching `query` (every filter, required flags too) per UTC
    /// hour or day, ascending, only bins with events. InvalidInput unless `query.from` and
    /// `query.to` are both set, `from` < `to`, and the range spans at most 31 days for
    /// HistogramBucket::Hour or 400 days for HistogramBucket::Day; and as for loginEvents().
    virtual QFuture<Result<QList<LoginHistogramBin>>> loginHistogram(const LoginEventQuery& query,
                                                                     HistogramBucket bucket) = 0;

    /// One page of audit events matching `query`, newest first (seq descending), starting after
    /// `after`. InvalidInput when `limit` is not 1 to 500 or the cursor is malformed. The events
    /// come as stored (see verifyAuditChain() for whether they were changed).
    virtual QFuture<Result<AuditEventPage>> auditEvents(const AuditQuery& query, const PageCursor& after,
                                                        int limit) = 0;

    /// Re-reads the whole audit chain and reports whether every event is as written and linked to
    /// the one before it, or where the chain first breaks.
    virtual QFuture<Result<AuditChainReport>> verifyAuditChain() = 0;

    // Second factor (TOTP). Every call names its subject: a customer, or the signed-in operator
    // (over the API only; a direct database profile answers InvalidInput). NotFound for an unknown
    // customer. Secrets are sealed with AES-256-GCM under a key the backend holds (QtKeychain in
    // direct mode, the server's configuration over the API): ErrorKind::SecretKey when it has
    // none or a sealed secret does not open with it. No secret appears in an error or audit row.

    /// Whether the subject has a factor, pending or on, and how many recovery codes are left.
    virtual QFuture<Result<MfaStatus>> mfaStatus(const MfaSubject& subject) = 0;

    /// Starts an enrollment: a new 160-bit secret, stored sealed and pending, replacing a pending
    /// one; audited `mfa.enroll` (without the secret) in the same transaction. InvalidInput when
    /// the subject's MFA is already on (reset it first).
    virtual QFuture<Result<MfaEnrollment>> beginMfaEnrollment(const MfaSubject& subject) = 0;

    /// Takes the first code of enrollment `enrollmentId`, checked with liboath (±1 step of 30 s).
    /// Accepted: the factor is on, its step is remembered (never accepted again), a new set of
    /// recovery codes replaces any old one, and `mfa.confirm` is audited, all in one transaction.
    /// A wrong code is counted; the mfaEnrollmentAttempts-th makes the enrollment void
    /// (TooManyAttempts, audited `mfa.enroll_void`). Conflict when that enrollment is no longer
    /// pending (confirmed, void, reset, or replaced by a newer one).
    virtual QFuture<Result<MfaConfirmation>> confirmMfaEnrollment(const MfaSubject& subject, const QUuid& enrollmentId,
                                                                  const QString& code) = 0;

    /// Replaces the subject's recovery codes with a new set; audited `mfa.recovery_codes`.
    /// InvalidInput unless MFA is on.
    virtual QFuture<Result<RecoveryCodeSet>> regenerateRecoveryCodes(const MfaSubject& subject) = 0;

    /// Removes the subject's factor (pending or on) and recovery codes; audited `mfa.reset` with
    /// `reason` (required, at most maxMfaReasonLength characters). InvalidInput when MFA is off.
    /// Returns the status afterwards.
    virtual QFuture<Result<MfaStatus>> resetMfa(const MfaSubject& subject, const QString& reason) = 0;

    // Offline exports. The rows come through the list calls above, page by page; these two calls
    // frame an export: asked before anything is written, and recorded once the file is complete.

    /// Whether the signed-in operator may take data out of the system: over the API, the role's
    /// export permission (Forbidden for a support agent); a direct database profile may.
    virtual QFuture<Status> authorizeExport() = 0;

    /// Appends `export.create` to the audit trail (what, filter, format, rows, bytes, SHA-256,
    /// signing key), with the report's customer for a customer report. InvalidInput when the record
    /// is not valid (ExportRecord::isValid()), Forbidden as for authorizeExport().
    virtual QFuture<Result<AuditEvent>> recordExport(const ExportRecord& record) = 0;
};

} // namespace idc
