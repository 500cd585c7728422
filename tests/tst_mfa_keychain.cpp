#include "ConnectionManager.h"
#include "CredentialStore.h"
#include "ProfileStore.h"
#include "SqlBackend.h"
#include "Totp.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace idc;

/// The key that seals a database profile's MFA secrets, end to end through the system keychain:
/// the console makes it when it first opens the profile, `identity-console mfa-key export`
/// prints it, and importing another key makes the secrets sealed before refuse to open with a
/// clear error (never a silent wrong code) until the right key is back. Without a keychain, MFA
/// actions say why they cannot run. Runs under tests/with-keychain.sh and without-keychain.sh.
class TestMfaKeychain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        const QString mode = qEnvironmentVariable("IDC_TEST_KEYCHAIN");
        if (mode != u"available" && mode != u"unavailable")
            QFAIL("run under tests/with-keychain.sh or tests/without-keychain.sh");
        m_keychain = mode == u"available";
        QVERIFY(m_dir.isValid());
        ConnectionProfile profile;
        profile.kind = BackendKind::Sqlite;
        profile.name = QStringLiteral("Shop copy");
        profile.sqlitePath = m_dir.filePath(QStringLiteral("shop.sqlite"));
        profile.operatorName = QStringLiteral("agent.smith");
        profile.id = m_profiles.save(profile);
        m_profile = profile;
        // A customer to enroll.
        SqlBackend setup(profile, QString());
        QVERIFY(setup.open().result().ok());
        QVERIFY(setup.pool()
                    .run([](QSqlDatabase& db) -> Status {
                        QSqlQuery query(db);
                        if (!query.exec(QStringLiteral(
                                "INSERT INTO customers (id, email, full_name, country, created_at, updated_at) VALUES "
                                "('0f0e0d0c-0b0a-4909-8807-060504030201', 'mira@example.com', 'Mira Keller', 'DE', "
                                "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')")))
                            return makeError(ErrorKind::Storage, query.lastError().text());
                        return Done{};
                    })
                    .result()
                    .ok());
    }

    void theConsoleKeepsItsKeyInTheKeychain()
    {
        ConnectionManager manager(&m_profiles, &m_credentials, m_dir.path());
        IdentityBackend* backend = openProfile(manager);
        QVERIFY(backend);

        // The key is read (or made) right after connecting; until then MFA waits for it.
        Result<MfaEnrollment> started = makeEnrollment(*backend);
        if (!m_keychain) {
            QVERIFY(!started.ok());
            QVERIFY(started.error().kind == ErrorKind::SecretKey);
            QVERIFY2(started.error().detail.contains(QStringLiteral("keychain")), qPrintable(started.error().detail));
            return;
        }
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().detail));
        m_secret = started->secret;
        m_enrollment = started->id;

        const QFuture<Result<QByteArray>> read = m_credentials.readMfaKey(m_profile.id);
        QVERIFY(waitFor(read));
        const Result<QByteArray> kept = read.result();
        QVERIFY2(kept.ok(), qPrintable(kept.ok() ? QString() : kept.error().detail));
        QCOMPARE(kept->size(), 32);
        m_key = kept.value();

        const auto [code, out, err] =
            console({QStringLiteral("mfa-key"), QStringLiteral("export"), QStringLiteral("--profile"), m_profile.name});
        QCOMPARE(code, 0);
        QCOMPARE(out.trimmed(), m_key.toHex());
    }

    void anotherKeyIsRefusedClearly()
    {
        if (!m_keychain)
            QSKIP("needs a keychain (tests/with-keychain.sh)");
        const QByteArray other = QByteArray(32, '\x5a');
        const auto importKey = [this](const QByteArray& input, bool force) {
            QStringList arguments{QStringLiteral("mfa-key"), QStringLiteral("import"), QStringLiteral("--profile"),
                                  m_profile.name};
            if (force)
                arguments << QStringLiteral("--force");
            return console(arguments, input);
        };
        // Over a different key only on purpose: what it sealed would stop opening.
        Run run = importKey(other.toHex() + '\n', false);
        QCOMPARE(run.code, 1);
        QVERIFY2(run.err.contains("--force"), run.err.constData());
        run = importKey(other.toHex() + '\n', true);
        QCOMPARE(run.code, 0);
        {
            ConnectionManager manager(&m_profiles, &m_credentials, m_dir.path());
            IdentityBackend* backend = openProfile(manager);
            QVERIFY(backend);
            Result<MfaConfirmation> refused = confirm(*backend);
            QVERIFY(!refused.ok());
            QVERIFY(refused.error().kind == ErrorKind::SecretKey);
            QVERIFY2(refused.error().detail.contains(QStringLiteral("another key")),
                     qPrintable(refused.error().detail));
            QVERIFY(!refused.error().detail.contains(base32Encode(m_secret)));
        }

        // Malformed keys are refused and change nothing.
        run = importKey(QByteArrayLiteral("not-a-key\n"), true);
        QCOMPARE(run.code, 1);
        QVERIFY(run.err.contains("64 hexadecimal digits"));

        run = importKey(m_key.toHex() + '\n', true);
        QCOMPARE(run.code, 0);
        ConnectionManager manager(&m_profiles, &m_credentials, m_dir.path());
        IdentityBackend* backend = openProfile(manager);
        QVERIFY(backend);
        Result<MfaConfirmation> accepted = confirm(*backend);
        QVERIFY2(accepted.ok(), qPrintable(accepted.ok() ? QString() : accepted.error().detail));
        QVERIFY(accepted->outcome == MfaCodeOutcome::Accepted);
    }

private:
    struct Run
    {
        int code;
        QByteArray out;
        QByteArray err;
    };

    IdentityBackend* openProfile(ConnectionManager& manager)
    {
        QSignalSpy connected(&manager, &ConnectionManager::connected);
        manager.open(m_profile);
        if (!connected.wait(10000))
            return nullptr;
        return manager.backend();
    }

    /// Calls `call` until the backend has its key: it is read (or made) right after connecting,
    /// and the keychain answers within a second or so (one retry when it is missing).
    template <typename Call>
    static auto onceTheKeyIsRead(Call call)
    {
        auto result = call();
        for (int i = 0; i < 40 && !result.ok() && result.error().detail.contains(QStringLiteral("still being read"));
             ++i) {
            QTest::qWait(100);
            result = call();
        }
        return result;
    }

    Result<MfaEnrollment> makeEnrollment(IdentityBackend& backend)
    {
        return onceTheKeyIsRead([&] { return backend.beginMfaEnrollment(MfaSubject::customer(customer())).result(); });
    }

    Result<MfaConfirmation> confirm(IdentityBackend& backend)
    {
        return onceTheKeyIsRead([&] {
            return backend
                .confirmMfaEnrollment(MfaSubject::customer(customer()), m_enrollment,
                                      totpCode(m_secret, QDateTime::currentSecsSinceEpoch()).value())
                .result();
        });
    }

    static QUuid customer() { return QUuid(QStringLiteral("0f0e0d0c-0b0a-4909-8807-060504030201")); }

    template <typename T>
    static bool waitFor(const QFuture<T>& future)
    {
        QDeadlineTimer deadline(10000);
        while (!future.isFinished() && !deadline.hasExpired())
            QTest::qWait(20);
        return future.isFinished();
    }

    Run console(const QStringList& arguments, const QByteArray& input = {})
    {
        QProcess process;
        process.start(QStringLiteral(IDC_CONSOLE_PATH), arguments);
        process.write(input);
        process.closeWriteChannel();
        if (!process.waitForFinished(30000))
            return {-1, {}, "timed out"};
        return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
    }

    bool m_keychain = false;
    QTemporaryDir m_dir;
    ProfileStore m_profiles;
    CredentialStore m_credentials;
    ConnectionProfile m_profile;
    QByteArray m_key;
    QByteArray m_secret;
    QUuid m_enrollment;
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    // The console's own names: the verbs it runs read the same settings and keychain entries.
    QCoreApplication::setOrganizationName(QStringLiteral("IdentityConsole"));
    QCoreApplication::setApplicationName(QStringLiteral("identity-console"));
    TestMfaKeychain test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_mfa_keychain.moc"
