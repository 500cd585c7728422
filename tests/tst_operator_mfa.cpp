#include "ApiServerProcess.h"
#include "CustomerFixtures.h"
#include "OperatorRole.h"
#include "RestBackend.h"
#include "SecretBox.h"
#include "SqlBackend.h"
#include "TestDatabase.h"
#include "Totp.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace idc;

/// An operator turns on TOTP MFA for their own API sign-in over the reference server (RestBackend
/// → identity-api-server → PostgreSQL): enrollment with a wrong and then a right first code; sign-in
/// needs a code, refuses wrong and replayed ones, takes a recovery code once; regenerated codes void
/// the old ones; a server with another key answers SecretKey instead of a wrong code; the command
/// line resets a lost factor. A support agent manages a customer's factor. Neither the secret nor a
/// code ever reaches the server's logs.
class TestOperatorMfa : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_database = std::make_unique<test::TestDatabase>(QStringLiteral("postgresql"));
        QVERIFY2(m_database->isValid(), qPrintable(m_database->error()));
        m_direct = std::make_unique<SqlBackend>(m_database->profile(), m_database->password());
        Result<BackendInfo> opened = m_direct->open().result();
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().detail));
        QVERIFY(test::insertFixtures(m_direct->pool()).ok());
        m_server = std::make_unique<test::ApiServerProcess>(m_database->profile(), m_database->password());
        QVERIFY(m_server->addOperator(agentName(), QStringLiteral("support_agent"), password()).ok());
        // Failed sign-ins are this test's subject: throttling would only get in the way.
        Status started = m_server->start({QStringLiteral("--login-failures-per-user"), QStringLiteral("1000"),
                                          QStringLiteral("--login-failures-per-address"), QStringLiteral("1000")});
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().detail));
        QVERIFY(QFile::exists(m_server->mfaKeyFile()));
        QCOMPARE(m_server->mfaKey().size(), 32);
    }

    void everyRoleMayManageMfa()
    {
        QProcess routes;
        routes.start(test::ApiServerProcess::executable(), {QStringLiteral("routes")});
        QVERIFY(routes.waitForFinished(30000));
        const QStringList lines = QString::fromUtf8(routes.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
        const QString all = QStringLiteral(" roles=support_agent,security_officer,admin");
        for (const QString& route :
             {QStringLiteral("GET /api/v1/customers/{id}/mfa"),
              QStringLiteral("POST /api/v1/customers/{id}/mfa/enrollment"),
              QStringLiteral("POST /api/v1/customers/{id}/mfa/enrollment/confirm"),
              QStringLiteral("POST /api/v1/customers/{id}/mfa/recovery-codes"),
              QStringLiteral("POST /api/v1/customers/{id}/mfa/reset"), QStringLiteral("GET /api/v1/auth/mfa"),
              QStringLiteral("POST /api/v1/auth/mfa/enrollment"),
              QStringLiteral("POST /api/v1/auth/mfa/enrollment/confirm"),
              QStringLiteral("POST /api/v1/auth/mfa/recovery-codes"), QStringLiteral("POST /api/v1/auth/mfa/reset")})
            QVERIFY2(lines.contains(route + all), qPrintable(route));
        QVERIFY(roleAllows(OperatorRole::SupportAgent, Permission::CustomersMfa));
        QCOMPARE(toString(Permission::CustomersMfa), QStringLiteral("customers.mfa"));
    }

    void enrollOwnFactor()
    {
        RestBackend rest(m_server->restProfile());
        Result<LoginGrant> grant = rest.login(agentName(), password()).result();
        QVERIFY2(grant.ok(), qPrintable(detail(grant)));
        QVERIFY(!grant->operatorInfo.mfaEnabled);

        Result<MfaStatus> off = rest.mfaStatus(MfaSubject::signedInOperator()).result();
        QVERIFY2(off.ok(), qPrintable(detail(off)));
        QVERIFY(off->state == MfaState::Off);

        Result<MfaEnrollment> started = rest.beginMfaEnrollment(MfaSubject::signedInOperator()).result();
        QVERIFY2(started.ok(), qPrintable(detail(started)));
        QCOMPARE(started->secret.size(), totpSecretLength);
        QCOMPARE(started->accountLabel, agentName());
        QCOMPARE(started->digits, 6);
        QCOMPARE(started->period, 30);
        QCOMPARE(started->attemptsLeft, mfaEnrollmentAttempts);
        m_secret = started->secret;
        m_base32 = base32Encode(m_secret);

        // Until it is confirmed, a password alone still signs in.
        Result<MfaStatus> pending = rest.mfaStatus(MfaSubject::signedInOperator()).result();
        QVERIFY(pending.ok() && pending->state == MfaState::Pending);

        Result<MfaConfirmation> wrong =
            rest.confirmMfaEnrollment(MfaSubject::signedInOperator(), started->id, wrongCode()).result();
        QVERIFY2(wrong.ok(), qPrintable(detail(wrong)));
        QVERIFY(wrong->outcome == MfaCodeOutcome::Wrong);
        QCOMPARE(wrong->attemptsLeft, mfaEnrollmentAttempts - 1);
        QVERIFY(wrong->recoveryCodes.isEmpty());

        const QString right = freshCode();
        m_codesUsed << right;
        Result<MfaConfirmation> confirmed =
            rest.confirmMfaEnrollment(MfaSubject::signedInOperator(), started->id, right).result();
        QVERIFY2(confirmed.ok(), qPrintable(detail(confirmed)));
        QVERIFY(confirmed->outcome == MfaCodeOutcome::Accepted);
        QCOMPARE(confirmed->recoveryCodes.size(), recoveryCodeCount);
        m_recoveryCodes = confirmed->recoveryCodes;

        Result<MfaStatus> on = rest.mfaStatus(MfaSubject::signedInOperator()).result();
        QVERIFY2(on.ok(), qPrintable(detail(on)));
        QVERIFY(on->state == MfaState::On);
        QCOMPARE(on->recoveryCodesLeft, recoveryCodeCount);
        QVERIFY(on->recoveryCodesCreatedAt.isValid());
        Result<OperatorInfo> me = rest.currentOperator().result();
        QVERIFY(me.ok() && me->mfaEnabled);
    }

    void signInNeedsAFreshCode()
    {
        QVERIFY(!m_secret.isEmpty());
        Result<LoginGrant> none = login();
        QVERIFY(!none.ok());
        QVERIFY(none.error().kind == ErrorKind::MfaRequired);

        Result<LoginGrant> wrong = login(wrongCode());
        QVERIFY(!wrong.ok());
        QVERIFY(wrong.error().kind == ErrorKind::Unauthorized);

        const QString code = freshCode();
        m_codesUsed << code;
        // Typed as apps show it, with a space in the middle.
        Result<LoginGrant> signedIn = login(code.left(3) + u' ' + code.mid(3));
        QVERIFY2(signedIn.ok(), qPrintable(detail(signedIn)));
        QVERIFY(signedIn->operatorInfo.mfaEnabled);

        // The same code again: its time step is used.
        Result<LoginGrant> replayed = login(code);
        QVERIFY(!replayed.ok());
        QVERIFY(replayed.error().kind == ErrorKind::Unauthorized);

        // A recovery code works once.
        const QString recovery = m_recoveryCodes.at(0);
        Result<LoginGrant> recovered = login(recovery);
        QVERIFY2(recovered.ok(), qPrintable(detail(recovered)));
        Result<LoginGrant> again = login(recovery);
        QVERIFY(!again.ok());
        QVERIFY(again.error().kind == ErrorKind::Unauthorized);

        RestBackend rest(m_server->restProfile());
        rest.setToken(recovered->token);
        Result<MfaStatus> status = rest.mfaStatus(MfaSubject::signedInOperator()).result();
        QVERIFY2(status.ok(), qPrintable(detail(status)));
        QCOMPARE(status->recoveryCodesLeft, recoveryCodeCount - 1);
        m_token = recovered->token;
    }

    void regeneratedCodesVoidTheOldOnes()
    {
        RestBackend rest(m_server->restProfile());
        rest.setToken(m_token);
        Result<RecoveryCodeSet> fresh = rest.regenerateRecoveryCodes(MfaSubject::signedInOperator()).result();
        QVERIFY2(fresh.ok(), qPrintable(detail(fresh)));
        QCOMPARE(fresh->codes.size(), recoveryCodeCount);
        for (const QString& code : fresh->codes)
            QVERIFY(!m_recoveryCodes.contains(code));
        QCOMPARE(rest.mfaStatus(MfaSubject::signedInOperator()).result()->recoveryCodesLeft, recoveryCodeCount);

        Result<LoginGrant> old = login(m_recoveryCodes.at(1));
        QVERIFY(!old.ok());
        QVERIFY(old.error().kind == ErrorKind::Unauthorized);
        m_allRecoveryCodes = m_recoveryCodes + fresh->codes;
        m_recoveryCodes = fresh->codes;
    }

    void anotherKeyIsAClearErrorNotAWrongCode()
    {
        QVERIFY(!m_secret.isEmpty());
        m_server->standardError(); // keep what the first run wrote
        m_server->kill();
        const QString otherKeyFile = m_keyDir.filePath(QStringLiteral("other.key"));
        QVERIFY(test::ApiServerProcess::writeMfaKeyFile(otherKeyFile, generateSecretKey().value()).ok());
        // The default throttle (5 failures per user): a misconfigured key must not lock anyone out.
        Status restarted = m_server->start({QStringLiteral("--mfa-key-file"), otherKeyFile});
        QVERIFY2(restarted.ok(), qPrintable(restarted.ok() ? QString() : restarted.error().detail));

        const QString code = freshCode();
        m_codesUsed << code;
        Result<LoginGrant> refused = login(code);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().kind == ErrorKind::SecretKey, qPrintable(detail(refused)));
        QVERIFY(!refused.error().detail.contains(m_base32));
        for (int attempt = 0; attempt < 6; ++attempt) {
            Result<LoginGrant> again = login(code);
            QVERIFY2(!again.ok() && again.error().kind == ErrorKind::SecretKey, qPrintable(detail(again)));
        }

        // The server says why, once, without the secret or the code.
        QTRY_VERIFY_WITH_TIMEOUT(m_server->standardError().contains("MFA secret"), 5000);
        verifyLogsHoldNoSecret();

        // Back to the right key for what follows.
        m_server->standardError();
        m_server->kill();
        restarted = m_server->start({QStringLiteral("--login-failures-per-user"), QStringLiteral("1000"),
                                     QStringLiteral("--login-failures-per-address"), QStringLiteral("1000")});
        QVERIFY2(restarted.ok(), qPrintable(restarted.ok() ? QString() : restarted.error().detail));
    }

    void aKeyFileThatIsNotAKeyStopsTheServer_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("too short") << QByteArray(62, 'a');
        QTest::newRow("too long") << QByteArray(66, 'a');
        QTest::newRow("not hex") << QByteArray(63, 'a') + 'g';
        QTest::newRow("raw bytes") << QByteArray(32, '\x01');
    }

    void aKeyFileThatIsNotAKeyStopsTheServer()
    {
        QFETCH(QByteArray, content);
        const QString path = m_keyDir.filePath(QStringLiteral("bad.key"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(content);
        file.close();
        QProcess server;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("IDC_DB_PASSWORD"), m_database->password());
        server.setProcessEnvironment(env);
        server.start(test::ApiServerProcess::executable(),
                     QStringList{QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                                 QStringLiteral("--mfa-key-file"), path} +
                         test::ApiServerProcess::databaseArguments(m_database->profile()));
        QVERIFY(server.waitForFinished(30000));
        QCOMPARE(server.exitCode(), 1);
        const QString error = QString::fromUtf8(server.readAllStandardError());
        QVERIFY2(error.contains(path) && error.contains(u"64 hexadecimal characters"), qPrintable(error));
        QVERIFY(server.readAllStandardOutput().isEmpty()); // never listened
    }

    void theCommandLineResetsALostFactor()
    {
        QProcess reset;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("IDC_DB_PASSWORD"), m_database->password());
        reset.setProcessEnvironment(env);
        const QStringList arguments =
            QStringList{QStringLiteral("operator"), QStringLiteral("reset-mfa"), agentName()} +
            test::ApiServerProcess::databaseArguments(m_database->profile());
        reset.start(test::ApiServerProcess::executable(), arguments);
        QVERIFY(reset.waitForFinished(60000));
        QVERIFY2(reset.exitCode() == 0, reset.readAllStandardError().constData());

        // The password alone signs in again.
        Result<LoginGrant> signedIn = login();
        QVERIFY2(signedIn.ok(), qPrintable(detail(signedIn)));
        QVERIFY(!signedIn->operatorInfo.mfaEnabled);

        AuditQuery query;
        query.actor = QStringLiteral("identity-api-server");
        query.action = QStringLiteral("mfa.reset");
        Result<AuditEventPage> events = m_direct->auditEvents(query, {}, 10).result();
        QVERIFY2(events.ok(), qPrintable(detail(events)));
        QCOMPARE(events->items.size(), 1);
        QCOMPARE(events->items.first().reason, QStringLiteral("reset from the server's command line"));

        // Nothing left to reset: a clear failure.
        QProcess again;
        again.setProcessEnvironment(env);
        again.start(test::ApiServerProcess::executable(), arguments);
        QVERIFY(again.waitForFinished(60000));
        QCOMPARE(again.exitCode(), 1);
        QProcess unknown;
        unknown.setProcessEnvironment(env);
        unknown.start(test::ApiServerProcess::executable(),
                      QStringList{QStringLiteral("operator"), QStringLiteral("reset-mfa"), QStringLiteral("nobody")} +
                          test::ApiServerProcess::databaseArguments(m_database->profile()));
        QVERIFY(unknown.waitForFinished(60000));
        QCOMPARE(unknown.exitCode(), 1);
        QVERIFY(unknown.readAllStandardError().contains("no operator 'nobody'"));
    }

    void aSupportAgentManagesACustomersFactor()
    {
        RestBackend rest(m_server->restProfile());
        Result<LoginGrant> grant = rest.login(agentName(), password()).result();
        QVERIFY2(grant.ok(), qPrintable(detail(grant)));
        const Customer customer = test::fixtureCustomers().at(1);
        const MfaSubject subject = MfaSubject::customer(customer.id);

        Result<MfaEnrollment> started = rest.beginMfaEnrollment(subject).result();
        QVERIFY2(started.ok(), qPrintable(detail(started)));
        QCOMPARE(started->accountLabel, customer.email);
        QCOMPARE(started->secret.size(), totpSecretLength);
        const QString base32 = base32Encode(started->secret);
        const QString code = totpCode(started->secret, QDateTime::currentSecsSinceEpoch()).value();
        Result<MfaConfirmation> confirmed = rest.confirmMfaEnrollment(subject, started->id, code).result();
        QVERIFY2(confirmed.ok(), qPrintable(detail(confirmed)));
        QVERIFY(confirmed->outcome == MfaCodeOutcome::Accepted);
        QCOMPARE(confirmed->recoveryCodes.size(), recoveryCodeCount);
        Result<MfaStatus> on = rest.mfaStatus(subject).result();
        QVERIFY(on.ok() && on->state == MfaState::On);

        Result<RecoveryCodeSet> codes = rest.regenerateRecoveryCodes(subject).result();
        QVERIFY2(codes.ok(), qPrintable(detail(codes)));
        QCOMPARE(codes->codes.size(), recoveryCodeCount);

        Result<MfaStatus> reset =
            rest.resetMfa(subject, QStringLiteral("Lost phone; identity checked by a call-back")).result();
        QVERIFY2(reset.ok(), qPrintable(detail(reset)));
        QVERIFY(reset->state == MfaState::Off);

        // Audited as the support agent.
        AuditQuery query;
        query.customerId = customer.id;
        query.actor = agentName();
        Result<AuditEventPage> events = m_direct->auditEvents(query, {}, 10).result();
        QVERIFY2(events.ok(), qPrintable(detail(events)));
        QStringList actions;
        for (const AuditEvent& event : events->items)
            actions << event.action;
        QCOMPARE(actions, (QStringList{QStringLiteral("mfa.reset"), QStringLiteral("mfa.recovery_codes"),
                                       QStringLiteral("mfa.confirm"), QStringLiteral("mfa.enroll")}));

        Result<MfaStatus> unknown = rest.mfaStatus(MfaSubject::customer(QUuid::createUuid())).result();
        QVERIFY(!unknown.ok());
        QVERIFY(unknown.error().kind == ErrorKind::NotFound);

        m_codesUsed << code;
        m_allRecoveryCodes << confirmed->recoveryCodes << codes->codes;
        m_otherSecrets << base32;
        verifyLogsHoldNoSecret();
        m_customerToken = grant->token;
    }

    void malformedRequests()
    {
        QVERIFY(!m_customerToken.isEmpty());
        const QString customer = test::fixtureCustomers().at(2).id.toString(QUuid::WithoutBraces);
        const auto post = [&](const QString& path, const QByteArray& body) {
            QUrl url = m_server->baseUrl();
            url.setPath(path);
            QNetworkRequest request(url);
            request.setRawHeader("Authorization", "Bearer " + m_customerToken);
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            QNetworkReply* reply = m_network.post(request, body);
            QSignalSpy finished(reply, &QNetworkReply::finished);
            if (!reply->isFinished())
                finished.wait(30000);
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QString type =
                QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("type")).toString();
            reply->deleteLater();
            return std::pair{status, type};
        };
        const QString base = QStringLiteral("/api/v1/customers/%1/mfa").arg(customer);
        QCOMPARE(post(base + QStringLiteral("/enrollment/confirm"), "{"),
                 (std::pair{400, QStringLiteral("urn:identity-console:problem:malformed-body")}));
        QCOMPARE(post(base + QStringLiteral("/enrollment/confirm"), "{}"),
                 (std::pair{422, QStringLiteral("urn:identity-console:problem:invalid-parameter")}));
        QCOMPARE(post(base + QStringLiteral("/reset"), "[]"),
                 (std::pair{400, QStringLiteral("urn:identity-console:problem:malformed-body")}));
        QCOMPARE(post(base + QStringLiteral("/reset"), R"({"reason": 7})"),
                 (std::pair{422, QStringLiteral("urn:identity-console:problem:invalid-parameter")}));
        QCOMPARE(post(QStringLiteral("/api/v1/customers/not-a-uuid/mfa/enrollment"), QByteArray()),
                 (std::pair{404, QStringLiteral("urn:identity-console:problem:not-found")}));
        // A confirmation of an enrollment that never was: a conflict, not a wrong code.
        const QByteArray unknownEnrollment =
            QJsonDocument(
                QJsonObject{{QStringLiteral("enrollment_id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                            {QStringLiteral("code"), QStringLiteral("123456")}})
                .toJson();
        QCOMPARE(post(base + QStringLiteral("/enrollment/confirm"), unknownEnrollment).first, 409);
    }

    void withoutAKeyMfaAnswersSecretKey()
    {
        m_server->standardError();
        m_server->kill();
        // An empty file name: no key at all.
        Status restarted = m_server->start({QStringLiteral("--mfa-key-file"), QString()});
        QVERIFY2(restarted.ok(), qPrintable(restarted.ok() ? QString() : restarted.error().detail));
        QTRY_VERIFY_WITH_TIMEOUT(m_server->standardError().contains("no --mfa-key-file"), 5000);
        RestBackend rest(m_server->restProfile());
        QVERIFY(rest.login(agentName(), password()).result().ok());
        const MfaSubject subject = MfaSubject::customer(test::fixtureCustomers().at(1).id); // reset above
        Result<MfaEnrollment> started = rest.beginMfaEnrollment(subject).result();
        QVERIFY(!started.ok());
        QVERIFY2(started.error().kind == ErrorKind::SecretKey, qPrintable(detail(started)));
        Result<MfaStatus> status = rest.mfaStatus(subject).result();
        QVERIFY2(status.ok(), qPrintable(detail(status))); // reading the state needs no key
        QVERIFY(status->state == MfaState::Off);
        verifyLogsHoldNoSecret();
    }

    void cleanupTestCase()
    {
        m_server.reset();
        m_direct.reset();
        m_database.reset();
    }

private:
    static QString agentName() { return QStringLiteral("mara"); }
    static QString password() { return QStringLiteral("mara's long passphrase 8841"); }

    template <typename T>
    static QString detail(const Result<T>& result)
    {
        return result.ok() ? QString() : errorKindName(result.error().kind) + u": " + result.error().detail;
    }

    Result<LoginGrant> login(const QString& code = {})
    {
        RestBackend rest(m_server->restProfile());
        return rest.login(agentName(), password(), code).result();
    }

    /// A code of m_secret for a time step after the last one used (within the ±1 window the server
    /// allows), waiting for the clock when it must.
    QString freshCode()
    {
        qint64 now = QDateTime::currentSecsSinceEpoch();
        qint64 step = std::max(m_lastStep + 1, now / 30);
        while (step > now / 30 + 1) {
            QTest::qWait(1000);
            now = QDateTime::currentSecsSinceEpoch();
        }
        // Not the very end of the window: the server's clock reads a moment later.
        if (step == now / 30 + 1 && now % 30 >= 28) {
            QTest::qWait(3000);
            now = QDateTime::currentSecsSinceEpoch();
            step = std::max(m_lastStep + 1, now / 30);
        }
        m_lastStep = step;
        return totpCode(m_secret, step * 30).value();
    }

    /// Six digits that are the code of no step the server might accept now.
    QString wrongCode() const
    {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QStringList near;
        for (qint64 offset = -90; offset <= 90; offset += 30)
            near << totpCode(m_secret, now + offset).value();
        for (int n = 0;; ++n) {
            const QString candidate = QStringLiteral("%1").arg(n * 7919 % 1000000, 6, 10, QChar(u'0'));
            if (!near.contains(candidate))
                return candidate;
        }
    }

    /// The server's stderr and access log name neither a secret (base32) nor a code.
    void verifyLogsHoldNoSecret()
    {
        QFile accessLog(m_server->accessLogPath());
        QVERIFY(accessLog.open(QIODevice::ReadOnly));
        const QByteArray logs = accessLog.readAll() + m_server->standardError();
        QVERIFY(logs.contains("/mfa")); // the log is the one of these requests
        QStringList secrets = m_otherSecrets;
        if (!m_base32.isEmpty())
            secrets << m_base32 << groupedKey(m_base32);
        for (const QString& secret : std::as_const(secrets))
            QVERIFY2(!logs.contains(secret.toLatin1()), "a secret in the server's logs");
        for (const QString& code : m_codesUsed + m_allRecoveryCodes + m_recoveryCodes)
            QVERIFY2(!logs.contains(code.toLatin1()), qPrintable(QStringLiteral("a code in the logs: ") + code));
    }

    std::unique_ptr<test::TestDatabase> m_database;
    std::unique_ptr<SqlBackend> m_direct; // migrations, fixtures, reading the audit trail
    std::unique_ptr<test::ApiServerProcess> m_server;
    QTemporaryDir m_keyDir;
    QNetworkAccessManager m_network;
    QByteArray m_secret; // the operator's
    QString m_base32;
    QStringList m_otherSecrets;
    qint64 m_lastStep = -1;
    QStringList m_codesUsed;
    QStringList m_recoveryCodes;
    QStringList m_allRecoveryCodes;
    QByteArray m_token;
    QByteArray m_customerToken;
};

QTEST_GUILESS_MAIN(TestOperatorMfa)

#include "tst_operator_mfa.moc"
