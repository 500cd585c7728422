#include "CustomerFixtures.h"
#include "SecretBox.h"
#include "TestBackend.h"
#include "Totp.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace idc;

/// The TOTP MFA contract for customers (status, enrollment confirmed with a current code, the
/// attempt limit, recovery codes, reset), each change audited in its transaction and never with
/// the secret, gives the same answers on every backend. Sign-in checks (replay, single-use
/// recovery codes) and the wrong-key refusal run on the SQL backend underneath.
class TestMfa : public QObject
{
    Q_OBJECT

public:
    explicit TestMfa(QString backend)
        : m_backend(std::move(backend))
    {
    }

private slots:
    void initTestCase()
    {
        m_testBackend = std::make_unique<test::TestBackend>(m_backend);
        Status opened = m_testBackend->open();
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().detail));
        Status inserted = test::insertFixtures(m_testBackend->direct().pool());
        QVERIFY2(inserted.ok(), qPrintable(inserted.ok() ? QString() : inserted.error().detail));
    }

    void statusOfCustomers()
    {
        Result<MfaStatus> off = backend().mfaStatus(subject(1)).result();
        QVERIFY2(off.ok(), qPrintable(detail(off)));
        QVERIFY(off->state == MfaState::Off);
        QCOMPARE(off->recoveryCodesLeft, 0);

        // Turned on before the console kept factors: on, with no date and no codes on record.
        Result<MfaStatus> legacy = backend().mfaStatus(subject(9)).result();
        QVERIFY2(legacy.ok(), qPrintable(detail(legacy)));
        QVERIFY(legacy->state == MfaState::On);
        QVERIFY(!legacy->since.isValid());

        Result<MfaStatus> unknown = backend().mfaStatus(MfaSubject::customer(QUuid::createUuid())).result();
        QVERIFY(!unknown.ok());
        QVERIFY(unknown.error().kind == ErrorKind::NotFound);
    }

    void enrollmentIsConfirmedByACurrentCode()
    {
        const QUuid id = customerId(1);
        const Customer before = stored(id);
        const qint64 auditBefore = auditCount(id);

        Result<MfaEnrollment> started = backend().beginMfaEnrollment(subject(1)).result();
        QVERIFY2(started.ok(), qPrintable(detail(started)));
        QCOMPARE(started->secret.size(), totpSecretLength);
        QCOMPARE(started->accountLabel, before.email);
        QCOMPARE(started->digits, 6);
        QCOMPARE(started->period, 30);
        QCOMPARE(started->attemptsLeft, mfaEnrollmentAttempts);
        QVERIFY(!started->id.isNull());
        const QString base32 = base32Encode(started->secret);

        Result<MfaStatus> pending = backend().mfaStatus(subject(1)).result();
        QVERIFY2(pending.ok(), qPrintable(detail(pending)));
        QVERIFY(pending->state == MfaState::Pending);
        QCOMPARE(pending->attemptsLeft, mfaEnrollmentAttempts);
        QVERIFY(qAbs(pending->since.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        QCOMPARE(stored(id).mfaEnabled, false);

        // Stored sealed: neither the raw secret nor its base32 form is in the row.
        const QByteArray sealed = sealedSecret(started->id);
        QVERIFY(sealed.size() >= started->secret.size() + 29);
        QVERIFY(!sealed.contains(started->secret));
        QVERIFY(!sealed.contains(base32.toLatin1()));

        Result<MfaConfirmation> wrong =
            backend().confirmMfaEnrollment(subject(1), started->id, wrongCodeFor(started->secret)).result();
        QVERIFY2(wrong.ok(), qPrintable(detail(wrong)));
        QVERIFY(wrong->outcome == MfaCodeOutcome::Wrong);
        QCOMPARE(wrong->attemptsLeft, mfaEnrollmentAttempts - 1);
        QVERIFY(wrong->recoveryCodes.isEmpty());
        QCOMPARE(backend().mfaStatus(subject(1)).result()->attemptsLeft, mfaEnrollmentAttempts - 1);

        // People type the code with a space in the middle, as apps show it.
        const QString right = currentCode(started->secret);
        Result<MfaConfirmation> confirmed =
            backend().confirmMfaEnrollment(subject(1), started->id, right.left(3) + u' ' + right.mid(3)).result();
        QVERIFY2(confirmed.ok(), qPrintable(detail(confirmed)));
        QVERIFY(confirmed->outcome == MfaCodeOutcome::Accepted);
        QCOMPARE(confirmed->recoveryCodes.size(), recoveryCodeCount);
        static const QRegularExpression codeShape(QStringLiteral("^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$"));
        for (const QString& code : confirmed->recoveryCodes)
            QVERIFY2(codeShape.match(code).hasMatch(), qPrintable(code));
        QCOMPARE(QSet<QString>(confirmed->recoveryCodes.cbegin(), confirmed->recoveryCodes.cend()).size(),
                 recoveryCodeCount);
        m_recoveryCodes = confirmed->recoveryCodes;
        m_secret = started->secret;

        Result<MfaStatus> on = backend().mfaStatus(subject(1)).result();
        QVERIFY2(on.ok(), qPrintable(detail(on)));
        QVERIFY(on->state == MfaState::On);
        QVERIFY(qAbs(on->since.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        QCOMPARE(on->recoveryCodesLeft, recoveryCodeCount);
        const Customer after = stored(id);
        QVERIFY(after.mfaEnabled);
        QCOMPARE(after.version, before.version + 1);

        // Stored as hashes only.
        const QStringList hashes = recoveryCodeHashes(id);
        QCOMPARE(hashes.size(), recoveryCodeCount);
        for (const QString& code : confirmed->recoveryCodes) {
            QVERIFY(!hashes.contains(code));
            QVERIFY(hashes.contains(recoveryCodeHash(id, code)));
        }

        // Audited twice, never with the secret or a code.
        const QList<AuditEvent> events = auditEvents(id);
        QCOMPARE(events.size(), auditBefore + 2);
        QCOMPARE(events.at(0).action, QStringLiteral("mfa.confirm"));
        QCOMPARE(events.at(1).action, QStringLiteral("mfa.enroll"));
        QCOMPARE(events.at(0).afterState.toObject().value(QStringLiteral("mfa_state")).toString(),
                 QStringLiteral("on"));
        for (const AuditEvent& event : events.mid(0, 2)) {
            const QString text = QString::fromUtf8(QJsonDocument(event.afterState.toObject()).toJson()) +
                                 QString::fromUtf8(QJsonDocument(event.beforeState.toObject()).toJson()) + event.reason;
            QVERIFY(!text.contains(base32));
            QVERIFY(!text.contains(right));
            QVERIFY(!text.contains(confirmed->recoveryCodes.first()));
            QCOMPARE(event.resourceId, id.toString(QUuid::WithoutBraces));
        }

        // Done once: the same enrollment cannot be confirmed again, nor a new one begun.
        Result<MfaConfirmation> again = backend().confirmMfaEnrollment(subject(1), started->id, right).result();
        QVERIFY(!again.ok());
        QVERIFY(again.error().kind == ErrorKind::Conflict);
        Result<MfaEnrollment> second = backend().beginMfaEnrollment(subject(1)).result();
        QVERIFY(!second.ok());
        QVERIFY(second.error().kind == ErrorKind::InvalidInput);
        QCOMPARE(auditCount(id), auditBefore + 2);
    }

    void signInRefusesReplaysAndUsedRecoveryCodes()
    {
        QVERIFY(!m_secret.isEmpty());
        SqlBackend& sql = m_testBackend->direct();
        const MfaOwner owner{MfaOwner::Kind::Customer, customerId(1)};
        if (m_testBackend->isRest()) {
            // The console's SQL backend underneath holds another key than the server: a clear
            // refusal, never a silent wrong answer.
            Result<MfaCheck> foreign = sql.checkMfaCode(owner, currentCode(m_secret)).result();
            QVERIFY(!foreign.ok());
            QVERIFY(foreign.error().kind == ErrorKind::SecretKey);
            QVERIFY(!foreign.error().detail.contains(base32Encode(m_secret)));
        } else {
            // The step that confirmed the enrollment is used: its code is refused as a replay.
            const qint64 confirmStep = m_confirmStep;
            const qint64 now = QDateTime::currentSecsSinceEpoch();
            Result<MfaCheck> replayed = sql.checkMfaCode(owner, currentCode(m_secret)).result();
            QVERIFY2(replayed.ok(), qPrintable(detail(replayed)));
            // (Unless the clock moved on to the next step since: then it is fresh once.)
            if (*replayed == MfaCheck::Totp)
                QVERIFY(now / 30 != confirmStep);
            else
                QVERIFY(*replayed == MfaCheck::Replayed);
            // The next step's code is within the window: accepted once, then a replay.
            const QString next = totpCode(m_secret, QDateTime::currentSecsSinceEpoch() + 30).value();
            Result<MfaCheck> fresh = sql.checkMfaCode(owner, next).result();
            QVERIFY2(fresh.ok(), qPrintable(detail(fresh)));
            QVERIFY(*fresh == MfaCheck::Totp);
            Result<MfaCheck> reused = sql.checkMfaCode(owner, next).result();
            QVERIFY(reused.ok() && *reused == MfaCheck::Replayed);
            // An older step than the one used last is refused too.
            Result<MfaCheck> older = sql.checkMfaCode(owner, currentCode(m_secret)).result();
            QVERIFY(older.ok() && *older == MfaCheck::Replayed);
            Result<MfaCheck> wrong = sql.checkMfaCode(owner, wrongCodeFor(m_secret)).result();
            QVERIFY(wrong.ok() && *wrong == MfaCheck::Wrong);
        }

        // A recovery code works once, typed in any case and with or without its dashes.
        const QString code = m_recoveryCodes.at(3);
        Result<MfaCheck> first = sql.checkMfaCode(owner, code.toUpper().remove(u'-')).result();
        QVERIFY2(first.ok(), qPrintable(detail(first)));
        QVERIFY(*first == MfaCheck::RecoveryCode);
        Result<MfaCheck> second = sql.checkMfaCode(owner, code).result();
        QVERIFY(second.ok() && *second == MfaCheck::Wrong);
        Result<MfaCheck> madeUp = sql.checkMfaCode(owner, QStringLiteral("abcd-efgh-jkmn")).result();
        QVERIFY(madeUp.ok() && *madeUp == MfaCheck::Wrong);
        QCOMPARE(backend().mfaStatus(subject(1)).result()->recoveryCodesLeft, recoveryCodeCount - 1);
        // Another customer's code is not this one's.
        Result<MfaCheck> otherOwner =
            sql.checkMfaCode(MfaOwner{MfaOwner::Kind::Customer, customerId(9)}, m_recoveryCodes.at(4)).result();
        QVERIFY(!otherOwner.ok()); // customer 9 has no factor on record
        QVERIFY(otherOwner.error().kind == ErrorKind::InvalidInput);
    }

    void regeneratingRecoveryCodesVoidsTheOldSet()
    {
        const QUuid id = customerId(1);
        const qint64 auditBefore = auditCount(id);
        Result<RecoveryCodeSet> fresh = backend().regenerateRecoveryCodes(subject(1)).result();
        QVERIFY2(fresh.ok(), qPrintable(detail(fresh)));
        QCOMPARE(fresh->codes.size(), recoveryCodeCount);
        for (const QString& code : fresh->codes)
            QVERIFY(!m_recoveryCodes.contains(code));
        QCOMPARE(backend().mfaStatus(subject(1)).result()->recoveryCodesLeft, recoveryCodeCount);
        const QStringList hashes = recoveryCodeHashes(id);
        QCOMPARE(hashes.size(), recoveryCodeCount);
        QVERIFY(!hashes.contains(recoveryCodeHash(id, m_recoveryCodes.at(5))));
        Result<MfaCheck> old = m_testBackend->direct()
                                   .checkMfaCode(MfaOwner{MfaOwner::Kind::Customer, id}, m_recoveryCodes.at(5))
                                   .result();
        QVERIFY(old.ok() && *old == MfaCheck::Wrong);

        const QList<AuditEvent> events = auditEvents(id);
        QCOMPARE(events.size(), auditBefore + 1);
        QCOMPARE(events.first().action, QStringLiteral("mfa.recovery_codes"));
        QCOMPARE(events.first().beforeState.toObject().value(QStringLiteral("recovery_codes_left")).toInt(),
                 recoveryCodeCount - 1);
        QVERIFY(!QJsonDocument(events.first().afterState.toObject()).toJson().contains(fresh->codes.first().toUtf8()));

        Result<RecoveryCodeSet> refused = backend().regenerateRecoveryCodes(subject(8)).result();
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().kind == ErrorKind::InvalidInput);
    }

    void wrongCodesAreLimitedPerEnrollment()
    {
        const QUuid id = customerId(8);
        Result<MfaEnrollment> started = backend().beginMfaEnrollment(subject(8)).result();
        QVERIFY2(started.ok(), qPrintable(detail(started)));
        const QString wrong = wrongCodeFor(started->secret);
        for (int left = mfaEnrollmentAttempts - 1; left >= 1; --left) {
            Result<MfaConfirmation> answer = backend().confirmMfaEnrollment(subject(8), started->id, wrong).result();
            QVERIFY2(answer.ok(), qPrintable(detail(answer)));
            QVERIFY(answer->outcome == MfaCodeOutcome::Wrong);
            QCOMPARE(answer->attemptsLeft, left);
        }
        // Malformed input counts as a wrong code and never matches.
        Result<MfaConfirmation> last =
            backend().confirmMfaEnrollment(subject(8), started->id, QStringLiteral("12345x")).result();
        QVERIFY2(last.ok(), qPrintable(detail(last)));
        QVERIFY(last->outcome == MfaCodeOutcome::TooManyAttempts);
        QCOMPARE(last->attemptsLeft, 0);
        QVERIFY(backend().mfaStatus(subject(8)).result()->state == MfaState::Off);
        QCOMPARE(auditEvents(id).first().action, QStringLiteral("mfa.enroll_void"));

        // Void: even the right code is refused now, and a new enrollment has a new secret.
        Result<MfaConfirmation> late =
            backend().confirmMfaEnrollment(subject(8), started->id, currentCode(started->secret)).result();
        QVERIFY(!late.ok());
        QVERIFY(late.error().kind == ErrorKind::Conflict);
        QVERIFY(!stored(id).mfaEnabled);
        Result<MfaEnrollment> again = backend().beginMfaEnrollment(subject(8)).result();
        QVERIFY2(again.ok(), qPrintable(detail(again)));
        QVERIFY(again->secret != started->secret);
        QCOMPARE(again->attemptsLeft, mfaEnrollmentAttempts);
    }

    void aNewerEnrollmentReplacesAPendingOne()
    {
        Result<MfaEnrollment> first = backend().beginMfaEnrollment(subject(10)).result();
        QVERIFY2(first.ok(), qPrintable(detail(first)));
        Result<MfaEnrollment> second = backend().beginMfaEnrollment(subject(10)).result();
        QVERIFY2(second.ok(), qPrintable(detail(second)));
        QVERIFY(first->id != second->id);
        Result<MfaConfirmation> stale =
            backend().confirmMfaEnrollment(subject(10), first->id, currentCode(first->secret)).result();
        QVERIFY(!stale.ok());
        QVERIFY(stale.error().kind == ErrorKind::Conflict);
        Result<MfaConfirmation> current =
            backend().confirmMfaEnrollment(subject(10), second->id, currentCode(second->secret)).result();
        QVERIFY2(current.ok(), qPrintable(detail(current)));
        QVERIFY(current->outcome == MfaCodeOutcome::Accepted);
    }

    void resetNeedsAReasonAndRemovesEverything()
    {
        const QUuid id = customerId(10);
        const Customer before = stored(id);
        QVERIFY(before.mfaEnabled);
        for (const QString& reason : {QString(), QStringLiteral("   "), QString(maxMfaReasonLength + 1, u'x')}) {
            Result<MfaStatus> refused = backend().resetMfa(subject(10), reason).result();
            QVERIFY(!refused.ok());
            QVERIFY(refused.error().kind == ErrorKind::InvalidInput);
        }
        QVERIFY(backend().mfaStatus(subject(10)).result()->state == MfaState::On);

        const QString reason = QStringLiteral("Lost phone; identity checked with ID document #4411");
        Result<MfaStatus> reset = backend().resetMfa(subject(10), reason).result();
        QVERIFY2(reset.ok(), qPrintable(detail(reset)));
        QVERIFY(reset->state == MfaState::Off);
        QVERIFY(backend().mfaStatus(subject(10)).result()->state == MfaState::Off);
        const Customer after = stored(id);
        QVERIFY(!after.mfaEnabled);
        QCOMPARE(after.version, before.version + 1);
        QVERIFY(recoveryCodeHashes(id).isEmpty());
        QCOMPARE(countRows(QStringLiteral("mfa_factors"), id), 0);
        const AuditEvent event = auditEvents(id).first();
        QCOMPARE(event.action, QStringLiteral("mfa.reset"));
        QCOMPARE(event.reason, reason);
        QCOMPARE(event.afterState.toObject().value(QStringLiteral("mfa_enabled")).toBool(true), false);

        Result<MfaStatus> again = backend().resetMfa(subject(10), reason).result();
        QVERIFY(!again.ok());
        QVERIFY(again.error().kind == ErrorKind::InvalidInput);

        // A customer whose MFA predates the console's factors can be reset as well.
        Result<MfaStatus> legacy = backend().resetMfa(subject(9), reason).result();
        QVERIFY2(legacy.ok(), qPrintable(detail(legacy)));
        QVERIFY(!stored(customerId(9)).mfaEnabled);
    }

    void refusedForDeletedCustomersAndOperatorsOfADatabase()
    {
        Result<MfaEnrollment> deleted = backend().beginMfaEnrollment(subject(6)).result();
        QVERIFY(!deleted.ok());
        QVERIFY(deleted.error().kind == ErrorKind::InvalidInput);
        Result<MfaStatus> self = backend().mfaStatus(MfaSubject::signedInOperator()).result();
        if (m_testBackend->isRest()) {
            QVERIFY2(self.ok(), qPrintable(detail(self)));
            QVERIFY(self->state == MfaState::Off);
        } else {
            QVERIFY(!self.ok());
            QVERIFY(self.error().kind == ErrorKind::InvalidInput);
        }
    }

    void aFailedAuditChangesNothing()
    {
        const QUuid id = customerId(11);
        Result<MfaEnrollment> started = backend().beginMfaEnrollment(subject(11)).result();
        QVERIFY2(started.ok(), qPrintable(detail(started)));
        const qint64 auditBefore = auditCount(id);
        refuseAuditAppends(true);
        Result<MfaConfirmation> confirmed =
            backend().confirmMfaEnrollment(subject(11), started->id, currentCode(started->secret)).result();
        Result<MfaEnrollment> restarted = backend().beginMfaEnrollment(subject(11)).result();
        refuseAuditAppends(false);
        QVERIFY(!confirmed.ok());
        QVERIFY(!restarted.ok());
        QCOMPARE(auditCount(id), auditBefore);
        Result<MfaStatus> status = backend().mfaStatus(subject(11)).result();
        QVERIFY(status.ok() && status->state == MfaState::Pending);
        QCOMPARE(status->attemptsLeft, mfaEnrollmentAttempts);
        QVERIFY(!stored(id).mfaEnabled);
        QVERIFY(recoveryCodeHashes(id).isEmpty());
        // The enrollment is still the one that was begun and can be finished.
        Result<MfaConfirmation> later =
            backend().confirmMfaEnrollment(subject(11), started->id, currentCode(started->secret)).result();
        QVERIFY2(later.ok(), qPrintable(detail(later)));
        QVERIFY(later->outcome == MfaCodeOutcome::Accepted);
    }

    void aWrongOrMissingKeyIsAClearErrorAndChangesNothing()
    {
        if (m_testBackend->isRest())
            QSKIP("the server's key is its configuration's: checked by tst_operator_mfa");
        SqlBackend& sql = m_testBackend->direct();
        Result<MfaEnrollment> started = backend().beginMfaEnrollment(subject(5)).result();
        QVERIFY2(started.ok(), qPrintable(detail(started)));

        const QByteArray right = test::TestBackend::mfaKey();
        sql.setMfaSecretKey(generateSecretKey().value());
        Result<MfaConfirmation> wrongKey =
            backend().confirmMfaEnrollment(subject(5), started->id, currentCode(started->secret)).result();
        // Another key never seals anything here: the database keeps one key's check value.
        Result<MfaEnrollment> otherKey = backend().beginMfaEnrollment(subject(4)).result();
        sql.setMfaSecretKey(QByteArray());
        Result<MfaEnrollment> noKey = backend().beginMfaEnrollment(subject(5)).result();
        sql.setMfaSecretKey(right);

        QVERIFY(!wrongKey.ok());
        QVERIFY(wrongKey.error().kind == ErrorKind::SecretKey);
        QVERIFY(!wrongKey.error().detail.contains(base32Encode(started->secret)));
        QVERIFY(!noKey.ok());
        QVERIFY(noKey.error().kind == ErrorKind::SecretKey);
        QVERIFY(!otherKey.ok());
        QVERIFY(otherKey.error().kind == ErrorKind::SecretKey);
        QVERIFY2(otherKey.error().detail.contains(QStringLiteral("another key")), qPrintable(otherKey.error().detail));
        QVERIFY(backend().mfaStatus(subject(4)).result()->state == MfaState::Off);
        QCOMPARE(countRows(QStringLiteral("mfa_factors"), customerId(4)), 0);
        // Nothing counted, nothing replaced: with the right key the enrollment goes on.
        Result<MfaStatus> status = backend().mfaStatus(subject(5)).result();
        QVERIFY(status.ok() && status->state == MfaState::Pending);
        QCOMPARE(status->attemptsLeft, mfaEnrollmentAttempts);
        Result<MfaConfirmation> confirmed =
            backend().confirmMfaEnrollment(subject(5), started->id, currentCode(started->secret)).result();
        QVERIFY2(confirmed.ok(), qPrintable(detail(confirmed)));
        QVERIFY(confirmed->outcome == MfaCodeOutcome::Accepted);

        // A sealed secret copied to another factor row does not open there.
        QVERIFY(executeDirect(
            QStringLiteral("UPDATE mfa_factors SET secret_encrypted = (SELECT secret_encrypted FROM "
                           "mfa_factors WHERE customer_id = '%1') WHERE customer_id = '%2'")
                .arg(customerId(5).toString(QUuid::WithoutBraces), customerId(1).toString(QUuid::WithoutBraces))));
        Result<MfaCheck> moved =
            sql.checkMfaCode(MfaOwner{MfaOwner::Kind::Customer, customerId(1)}, currentCode(started->secret)).result();
        QVERIFY(!moved.ok());
        QVERIFY(moved.error().kind == ErrorKind::SecretKey);
    }

    void theAuditChainStaysIntact()
    {
        Result<AuditChainReport> report = backend().verifyAuditChain().result();
        QVERIFY2(report.ok(), qPrintable(detail(report)));
        QVERIFY(report->intact);
    }

private:
    IdentityBackend& backend() { return m_testBackend->backend(); }

    static QUuid customerId(int fixture) { return test::fixtureCustomers().at(fixture).id; }
    static MfaSubject subject(int fixture) { return MfaSubject::customer(customerId(fixture)); }

    template <typename T>
    static QString detail(const Result<T>& result)
    {
        return result.ok() ? QString() : errorKindName(result.error().kind) + u": " + result.error().detail;
    }

    QString currentCode(const QByteArray& secret)
    {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        m_confirmStep = now / 30;
        return totpCode(secret, now).value();
    }

    /// A code that matches no step in the window around now.
    static QString wrongCodeFor(const QByteArray& secret)
    {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        for (int candidate = 0;; candidate += 111111) {
            const QString code = QStringLiteral("%1").arg(candidate % 1000000, 6, 10, QLatin1Char('0'));
            if (!totpMatchStep(secret, code, now, 2))
                return code;
        }
    }

    Customer stored(const QUuid& id) { return m_testBackend->direct().customer(id).result().value(); }

    QList<AuditEvent> auditEvents(const QUuid& customer)
    {
        AuditQuery query;
        query.customerId = customer;
        Result<AuditEventPage> page = m_testBackend->direct().auditEvents(query, {}, 500).result();
        return page.ok() ? page->items : QList<AuditEvent>();
    }

    qint64 auditCount(const QUuid& customer) { return auditEvents(customer).size(); }

    QVariantList column(const QString& sql)
    {
        return m_testBackend->direct()
            .pool()
            .run([sql](QSqlDatabase& db) -> Result<QVariantList> {
                QSqlQuery query(db);
                if (!query.exec(sql))
                    return makeError(ErrorKind::Storage, query.lastError().text());
                QVariantList values;
                while (query.next())
                    values << query.value(0);
                return values;
            })
            .result()
            .value();
    }

    QByteArray sealedSecret(const QUuid& factor)
    {
        const QVariantList values = column(QStringLiteral("SELECT secret_encrypted FROM mfa_factors WHERE id = '%1'")
                                               .arg(factor.toString(QUuid::WithoutBraces)));
        return values.isEmpty() ? QByteArray() : values.first().toByteArray();
    }

    QStringList recoveryCodeHashes(const QUuid& customer)
    {
        QStringList hashes;
        for (const QVariant& value :
             column(QStringLiteral("SELECT code_hash FROM recovery_codes WHERE customer_id = '%1' AND used_at IS NULL")
                        .arg(customer.toString(QUuid::WithoutBraces))))
            hashes << value.toString();
        return hashes;
    }

    int countRows(const QString& table, const QUuid& customer)
    {
        return column(QStringLiteral("SELECT COUNT(*) FROM %1 WHERE customer_id = '%2'")
                          .arg(table, customer.toString(QUuid::WithoutBraces)))
            .value(0)
            .toInt();
    }

    bool executeDirect(const QString& sql) { return m_testBackend->execute(sql); }
    void refuseAuditAppends(bool refuse) { QVERIFY(m_testBackend->refuseAuditAppends(refuse)); }

    QString m_backend;
    std::unique_ptr<test::TestBackend> m_testBackend;
    QByteArray m_secret;
    QStringList m_recoveryCodes;
    qint64 m_confirmStep = 0;
};

int main(int argc, char** argv)
{
    const QString backend = test::TestDatabase::takeBackendArgument(argc, argv);
    QCoreApplication app(argc, argv);
    TestMfa test(backend);
    return QTest::qExec(&test, argc, argv);
}

#include "tst_mfa.moc"
