#include "ExportManifest.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace idc;

/// `identity-console verify MANIFEST [--trusted-key PEM]` as a script runs it: a clean export
/// verifies (exit 0); a changed byte, a changed manifest field, another signer or a missing file
/// fail (exit 1) and say which. `signing-key export` (with a keychain) gives the same public key
/// every time, made on first use, and verify trusts it. Runs under tests/with-keychain.sh.
class TestCliVerify : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_key = generateSigningKey().value();
        const Run exported = console({QStringLiteral("signing-key"), QStringLiteral("export")});
        QVERIFY2(exported.code == 0, exported.err.constData());
        const Run again = console({QStringLiteral("signing-key"), QStringLiteral("export")});
        QCOMPARE(again.out, exported.out); // kept in the keychain, not made again
        Result<QByteArray> consoleKey = publicKeyFromPem(QString::fromLatin1(exported.out));
        QVERIFY2(consoleKey.ok(), exported.out.constData());
        m_consoleKeyPem = m_dir.filePath(QStringLiteral("console.pem"));
        QVERIFY(write(m_consoleKeyPem, exported.out));
        m_otherKeyPem = m_dir.filePath(QStringLiteral("other.pem"));
        QVERIFY(write(m_otherKeyPem, publicKeyPem(m_key.publicKey32).toLatin1()));
    }

    void aCleanExportVerifies()
    {
        const QString manifest = makeExport(QStringLiteral("clean.csv"));
        const Run run = console({QStringLiteral("verify"), manifest});
        QCOMPARE(run.code, 0);
        QVERIFY2(run.out.startsWith("verified: clean.csv, 3 rows"), run.out.constData());
        const Run trusted =
            console({QStringLiteral("verify"), manifest, QStringLiteral("--trusted-key"), m_otherKeyPem});
        QCOMPARE(trusted.code, 0);
        QVERIFY(trusted.out.contains("(the trusted key)"));
    }

    void tamperingIsNamed_data()
    {
        QTest::addColumn<QString>("tamper");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("one byte") << QStringLiteral("byte") << QByteArray("SHA-256");
        QTest::newRow("manifest field") << QStringLiteral("rows") << QByteArray("signature");
        QTest::newRow("missing file") << QStringLiteral("remove") << QByteArray("missing");
        QTest::newRow("another signer") << QStringLiteral("trust") << QByteArray("not the trusted key");
        QTest::newRow("not a manifest") << QStringLiteral("garbage") << QByteArray("verify:");
    }

    void tamperingIsNamed()
    {
        QFETCH(QString, tamper);
        QFETCH(QByteArray, expected);
        const QString name = tamper + QStringLiteral(".csv");
        const QString manifest = makeExport(name);
        QStringList arguments{QStringLiteral("verify"), manifest};
        const QString data = m_dir.filePath(name);
        if (tamper == u"byte") {
            QByteArray bytes = read(data);
            bytes[5] = bytes[5] == 'x' ? 'y' : 'x';
            QVERIFY(write(data, bytes));
        } else if (tamper == u"rows") {
            QVERIFY(write(manifest, read(manifest).replace("\"rows\": 3", "\"rows\": 2")));
        } else if (tamper == u"remove") {
            QVERIFY(QFile::remove(data));
        } else if (tamper == u"trust") {
            arguments << QStringLiteral("--trusted-key") << m_consoleKeyPem;
        } else {
            QVERIFY(write(manifest, "{not json"));
        }
        const Run run = console(arguments);
        QCOMPARE(run.code, 1);
        QVERIFY2(run.err.contains(expected), run.err.constData());
        QVERIFY(run.out.isEmpty());
    }

private:
    struct Run
    {
        int code;
        QByteArray out;
        QByteArray err;
    };

    /// A three-row CSV export and its manifest signed with m_key; returns the manifest's path.
    QString makeExport(const QString& name)
    {
        const QString data = m_dir.filePath(name);
        write(data, "id,name\r\n1,Đào\r\n2,\"a,b\"\r\n3,x\r\n");
        ExportManifest manifest;
        manifest.file = name;
        qint64 bytes = 0;
        manifest.sha256 = QString::fromLatin1(sha256OfFile(data, &bytes).value());
        manifest.bytes = bytes;
        manifest.rows = 3;
        manifest.format = QStringLiteral("csv");
        manifest.columns = {QStringLiteral("id"), QStringLiteral("name")};
        manifest.profile = QStringLiteral("Demo");
        manifest.backend = QStringLiteral("sqlite");
        manifest.operatorName = QStringLiteral("agent.smith");
        manifest.createdAt = QDateTime::currentDateTimeUtc();
        manifest.schemaVersion = 3;
        if (!sign(manifest, m_key).ok())
            return {};
        const QString path = data + QStringLiteral(".manifest.json");
        write(path, toJson(manifest));
        return path;
    }

    static QByteArray read(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    static bool write(const QString& path, const QByteArray& bytes)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
    }

    Run console(const QStringList& arguments)
    {
        QProcess process;
        process.start(QStringLiteral(IDC_CONSOLE_PATH), arguments);
        process.closeWriteChannel();
        if (!process.waitForFinished(30000))
            return {-1, {}, "timed out"};
        return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
    }

    QTemporaryDir m_dir;
    SigningKey m_key;
    QString m_consoleKeyPem;
    QString m_otherKeyPem;
};

QTEST_GUILESS_MAIN(TestCliVerify)
#include "tst_cli_verify.moc"
