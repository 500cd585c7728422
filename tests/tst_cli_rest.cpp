#include "CustomerFixtures.h"
#include "SqlBackend.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace idc;

/// The console's command-line verbs against the reference API server that run-tests.sh starts
/// (IDC_TEST_API_URL, IDC_TEST_API_USER/_PASSWORD; its database IDC_TEST_API_DATABASE on the
/// throwaway PostgreSQL). Without that server the test fails: it never passes by skipping.
class TestCliRest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_url = qEnvironmentVariable("IDC_TEST_API_URL");
        QVERIFY2(!m_url.isEmpty(), "IDC_TEST_API_URL is not set: run the tests through run-tests.sh, which starts "
                                   "the reference API server");
        // The server's database gets the fixtures once (the same run may repeat this test).
        ConnectionProfile database;
        database.id = QUuid::createUuid();
        database.kind = BackendKind::PostgreSql;
        database.host = qEnvironmentVariable("IDC_TEST_PG_HOST");
        database.port = qEnvironmentVariableIntValue("IDC_TEST_PG_PORT");
        database.user = qEnvironmentVariable("IDC_TEST_PG_USER");
        database.database = qEnvironmentVariable("IDC_TEST_API_DATABASE");
        database.sslMode = QStringLiteral("disable");
        SqlBackend direct(database, qEnvironmentVariable("IDC_TEST_PG_PASSWORD"));
        QVERIFY(direct.open().result().ok());
        Result<CustomerCount> count = direct.countCustomers(CustomerQuery{}, 1).result();
        QVERIFY(count.ok());
        if (count->count == 0)
            QVERIFY(test::insertFixtures(direct.pool()).ok());

        // A console home with one REST profile and no keychain (so nothing is remembered).
        QVERIFY(m_home.isValid());
        QSettings settings(m_home.filePath(QStringLiteral(".config/IdentityConsole/identity-console.conf")),
                           QSettings::IniFormat);
        const QString group = QStringLiteral("profiles/") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        settings.setValue(group + QStringLiteral("/name"), QStringLiteral("api"));
        settings.setValue(group + QStringLiteral("/kind"), QStringLiteral("rest"));
        settings.setValue(group + QStringLiteral("/baseUrl"), m_url);
        settings.setValue(group + QStringLiteral("/user"), qEnvironmentVariable("IDC_TEST_API_USER"));
        settings.sync();
    }

    void searchSignsInWithThePasswordOnStdin()
    {
        const auto [exitCode, out, err] =
            console({QStringLiteral("search"), QStringLiteral("bob br"), QStringLiteral("--profile"),
                     QStringLiteral("api"), QStringLiteral("--password-stdin")},
                    qEnvironmentVariable("IDC_TEST_API_PASSWORD"));
        QVERIFY2(exitCode == 0, err.constData());
        const QList<QByteArray> lines = out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        for (const QByteArray& line : lines)
            QVERIFY(line.contains("Bob Brown"));
        // The CLI masks e-mail addresses, as the window does until Reveal.
        QVERIFY(!out.contains("bob.brown"));
        QVERIFY(out.contains("\u2022"));
    }

    void wrongPasswordFailsWithAMessage()
    {
        const auto [exitCode, out, err] =
            console({QStringLiteral("search"), QStringLiteral("bob"), QStringLiteral("--profile"),
                     QStringLiteral("api"), QStringLiteral("--password-stdin")},
                    QStringLiteral("certainly not the password"));
        QVERIFY(exitCode != 0);
        QVERIFY(out.isEmpty());
        QVERIFY2(err.contains("not accepted"), err.constData());
    }

    void profilesListsTheServer()
    {
        const auto [exitCode, out, err] = console({QStringLiteral("profiles")}, {});
        QCOMPARE(exitCode, 0);
        QVERIFY(out.contains(QByteArray(QByteArray("api\trest\t") + m_url.toUtf8())));
    }

    void serverLoggedTheOperatorAndNoSecret()
    {
        QFile log(qEnvironmentVariable("IDC_TEST_API_ACCESS_LOG"));
        QVERIFY2(log.open(QIODevice::ReadOnly), "IDC_TEST_API_ACCESS_LOG is not readable");
        const QByteArray text = log.readAll();
        const QByteArray user = qEnvironmentVariable("IDC_TEST_API_USER").toUtf8();
        QVERIFY(text.contains("GET /api/v1/customers 200 "));
        QVERIFY(text.contains(QByteArray(QByteArray("operator=") + user)));
        QVERIFY(text.contains("POST /api/v1/auth/login 401 "));
        // A verb that signed in signs out again: no token outlives the run.
        QVERIFY(text.contains("POST /api/v1/auth/logout 204 "));
        QVERIFY(!text.contains(qEnvironmentVariable("IDC_TEST_API_PASSWORD").toUtf8()));
        QVERIFY(!text.contains("bob")); // search text stays out of the log
    }

private:
    struct Run
    {
        int exitCode;
        QByteArray out;
        QByteArray err;
    };

    Run console(const QStringList& arguments, const QString& stdinLine)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral(".config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral(".local/share")));
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent"));
        env.remove(QStringLiteral("DISPLAY"));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(IDC_CONSOLE_PATH), arguments);
        if (!stdinLine.isNull())
            process.write(stdinLine.toUtf8() + '\n');
        process.closeWriteChannel();
        if (!process.waitForFinished(60000))
            return {-1, {}, "timed out"};
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
                process.readAllStandardError()};
    }

    QString m_url;
    QTemporaryDir m_home;
};

QTEST_GUILESS_MAIN(TestCliRest)
#include "tst_cli_rest.moc"
