// SqlBackend's second-factor calls: TOTP factors and recovery codes of customers and operators.
// Both kinds of owner have the same two tables (see migration 0003), so one implementation
// serves both; only a customer's `mfa_enabled` column and the audit row's customer differ.

#include "AuditTrail.h"
#include "BoundQuery.h"
#include "SecretBox.h"
#include "SqlBackend.h"
#include "Totp.h"

#include <QCryptographicHash>
#include <QJsonObject>
#include <QMessageAuthenticationCode>

#include <openssl/crypto.h>

namespace idc {
namespace {

struct Tables
{
    QString factors;
    QString codes;
    QString ownerColumn;
    QString resourceType;
};

const Tables& tablesFor(MfaOwner::Kind kind)
{
    static const Tables customer{QStringLiteral("mfa_factors"), QStringLiteral("recovery_codes"),
                                 QStringLiteral("customer_id"), QStringLiteral("customer")};
    static const Tables operators{QStringLiteral("operator_mfa_factors"), QStringLiteral("operator_recovery_codes"),
                                  QStringLiteral("operator_id"), QStringLiteral("operator")};
    return kind == MfaOwner::Kind::Customer ? customer : operators;
}

QString idText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

QDateTime nowUtc()
{
    return QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
}

/// What a sealed secret is bound to: its owner and its factor row. A sealed value copied to
/// another row or owner no longer opens.
QByteArray associatedData(const MfaOwner& owner, const QString& factorId)
{
    return QByteArrayLiteral("idc-mfa:") + tablesFor(owner.kind).resourceType.toLatin1() + ':' +
           idText(owner.id).toLatin1() + ':' + factorId.toLatin1();
}

Error noKey(const QString& why)
{
    return makeError(ErrorKind::SecretKey,
                     why.isEmpty() ? QStringLiteral("no key to seal and open MFA secrets is set") : why);
}

Error keyDoesNotOpen()
{
    return makeError(
        ErrorKind::SecretKey,
        QStringLiteral("an MFA secret does not open with the key that is set (wrong key or damaged data)"));
}

/// The check value of a key: HMAC-SHA256 of a fixed text, hex. Shows nothing of the key.
QString keyCheckValue(const QByteArray& key)
{
    return QString::fromLatin1(QMessageAuthenticationCode::hash(QByteArrayLiteral("identity-console mfa key check v1"),
                                                                key, QCryptographicHash::Sha256)
                                   .toHex());
}

/// Whether `key` is the key this database's secrets are sealed with (`mfa_key_check`). With
/// `record`, a database that has none yet records this key's (inside the caller's transaction,
/// before the first secret is sealed). SecretKey when there is no key or another one.
Status checkKey(QSqlDatabase& db, const QByteArray& key, const QString& keyProblem, bool record, const QDateTime& now)
{
    if (key.isEmpty())
        return noKey(keyProblem);
    const QString value = keyCheckValue(key);
    BoundQuery stored(db, QStringLiteral("SELECT check_value FROM mfa_key_check WHERE id = 1"), {});
    if (!stored.ok())
        return stored.error();
    if (stored.next()) {
        const QString expected = stored.value(0).toString();
        if (expected == value)
            return Done{};
        return makeError(ErrorKind::SecretKey,
                         QStringLiteral("this database's MFA secrets are sealed with another key (check %1…, this "
                                        "key's %2…); use that key (identity-console mfa-key import, or the "
                                        "server's --mfa-key-file)")
                             .arg(expected.left(8), value.left(8)));
    }
    if (!record)
        return Done{};
    BoundQuery insert(db, QStringLiteral("INSERT INTO mfa_key_check (id, check_value, created_at) VALUES (1, ?, ?)"),
                      {value, SqlDialect::timestamp(now)});
    if (!insert.ok())
        return insert.error();
    return Done{};
}

/// The owner's row: the account label and, for a customer, whether `mfa_enabled` is set.
struct OwnerRow
{
    QString label;
    bool mfaEnabledColumn = false;
    bool deleted = false;
};

Result<OwnerRow> readOwner(QSqlDatabase& db, const SqlDialect& dialect, const MfaOwner& owner, bool forUpdate)
{
    const bool customer = owner.kind == MfaOwner::Kind::Customer;
    const QString sql =
        customer
            ? QStringLiteral("SELECT email, mfa_enabled, deleted_at IS NOT NULL OR status = 'deleted' FROM customers "
                             "WHERE id = ?")
            : QStringLiteral("SELECT username, NULL, NULL FROM operators WHERE id = ?");
    BoundQuery query(db, sql + (forUpdate && dialect.isPostgres() ? QStringLiteral(" FOR UPDATE") : QString()),
                     {idText(owner.id)});
    if (!query.ok())
        return query.error();
    if (!query.next())
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("%1 %2").arg(tablesFor(owner.kind).resourceType, idText(owner.id)));
    OwnerRow row;
    row.label = query.value(0).toString();
    row.mfaEnabledColumn = customer && SqlDialect::boolFrom(query.value(1));
    row.deleted = customer && SqlDialect::boolFrom(query.value(2));
    return row;
}

struct FactorRow
{
    QString id;
    QByteArray sealed;
    QString algorithm;
    int digits = 6;
    int period = 30;
    QDateTime createdAt;
    QDateTime confirmedAt;
    std::optional<qint64> lastUsedStep;
    int failedAttempts = 0;
};

/// The owner's confirmed factor, or its newest pending one; `extraCondition` narrows further.
Result<std::optional<FactorRow>> readFactor(QSqlDatabase& db, const SqlDialect& dialect, const MfaOwner& owner,
                                            bool confirmed, const QString& extraCondition = {},
                                            const QVariantList& extraValues = {})
{
    const Tables& t = tablesFor(owner.kind);
    QVariantList values{idText(owner.id)};
    values += extraValues;
    BoundQuery query(
        db,
        QStringLiteral("SELECT id, secret_encrypted, algorithm, digits, period, created_at, confirmed_at, "
                       "last_used_step, failed_attempts FROM ") +
            t.factors + QStringLiteral(" WHERE ") + t.ownerColumn + QStringLiteral(" = ? AND ") +
            (confirmed ? QStringLiteral("confirmed_at IS NOT NULL") : QStringLiteral("confirmed_at IS NULL")) +
            extraCondition + QStringLiteral(" ORDER BY created_at DESC, id DESC"),
        values);
    if (!query.ok())
        return query.error();
    if (!query.next())
        return std::optional<FactorRow>();
    FactorRow row;
    row.id = query.value(0).toString();
    row.sealed = query.value(1).toByteArray();
    row.algorithm = query.value(2).toString();
    row.digits = query.value(3).toInt();
    row.period = query.value(4).toInt();
    row.createdAt = SqlDialect::timestampFrom(query.value(5));
    row.confirmedAt = SqlDialect::timestampFrom(query.value(6));
    if (!query.value(7).isNull())
        row.lastUsedStep = query.value(7).toLongLong();
    row.failedAttempts = query.value(8).toInt();
    Q_UNUSED(dialect)
    return std::optional<FactorRow>(std::move(row));
}

std::optional<TotpAlgorithm> algorithmFrom(const QString& name)
{
    if (name == u"SHA1")
        return TotpAlgorithm::Sha1;
    if (name == u"SHA256")
        return TotpAlgorithm::Sha256;
    if (name == u"SHA512")
        return TotpAlgorithm::Sha512;
    return std::nullopt;
}

/// Opens a factor's secret; SecretKey when the key is missing or does not open it.
Result<QByteArray> openFactorSecret(const QByteArray& key, const QString& keyProblem, const MfaOwner& owner,
                                    const FactorRow& factor)
{
    if (key.isEmpty())
        return noKey(keyProblem);
    Result<QByteArray> secret = openSecret(key, factor.sealed, associatedData(owner, factor.id));
    if (!secret)
        return keyDoesNotOpen();
    return secret;
}

Result<MfaStatus> readStatus(QSqlDatabase& db, const SqlDialect& dialect, const MfaOwner& owner, bool forUpdate)
{
    Result<OwnerRow> row = readOwner(db, dialect, owner, forUpdate);
    if (!row)
        return row.error();
    Result<std::optional<FactorRow>> confirmed = readFactor(db, dialect, owner, true);
    if (!confirmed)
        return confirmed.error();
    Result<std::optional<FactorRow>> pending = readFactor(db, dialect, owner, false);
    if (!pending)
        return pending.error();

    MfaStatus status;
    // A customer whose MFA was turned on before the console kept factors has the column only.
    if (confirmed.value() || row->mfaEnabledColumn) {
        status.state = MfaState::On;
        if (confirmed.value())
            status.since = confirmed.value()->confirmedAt;
        const Tables& t = tablesFor(owner.kind);
        BoundQuery codes(db,
                         QStringLiteral("SELECT COUNT(*), MAX(created_at) FROM ") + t.codes +
                             QStringLiteral(" WHERE ") + t.ownerColumn + QStringLiteral(" = ? AND used_at IS NULL"),
                         {idText(owner.id)});
        if (!codes.ok())
            return codes.error();
        if (codes.next()) {
            status.recoveryCodesLeft = codes.value(0).toInt();
            status.recoveryCodesCreatedAt = SqlDialect::timestampFrom(codes.value(1));
        }
    } else if (pending.value()) {
        status.state = MfaState::Pending;
        status.since = pending.value()->createdAt;
        status.attemptsLeft = qMax(0, mfaEnrollmentAttempts - pending.value()->failedAttempts);
    }
    return status;
}

Status exec(QSqlDatabase& db, const QString& sql, const QVariantList& values)
{
    BoundQuery query(db, sql, values);
    if (!query.ok())
        return query.error();
    return Done{};
}

/// Replaces the owner's recovery codes with a new set, inside the caller's transaction.
Result<RecoveryCodeSet> replaceRecoveryCodes(QSqlDatabase& db, const MfaOwner& owner, const QDateTime& now)
{
    const Tables& t = tablesFor(owner.kind);
    const QString ownerId = idText(owner.id);
    if (Status removed = exec(db,
                              QStringLiteral("DELETE FROM ") + t.codes + QStringLiteral(" WHERE ") + t.ownerColumn +
                                  QStringLiteral(" = ?"),
                              {ownerId});
        !removed)
        return removed.error();
    RecoveryCodeSet set;
    set.codes = generateRecoveryCodes(recoveryCodeCount);
    set.createdAt = now;
    if (set.codes.size() != recoveryCodeCount)
        return makeError(ErrorKind::Internal, QStringLiteral("OpenSSL's random generator gave no bytes"));
    const QString insert = QStringLiteral("INSERT INTO ") + t.codes + QStringLiteral(" (id, ") + t.ownerColumn +
                           QStringLiteral(", code_hash, created_at) VALUES (?, ?, ?, ?)");
    for (const QString& code : std::as_const(set.codes)) {
        if (Status added = exec(
                db, insert,
                {idText(QUuid::createUuid()), ownerId, recoveryCodeHash(owner.id, code), SqlDialect::timestamp(now)});
            !added)
            return added.error();
    }
    return set;
}

/// Sets a customer's `mfa_enabled` and advances its version (other operators' open copies are then
/// out of date); nothing for an operator.
Status setCustomerMfaColumn(QSqlDatabase& db, const MfaOwner& owner, bool enabled, const QDateTime& now)
{
    if (owner.kind != MfaOwner::Kind::Customer)
        return Done{};
    return exec(
        db, QStringLiteral("UPDATE customers SET mfa_enabled = ?, version = version + 1, updated_at = ? WHERE id = ?"),
        {enabled, SqlDialect::timestamp(now), idText(owner.id)});
}

AuditEventDraft draftFor(const Actor& actor, const MfaOwner& owner, const QString& action)
{
    AuditEventDraft draft;
    draft.actor = actor.name;
    draft.actorRole = actor.role;
    draft.action = action;
    draft.resourceType = tablesFor(owner.kind).resourceType;
    draft.resourceId = idText(owner.id);
    if (owner.kind == MfaOwner::Kind::Customer)
        draft.customerId = owner.id;
    return draft;
}

/// Runs `body` in a write transaction: rolled back when it fails, committed when it succeeds.
template <typename T, typename Body>
Result<T> inTransaction(QSqlDatabase& db, const SqlDialect& dialect, Body body)
{
    if (Status begun = beginWriteTransaction(db, dialect); !begun)
        return begun.error();
    Result<T> result = body();
    if (!result) {
        rollbackWriteTransaction(db, dialect);
        return result;
    }
    if (Status committed = commitWriteTransaction(db, dialect); !committed)
        return committed.error();
    return result;
}

Result<MfaOwner> ownerFor(const MfaSubject& subject)
{
    if (subject.isOperator())
        return makeError(ErrorKind::InvalidInput,
                         QStringLiteral("a direct database profile has no operator sign-in; operators turn on MFA "
                                        "for their API login"));
    return MfaOwner{MfaOwner::Kind::Customer, subject.customerId};
}

} // namespace

void SqlBackend::setMfaSecretKey(const QByteArray& key32, const QString& problem)
{
    if (!m_mfaKey.isEmpty() && m_mfaKey.isDetached())
        OPENSSL_cleanse(m_mfaKey.data(), size_t(m_mfaKey.size()));
    m_mfaKey = key32;
    m_mfaKeyProblem = problem;
}

QFuture<Result<MfaStatus>> SqlBackend::mfaStatus(const MfaSubject& subject)
{
    Result<MfaOwner> owner = ownerFor(subject);
    if (!owner)
        return QtFuture::makeReadyFuture(Result<MfaStatus>(owner.error()));
    return mfaStatus(*owner);
}

QFuture<Result<MfaEnrollment>> SqlBackend::beginMfaEnrollment(const MfaSubject& subject)
{
    Result<MfaOwner> owner = ownerFor(subject);
    if (!owner)
        return QtFuture::makeReadyFuture(Result<MfaEnrollment>(owner.error()));
    return beginMfaEnrollment(profileActor(), *owner);
}

QFuture<Result<MfaConfirmation>> SqlBackend::confirmMfaEnrollment(const MfaSubject& subject, const QUuid& enrollmentId,
                                                                  const QString& code)
{
    Result<MfaOwner> owner = ownerFor(subject);
    if (!owner)
        return QtFuture::makeReadyFuture(Result<MfaConfirmation>(owner.error()));
    return confirmMfaEnrollment(profileActor(), *owner, enrollmentId, code);
}

QFuture<Result<RecoveryCodeSet>> SqlBackend::regenerateRecoveryCodes(const MfaSubject& subject)
{
    Result<MfaOwner> owner = ownerFor(subject);
    if (!owner)
        return QtFuture::makeReadyFuture(Result<RecoveryCodeSet>(owner.error()));
    return regenerateRecoveryCodes(profileActor(), *owner);
}

QFuture<Result<MfaStatus>> SqlBackend::resetMfa(const MfaSubject& subject, const QString& reason)
{
    Result<MfaOwner> owner = ownerFor(subject);
    if (!owner)
        return QtFuture::makeReadyFuture(Result<MfaStatus>(owner.error()));
    return resetMfa(profileActor(), *owner, reason);
}

QFuture<Result<MfaStatus>> SqlBackend::mfaStatus(const MfaOwner& owner)
{
    return m_pool->run([owner, dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<MfaStatus> {
        return readStatus(db, dialect, owner, false);
    });
}

QFuture<Result<MfaEnrollment>> SqlBackend::beginMfaEnrollment(const Actor& actor, const MfaOwner& owner)
{
    return m_pool->run([actor, owner, key = m_mfaKey, keyProblem = m_mfaKeyProblem,
                        dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<MfaEnrollment> {
        if (key.isEmpty())
            return noKey(keyProblem);
        Result<QByteArray> secret = generateTotpSecret();
        if (!secret)
            return secret.error();
        const QDateTime now = nowUtc();
        const Tables& t = tablesFor(owner.kind);
        Result<MfaEnrollment> enrollment = inTransaction<MfaEnrollment>(db, dialect, [&]() -> Result<MfaEnrollment> {
            Result<OwnerRow> row = readOwner(db, dialect, owner, true);
            if (!row)
                return row.error();
            if (row->deleted)
                return makeError(ErrorKind::InvalidInput,
                                 QStringLiteral("customer %1 is deleted").arg(idText(owner.id)));
            if (Status keyed = checkKey(db, key, keyProblem, true, now); !keyed)
                return keyed.error();
            Result<MfaStatus> before = readStatus(db, dialect, owner, false);
            if (!before)
                return before.error();
            if (before->state == MfaState::On)
                return makeError(ErrorKind::InvalidInput, QStringLiteral("MFA is already on for %1 %2; reset it first")
                                                              .arg(t.resourceType, idText(owner.id)));
            // A newer enrollment replaces one still waiting for its code.
            if (Status removed = exec(db,
                                      QStringLiteral("DELETE FROM ") + t.factors + QStringLiteral(" WHERE ") +
                                          t.ownerColumn + QStringLiteral(" = ? AND confirmed_at IS NULL"),
                                      {idText(owner.id)});
                !removed)
                return removed.error();
            MfaEnrollment e;
            e.id = QUuid::createUuid();
            e.accountLabel = row->label;
            e.startedAt = now;
            Result<QByteArray> sealed = sealSecret(key, *secret, associatedData(owner, idText(e.id)));
            if (!sealed)
                return sealed.error().kind == ErrorKind::InvalidInput ? noKey(keyProblem) : sealed.error();
            if (Status added =
                    exec(db,
                         QStringLiteral("INSERT INTO ") + t.factors + QStringLiteral(" (id, ") + t.ownerColumn +
                             QStringLiteral(", factor_type, secret_encrypted, algorithm, digits, period, "
                                            "created_at, failed_attempts) VALUES (?, ?, 'totp', ?, 'SHA1', "
                                            "?, ?, ?, 0)"),
                         {idText(e.id), idText(owner.id), *sealed, e.digits, e.period, SqlDialect::timestamp(now)});
                !added)
                return added.error();
            AuditEventDraft draft = draftFor(actor, owner, QStringLiteral("mfa.enroll"));
            draft.beforeState = QJsonObject{{QStringLiteral("mfa_state"), toString(before->state)}};
            draft.afterState = QJsonObject{{QStringLiteral("mfa_state"), toString(MfaState::Pending)},
                                           {QStringLiteral("enrollment_id"), idText(e.id)}};
            if (Result<AuditEvent> event = appendAuditEvent(db, dialect, draft, now); !event)
                return event.error();
            return e;
        });
        if (enrollment)
            enrollment.value().secret = *secret;
        OPENSSL_cleanse(secret.value().data(), size_t(secret.value().size()));
        return enrollment;
    });
}

QFuture<Result<MfaConfirmation>> SqlBackend::confirmMfaEnrollment(const Actor& actor, const MfaOwner& owner,
                                                                  const QUuid& enrollmentId, const QString& code)
{
    return m_pool->run([actor, owner, enrollmentId, code, key = m_mfaKey, keyProblem = m_mfaKeyProblem,
                        dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<MfaConfirmation> {
        const QDateTime now = nowUtc();
        const Tables& t = tablesFor(owner.kind);
        QString typed = code;
        typed.remove(u' ');
        return inTransaction<MfaConfirmation>(db, dialect, [&]() -> Result<MfaConfirmation> {
            Result<OwnerRow> row = readOwner(db, dialect, owner, true);
            if (!row)
                return row.error();
            Result<std::optional<FactorRow>> pending =
                readFactor(db, dialect, owner, false, QStringLiteral(" AND id = ?"), {idText(enrollmentId)});
            if (!pending)
                return pending.error();
            if (!pending.value())
                return makeError(ErrorKind::Conflict,
                                 QStringLiteral("enrollment %1 is no longer pending (confirmed, void, reset or "
                                                "replaced by a newer one)")
                                     .arg(idText(enrollmentId)));
            const FactorRow& factor = *pending.value();
            if (Status keyed = checkKey(db, key, keyProblem, false, now); !keyed)
                return keyed.error();
            const std::optional<TotpAlgorithm> algorithm = algorithmFrom(factor.algorithm);
            if (!algorithm)
                return makeError(ErrorKind::Internal, QStringLiteral("unsupported TOTP algorithm in the database"));
            Result<QByteArray> secret = openFactorSecret(key, keyProblem, owner, factor);
            if (!secret)
                return secret.error();
            const std::optional<qint64> step = totpMatchStep(*secret, typed, QDateTime::currentSecsSinceEpoch(), 1,
                                                             factor.digits, factor.period, *algorithm);
            OPENSSL_cleanse(secret.value().data(), size_t(secret.value().size()));

            MfaConfirmation confirmation;
            if (!step) {
                const int failed = factor.failedAttempts + 1;
                confirmation.attemptsLeft = qMax(0, mfaEnrollmentAttempts - failed);
                if (confirmation.attemptsLeft > 0) {
                    confirmation.outcome = MfaCodeOutcome::Wrong;
                    if (Status counted = exec(db,
                                              QStringLiteral("UPDATE ") + t.factors +
                                                  QStringLiteral(" SET failed_attempts = ? WHERE id = ?"),
                                              {failed, factor.id});
                        !counted)
                        return counted.error();
                    return confirmation;
                }
                confirmation.outcome = MfaCodeOutcome::TooManyAttempts;
                if (Status removed = exec(
                        db, QStringLiteral("DELETE FROM ") + t.factors + QStringLiteral(" WHERE id = ?"), {factor.id});
                    !removed)
                    return removed.error();
                AuditEventDraft draft = draftFor(actor, owner, QStringLiteral("mfa.enroll_void"));
                draft.reason = QStringLiteral("%1 wrong codes").arg(mfaEnrollmentAttempts);
                draft.beforeState = QJsonObject{{QStringLiteral("mfa_state"), toString(MfaState::Pending)},
                                                {QStringLiteral("enrollment_id"), factor.id}};
                draft.afterState = QJsonObject{{QStringLiteral("mfa_state"), toString(MfaState::Off)}};
                if (Result<AuditEvent> event = appendAuditEvent(db, dialect, draft, now); !event)
                    return event.error();
                return confirmation;
            }

            if (Status confirmed = exec(db,
                                        QStringLiteral("UPDATE ") + t.factors +
                                            QStringLiteral(" SET confirmed_at = ?, last_used_step = ?, "
                                                           "failed_attempts = 0 WHERE id = ?"),
                                        {SqlDialect::timestamp(now), *step, factor.id});
                !confirmed)
                return confirmed.error();
            if (Status others = exec(db,
                                     QStringLiteral("DELETE FROM ") + t.factors + QStringLiteral(" WHERE ") +
                                         t.ownerColumn + QStringLiteral(" = ? AND id <> ?"),
                                     {idText(owner.id), factor.id});
                !others)
                return others.error();
            if (Status column = setCustomerMfaColumn(db, owner, true, now); !column)
                return column.error();
            Result<RecoveryCodeSet> codes = replaceRecoveryCodes(db, owner, now);
            if (!codes)
                return codes.error();
            AuditEventDraft draft = draftFor(actor, owner, QStringLiteral("mfa.confirm"));
            draft.beforeState = QJsonObject{{QStringLiteral("mfa_state"), toString(MfaState::Pending)},
                                            {QStringLiteral("enrollment_id"), factor.id}};
            draft.afterState = QJsonObject{{QStringLiteral("mfa_state"), toString(MfaState::On)},
                                           {QStringLiteral("recovery_codes"), recoveryCodeCount}};
            if (Result<AuditEvent> event = appendAuditEvent(db, dialect, draft, now); !event)
                return event.error();
            confirmation.outcome = MfaCodeOutcome::Accepted;
            confirmation.attemptsLeft = mfaEnrollmentAttempts - factor.failedAttempts;
            confirmation.recoveryCodes = codes->codes;
            return confirmation;
        });
    });
}

QFuture<Result<RecoveryCodeSet>> SqlBackend::regenerateRecoveryCodes(const Actor& actor, const MfaOwner& owner)
{
    return m_pool->run([actor, owner, dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<RecoveryCodeSet> {
        const QDateTime now = nowUtc();
        return inTransaction<RecoveryCodeSet>(db, dialect, [&]() -> Result<RecoveryCodeSet> {
            Result<MfaStatus> before = readStatus(db, dialect, owner, true);
            if (!before)
                return before.error();
            if (before->state != MfaState::On)
                return makeError(ErrorKind::InvalidInput,
                                 QStringLiteral("MFA is not on for %1 %2")
                                     .arg(tablesFor(owner.kind).resourceType, idText(owner.id)));
            Result<RecoveryCodeSet> codes = replaceRecoveryCodes(db, owner, now);
            if (!codes)
                return codes.error();
            AuditEventDraft draft = draftFor(actor, owner, QStringLiteral("mfa.recovery_codes"));
            draft.beforeState = QJsonObject{{QStringLiteral("recovery_codes_left"), before->recoveryCodesLeft}};
            draft.afterState = QJsonObject{{QStringLiteral("recovery_codes_left"), recoveryCodeCount}};
            if (Result<AuditEvent> event = appendAuditEvent(db, dialect, draft, now); !event)
                return event.error();
            return codes;
        });
    });
}

QFuture<Result<MfaStatus>> SqlBackend::resetMfa(const Actor& actor, const MfaOwner& owner, const QString& reason)
{
    return m_pool->run([actor, owner, reason, dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<MfaStatus> {
        if (reason.trimmed().isEmpty())
            return makeError(ErrorKind::InvalidInput, QStringLiteral("a reason is required"));
        if (reason.size() > maxMfaReasonLength)
            return makeError(ErrorKind::InvalidInput,
                             QStringLiteral("reason longer than %1 characters").arg(maxMfaReasonLength));
        if (reason.contains(QChar(0)))
            return makeError(ErrorKind::InvalidInput, QStringLiteral("reason contains U+0000"));
        const QDateTime now = nowUtc();
        const Tables& t = tablesFor(owner.kind);
        return inTransaction<MfaStatus>(db, dialect, [&]() -> Result<MfaStatus> {
            Result<MfaStatus> before = readStatus(db, dialect, owner, true);
            if (!before)
                return before.error();
            if (before->state == MfaState::Off)
                return makeError(ErrorKind::InvalidInput,
                                 QStringLiteral("MFA is not on for %1 %2").arg(t.resourceType, idText(owner.id)));
            for (const QString& table : {t.factors, t.codes}) {
                if (Status removed = exec(db,
                                          QStringLiteral("DELETE FROM ") + table + QStringLiteral(" WHERE ") +
                                              t.ownerColumn + QStringLiteral(" = ?"),
                                          {idText(owner.id)});
                    !removed)
                    return removed.error();
            }
            if (before->state == MfaState::On) {
                if (Status column = setCustomerMfaColumn(db, owner, false, now); !column)
                    return column.error();
            }
            AuditEventDraft draft = draftFor(actor, owner, QStringLiteral("mfa.reset"));
            draft.reason = reason.trimmed();
            draft.beforeState = QJsonObject{{QStringLiteral("mfa_state"), toString(before->state)},
                                            {QStringLiteral("mfa_enabled"), before->state == MfaState::On}};
            draft.afterState = QJsonObject{{QStringLiteral("mfa_state"), toString(MfaState::Off)},
                                           {QStringLiteral("mfa_enabled"), false}};
            if (Result<AuditEvent> event = appendAuditEvent(db, dialect, draft, now); !event)
                return event.error();
            return MfaStatus{};
        });
    });
}

QFuture<Result<MfaCheck>> SqlBackend::checkMfaCode(const MfaOwner& owner, const QString& code)
{
    return m_pool->run([owner, code, key = m_mfaKey, keyProblem = m_mfaKeyProblem,
                        dialect = m_pool->dialect()](QSqlDatabase& db) -> Result<MfaCheck> {
        const Tables& t = tablesFor(owner.kind);
        Result<std::optional<FactorRow>> factor = readFactor(db, dialect, owner, true);
        if (!factor)
            return factor.error();
        if (!factor.value())
            return makeError(ErrorKind::InvalidInput,
                             QStringLiteral("MFA is not on for %1 %2").arg(t.resourceType, idText(owner.id)));
        QString typed = code;
        typed.remove(u' ');
        const bool looksLikeTotp =
            typed.size() == factor.value()->digits &&
            std::all_of(typed.cbegin(), typed.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
        if (!looksLikeTotp) {
            // A recovery code: consumed by the one statement that finds it unused.
            BoundQuery used(db,
                            QStringLiteral("UPDATE ") + t.codes + QStringLiteral(" SET used_at = ? WHERE ") +
                                t.ownerColumn + QStringLiteral(" = ? AND code_hash = ? AND used_at IS NULL"),
                            {SqlDialect::timestamp(nowUtc()), idText(owner.id), recoveryCodeHash(owner.id, typed)});
            if (!used.ok())
                return used.error();
            return used.query().numRowsAffected() >= 1 ? MfaCheck::RecoveryCode : MfaCheck::Wrong;
        }
        const std::optional<TotpAlgorithm> algorithm = algorithmFrom(factor.value()->algorithm);
        if (!algorithm)
            return makeError(ErrorKind::Internal, QStringLiteral("unsupported TOTP algorithm in the database"));
        if (Status keyed = checkKey(db, key, keyProblem, false, nowUtc()); !keyed)
            return keyed.error();
        Result<QByteArray> secret = openFactorSecret(key, keyProblem, owner, *factor.value());
        if (!secret)
            return secret.error();
        const std::optional<qint64> step = totpMatchStep(*secret, typed, QDateTime::currentSecsSinceEpoch(), 1,
                                                         factor.value()->digits, factor.value()->period, *algorithm);
        OPENSSL_cleanse(secret.value().data(), size_t(secret.value().size()));
        if (!step)
            return MfaCheck::Wrong;
        // The step moves only forward, in one statement: of two sign-ins with one code, one wins.
        BoundQuery advanced(db,
                            QStringLiteral("UPDATE ") + t.factors +
                                QStringLiteral(" SET last_used_step = ? WHERE id = ? AND (last_used_step IS NULL OR "
                                               "last_used_step < ?)"),
                            {*step, factor.value()->id, *step});
        if (!advanced.ok())
            return advanced.error();
        return advanced.query().numRowsAffected() == 1 ? MfaCheck::Totp : MfaCheck::Replayed;
    });
}

} // namespace idc
