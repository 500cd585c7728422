#include "ExportManifest.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace idc;

namespace {

const QString dataName = QStringLiteral("customers.csv");
const QString manifestName = QStringLiteral("customers.csv.manifest.json");
const QByteArray csv("id,email\r\n1,ada@example.com\r\n2,grace@example.com\r\n");

const QString signatureProblem =
    QStringLiteral("the signature does not match the manifest's contents (a field was changed after signing)");

SigningKey newKey()
{
    const Result<SigningKey> key = generateSigningKey();
    if (!key) {
        qWarning() << QStringLiteral("generateSigningKey failed:") << key.error().detail;
        return {};
    }
    return key.value();
}

bool writeFile(const QString& path, const QByteArray& contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(contents) == contents.size();
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString sha256Hex(const QByteArray& data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

/// A manifest for `data` as an export of customers would write it, not yet signed.
ExportManifest manifestFor(const QByteArray& data)
{
    ExportManifest manifest;
    manifest.file = dataName;
    manifest.sha256 = sha256Hex(data);
    manifest.bytes = data.size();
    manifest.rows = 2;
    manifest.format = QStringLiteral("csv");
    manifest.columns = {QStringLiteral("id"), QStringLiteral("email")};
    manifest.filter = QJsonObject{{QStringLiteral("text"), QStringLiteral("example.com")},
                                  {QStringLiteral("status"), QJsonArray{QStringLiteral("active")}}};
    manifest.profile = QStringLiteral("Production (EU)");
    manifest.backend = QStringLiteral("postgresql");
    manifest.operatorName = QStringLiteral("Đặng Thị Hoa");
    manifest.createdAt = QDateTime(QDate(2026, 11, 24), QTime(9, 15, 30, 123), Qt::UTC);
    manifest.schemaVersion = 7;
    return manifest;
}

/// The manifest's JSON with one member replaced (or removed, for an undefined value).
QByteArray withMember(const QByteArray& json, const QString& key, const QJsonValue& value)
{
    QJsonObject object = QJsonDocument::fromJson(json).object();
    if (value.isUndefined())
        object.remove(key);
    else
        object.insert(key, value);
    return QJsonDocument(object).toJson();
}

} // namespace

class TestExportManifest : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void rfc8032_data();
    void rfc8032();
    void generatedKeys();
    void signVerifyRoundTrip();
    void flippedBitFails_data();
    void flippedBitFails();
    void wrongKeyLengthsRefused();
    void pemRoundTrip();
    void pemAcceptedByOpenSsl();
    void pemOfOtherKeyRefused();
    void fingerprint();
    void sha256OfFileStreams();
    void sha256OfMissingFile();

    void canonicalBytesSortedCompactUnsigned();
    void jsonRoundTrip();
    void strictParsing_data();
    void strictParsing();
    void signRefusesPathInFile();

    void cleanManifestVerifies();
    void changedByteInDataFile();
    void truncatedDataFile();
    void changedManifestField_data();
    void changedManifestField();
    void resignedByAnotherKey();
    void missingDataFile();
    void malformedManifest();
    void unreadableManifest();
    void fileWithPathRefused_data();
    void fileWithPathRefused();

private:
    /// Writes `csv` and its signed manifest into m_dir; the manifest's path.
    QString writeSignedExport(const SigningKey& key);

    std::unique_ptr<QTemporaryDir> m_dir;
    SigningKey m_key;
};

void TestExportManifest::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_key = newKey();
    QCOMPARE(m_key.publicKey32.size(), ed25519KeyLength);
}

QString TestExportManifest::writeSignedExport(const SigningKey& key)
{
    ExportManifest manifest = manifestFor(csv);
    const Status signedOk = sign(manifest, key);
    if (!signedOk)
        qWarning() << QStringLiteral("sign failed:") << signedOk.error().detail;
    const QString manifestPath = m_dir->filePath(manifestName);
    if (!writeFile(m_dir->filePath(dataName), csv) || !writeFile(manifestPath, toJson(manifest)))
        qWarning() << QStringLiteral("cannot write the export into") << m_dir->path();
    return manifestPath;
}

// RFC 8032, section 7.1, TEST 1 and TEST 2.
void TestExportManifest::rfc8032_data()
{
    QTest::addColumn<QByteArray>("secretKey");
    QTest::addColumn<QByteArray>("publicKey");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("signature");

    QTest::newRow("TEST 1") << QByteArray::fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
                            << QByteArray::fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
                            << QByteArray()
                            << QByteArray::fromHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                                                   "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    QTest::newRow("TEST 2") << QByteArray::fromHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")
                            << QByteArray::fromHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
                            << QByteArray::fromHex("72")
                            << QByteArray::fromHex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                                                   "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
}

void TestExportManifest::rfc8032()
{
    QFETCH(QByteArray, secretKey);
    QFETCH(QByteArray, publicKey);
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, signature);

    const Result<SigningKey> key = signingKeyFromPrivate(secretKey);
    QVERIFY2(key.ok(), qPrintable(key ? QString() : key.error().detail));
    QCOMPARE(key->privateKey32.toHex(), secretKey.toHex());
    QCOMPARE(key->publicKey32.toHex(), publicKey.toHex());

    const Result<QByteArray> signed_ = signEd25519(key.value(), message);
    QVERIFY2(signed_.ok(), qPrintable(signed_ ? QString() : signed_.error().detail));
    QCOMPARE(signed_->toHex(), signature.toHex());
    QVERIFY(verifyEd25519(publicKey, message, signature));
}

void TestExportManifest::generatedKeys()
{
    const SigningKey other = newKey();
    QCOMPARE(m_key.privateKey32.size(), ed25519KeyLength);
    QVERIFY(m_key.privateKey32 != other.privateKey32);
    QVERIFY(m_key.publicKey32 != other.publicKey32);
    // The public half is the one the private half derives.
    const Result<SigningKey> derived = signingKeyFromPrivate(m_key.privateKey32);
    QVERIFY(derived.ok());
    QCOMPARE(derived->publicKey32, m_key.publicKey32);

    SigningKey copy = m_key;
    copy.wipe();
    QVERIFY(copy.privateKey32.isEmpty());
    QVERIFY(copy.publicKey32.isEmpty());
    QCOMPARE(m_key.privateKey32.size(), ed25519KeyLength); // wiping a copy leaves the original
    QVERIFY(m_key.privateKey32 != QByteArray(ed25519KeyLength, '\0'));
}

void TestExportManifest::signVerifyRoundTrip()
{
    const QByteArray message = canonicalBytes(manifestFor(csv));
    const Result<QByteArray> signature = signEd25519(m_key, message);
    QVERIFY(signature.ok());
    QCOMPARE(signature->size(), ed25519SignatureLength);
    QVERIFY(verifyEd25519(m_key.publicKey32, message, signature.value()));
    // Ed25519 is deterministic.
    QCOMPARE(signEd25519(m_key, message).value(), signature.value());
    // Another key's signature does not verify.
    QVERIFY(!verifyEd25519(newKey().publicKey32, message, signature.value()));
}

void TestExportManifest::flippedBitFails_data()
{
    QTest::addColumn<bool>("inSignature");
    QTest::addColumn<int>("position");
    QTest::addColumn<int>("bit");

    QTest::newRow("message first byte") << false << 0 << 0;
    QTest::newRow("message middle") << false << 40 << 5;
    QTest::newRow("message last byte") << false << -1 << 7;
    QTest::newRow("signature first byte (R)") << true << 0 << 0;
    QTest::newRow("signature byte 32 (S)") << true << 32 << 3;
    QTest::newRow("signature last byte") << true << 63 << 6;
}

void TestExportManifest::flippedBitFails()
{
    QFETCH(bool, inSignature);
    QFETCH(int, position);
    QFETCH(int, bit);

    QByteArray message = canonicalBytes(manifestFor(csv));
    QByteArray signature = signEd25519(m_key, message).value();
    QVERIFY(verifyEd25519(m_key.publicKey32, message, signature));

    QByteArray& target = inSignature ? signature : message;
    const int index = position < 0 ? int(target.size()) - 1 : position;
    target[index] = char(target.at(index) ^ (1 << bit));
    QVERIFY(!verifyEd25519(m_key.publicKey32, message, signature));
}

void TestExportManifest::wrongKeyLengthsRefused()
{
    const QByteArray message("m");
    const QByteArray signature = signEd25519(m_key, message).value();
    QVERIFY(verifyEd25519(m_key.publicKey32, message, signature));
    QVERIFY(!verifyEd25519(m_key.publicKey32.left(31), message, signature));
    QVERIFY(!verifyEd25519(m_key.publicKey32 + '\0', message, signature));
    QVERIFY(!verifyEd25519(m_key.publicKey32, message, signature.left(63)));
    QVERIFY(!verifyEd25519(m_key.publicKey32, message, signature + '\0'));
    QVERIFY(!verifyEd25519({}, message, signature));

    const Result<SigningKey> shortKey = signingKeyFromPrivate(QByteArray(31, 'k'));
    QVERIFY(!shortKey.ok());
    QCOMPARE(shortKey.error().kind, ErrorKind::InvalidInput);

    // A private key paired with someone else's public key is refused, not used.
    SigningKey mismatched = m_key;
    mismatched.publicKey32 = newKey().publicKey32;
    const Result<QByteArray> refused = signEd25519(mismatched, message);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, ErrorKind::InvalidInput);
}

void TestExportManifest::pemRoundTrip()
{
    const QString pem = publicKeyPem(m_key.publicKey32);
    QVERIFY2(pem.startsWith(QStringLiteral("-----BEGIN PUBLIC KEY-----\n")), qPrintable(pem));
    QVERIFY2(pem.endsWith(QStringLiteral("-----END PUBLIC KEY-----\n")), qPrintable(pem));
    const Result<QByteArray> back = publicKeyFromPem(pem);
    QVERIFY2(back.ok(), qPrintable(back ? QString() : back.error().detail));
    QCOMPARE(back.value(), m_key.publicKey32);

    // RFC 8410, section 10.1 writes TEST 1's public key like this.
    const QString rfc8410 = QStringLiteral("-----BEGIN PUBLIC KEY-----\n"
                                           "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
                                           "-----END PUBLIC KEY-----\n");
    const QByteArray test1 = QByteArray::fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    QCOMPARE(publicKeyPem(test1), rfc8410);
    QCOMPARE(publicKeyFromPem(rfc8410).value().toHex(), test1.toHex());

    QVERIFY(publicKeyPem(QByteArray(31, 'k')).isEmpty());
    const Result<QByteArray> garbage = publicKeyFromPem(QStringLiteral("not a key"));
    QVERIFY(!garbage.ok());
    QCOMPARE(garbage.error().kind, ErrorKind::InvalidInput);
}

void TestExportManifest::pemAcceptedByOpenSsl()
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        QFAIL("the openssl command is missing (install-deps.sh installs it)");

    const QString pemPath = m_dir->filePath(QStringLiteral("operator.pub.pem"));
    QVERIFY(writeFile(pemPath, publicKeyPem(m_key.publicKey32).toLatin1()));

    QProcess process;
    process.start(openssl, {QStringLiteral("pkey"), QStringLiteral("-pubin"), QStringLiteral("-in"), pemPath,
                            QStringLiteral("-noout"), QStringLiteral("-text")});
    QVERIFY(process.waitForFinished(30000));
    const QByteArray output = process.readAllStandardOutput();
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             qPrintable(QString::fromLocal8Bit(process.readAllStandardError())));
    // openssl prints the raw key as colon-separated hex: it read the same 32 bytes.
    QByteArray printedHex = output;
    printedHex.replace(':', "").replace(' ', "").replace('\n', "");
    QVERIFY2(output.contains("ED25519 Public-Key"), output.constData());
    QVERIFY2(printedHex.contains(m_key.publicKey32.toHex()), output.constData());

    // The same command refuses a damaged PEM, so its exit code means something.
    QByteArray damaged = publicKeyPem(m_key.publicKey32).toLatin1();
    damaged.replace("MCowBQYDK2Vw", "MCowBQYDK2Xw");
    QVERIFY(writeFile(pemPath, damaged));
    process.start(openssl, {QStringLiteral("pkey"), QStringLiteral("-pubin"), QStringLiteral("-in"), pemPath,
                            QStringLiteral("-noout")});
    QVERIFY(process.waitForFinished(30000));
    QVERIFY(process.exitCode() != 0);
}

void TestExportManifest::pemOfOtherKeyRefused()
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        QFAIL("the openssl command is missing (install-deps.sh installs it)");
    // An X25519 key is a 32-byte key too, but not a signing key.
    QProcess process;
    process.start(openssl, {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("X25519")});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    const QByteArray privatePem = process.readAllStandardOutput();
    process.start(openssl, {QStringLiteral("pkey"), QStringLiteral("-pubout")});
    QVERIFY(process.waitForStarted());
    process.write(privatePem);
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    const QString x25519Pem = QString::fromLatin1(process.readAllStandardOutput());
    QVERIFY(x25519Pem.startsWith(QStringLiteral("-----BEGIN PUBLIC KEY-----")));

    const Result<QByteArray> refused = publicKeyFromPem(x25519Pem);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, ErrorKind::InvalidInput);
    QCOMPARE(refused.error().detail, QStringLiteral("the PEM public key is not an Ed25519 key"));
}

void TestExportManifest::fingerprint()
{
    const QByteArray test1 = QByteArray::fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    const QString expected =
        QString::fromLatin1(QCryptographicHash::hash(test1, QCryptographicHash::Sha256).toHex().left(16));
    QCOMPARE(keyFingerprint(test1), expected);
    QCOMPARE(keyFingerprint(test1).size(), 16);
    QVERIFY(keyFingerprint(m_key.publicKey32) != keyFingerprint(newKey().publicKey32));
}

void TestExportManifest::sha256OfFileStreams()
{
    // More than two 1 MiB blocks, not a multiple of the block size.
    QByteArray big(2 * 1024 * 1024 + 12345, Qt::Uninitialized);
    for (qsizetype i = 0; i < big.size(); ++i)
        big[i] = char((i * 7 + i / 1000) & 0xff);
    const QString path = m_dir->filePath(QStringLiteral("big.bin"));
    QVERIFY(writeFile(path, big));
    qint64 size = -1;
    const Result<QByteArray> hash = sha256OfFile(path, &size);
    QVERIFY2(hash.ok(), qPrintable(hash ? QString() : hash.error().detail));
    QCOMPARE(QString::fromLatin1(hash.value()), sha256Hex(big));
    QCOMPARE(size, big.size());

    const QString empty = m_dir->filePath(QStringLiteral("empty"));
    QVERIFY(writeFile(empty, {}));
    QCOMPARE(sha256OfFile(empty, &size).value(),
             QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(size, 0);
}

void TestExportManifest::sha256OfMissingFile()
{
    const Result<QByteArray> hash = sha256OfFile(m_dir->filePath(QStringLiteral("nothing-here")));
    QVERIFY(!hash.ok());
    QCOMPARE(hash.error().kind, ErrorKind::NotFound);
}

void TestExportManifest::canonicalBytesSortedCompactUnsigned()
{
    ExportManifest manifest = manifestFor(csv);
    QVERIFY(sign(manifest, m_key).ok());
    const QByteArray canonical = canonicalBytes(manifest);
    const QString expected =
        QStringLiteral("{\"backend\":\"postgresql\",\"bytes\":%1,\"columns\":[\"id\",\"email\"],"
                       "\"createdAt\":\"2026-11-24T09:15:30.123Z\",\"file\":\"customers.csv\","
                       "\"filter\":{\"status\":[\"active\"],\"text\":\"example.com\"},\"format\":\"csv\","
                       "\"formatVersion\":1,\"operator\":\"Đặng Thị Hoa\",\"profile\":\"Production (EU)\","
                       "\"publicKey\":\"%2\",\"rows\":2,\"schemaVersion\":7,\"sha256\":\"%3\"}")
            .arg(csv.size())
            .arg(QString::fromLatin1(m_key.publicKey32.toBase64()), sha256Hex(csv));
    QCOMPARE(QString::fromUtf8(canonical), expected);
    QVERIFY(!canonical.contains("signature"));
    // The signature is over exactly these bytes.
    QVERIFY(verifyEd25519(m_key.publicKey32, canonical, QByteArray::fromBase64(manifest.signature.toLatin1())));
    // A creation time in another zone is written in UTC.
    manifest.createdAt = manifest.createdAt.toOffsetFromUtc(3600);
    QCOMPARE(canonicalBytes(manifest), canonical);
}

void TestExportManifest::jsonRoundTrip()
{
    ExportManifest manifest = manifestFor(csv);
    manifest.rows = 9007199254740993; // 2^53 + 1: not exact as a double
    manifest.bytes = 5000000000;
    QVERIFY(sign(manifest, m_key).ok());
    QCOMPARE(QByteArray::fromBase64(manifest.publicKey.toLatin1()), m_key.publicKey32);
    QCOMPARE(QByteArray::fromBase64(manifest.signature.toLatin1()).size(), ed25519SignatureLength);

    const QByteArray json = toJson(manifest);
    QVERIFY2(json.contains("\n    \"signature\": "), json.constData()); // indented, signed
    QVERIFY2(json.contains("\"rows\": 9007199254740993"), json.constData());
    const Result<ExportManifest> back = manifestFromJson(json);
    QVERIFY2(back.ok(), qPrintable(back ? QString() : back.error().detail));
    QVERIFY(back.value() == manifest);
    QCOMPARE(back->rows, manifest.rows);
    QCOMPARE(back->createdAt, manifest.createdAt);
    QCOMPARE(back->createdAt.timeSpec(), Qt::UTC);
    QCOMPARE(canonicalBytes(back.value()), canonicalBytes(manifest));
}

void TestExportManifest::strictParsing_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("detail");

    const QJsonValue missing(QJsonValue::Undefined);
    QTest::newRow("formatVersion missing")
        << QStringLiteral("formatVersion") << missing << QStringLiteral("manifest field \"formatVersion\" is missing");
    QTest::newRow("formatVersion 2") << QStringLiteral("formatVersion") << QJsonValue(2)
                                     << QStringLiteral("unknown manifest formatVersion 2 (this console reads 1)");
    QTest::newRow("formatVersion as string") << QStringLiteral("formatVersion") << QJsonValue(QStringLiteral("1"))
                                             << QStringLiteral("manifest field \"formatVersion\" is not a number");
    QTest::newRow("file missing") << QStringLiteral("file") << missing
                                  << QStringLiteral("manifest field \"file\" is missing");
    QTest::newRow("file as number") << QStringLiteral("file") << QJsonValue(3)
                                    << QStringLiteral("manifest field \"file\" is not a string");
    QTest::newRow("sha256 upper case") << QStringLiteral("sha256") << QJsonValue(sha256Hex(csv).toUpper())
                                       << QStringLiteral("manifest field \"sha256\" is not 64 lowercase hex digits");
    QTest::newRow("sha256 short") << QStringLiteral("sha256") << QJsonValue(sha256Hex(csv).left(63))
                                  << QStringLiteral("manifest field \"sha256\" is not 64 lowercase hex digits");
    QTest::newRow("bytes missing") << QStringLiteral("bytes") << missing
                                   << QStringLiteral("manifest field \"bytes\" is missing");
    QTest::newRow("bytes as string") << QStringLiteral("bytes") << QJsonValue(QStringLiteral("66"))
                                     << QStringLiteral("manifest field \"bytes\" is not a number");
    QTest::newRow("rows negative") << QStringLiteral("rows") << QJsonValue(-1)
                                   << QStringLiteral("manifest field \"rows\" is not a non-negative integer");
    QTest::newRow("rows fractional") << QStringLiteral("rows") << QJsonValue(2.5)
                                     << QStringLiteral("manifest field \"rows\" is not a non-negative integer");
    QTest::newRow("format unknown") << QStringLiteral("format") << QJsonValue(QStringLiteral("xlsx"))
                                    << QStringLiteral("manifest field \"format\" is not one of csv, jsonl, pdf, json");
    QTest::newRow("columns as string") << QStringLiteral("columns") << QJsonValue(QStringLiteral("id,email"))
                                       << QStringLiteral("manifest field \"columns\" is not an array");
    QTest::newRow("columns with a number")
        << QStringLiteral("columns") << QJsonValue(QJsonArray{QStringLiteral("id"), 2})
        << QStringLiteral("manifest field \"columns\" is not an array of strings");
    QTest::newRow("filter as array") << QStringLiteral("filter") << QJsonValue(QJsonArray())
                                     << QStringLiteral("manifest field \"filter\" is not an object");
    QTest::newRow("profile missing") << QStringLiteral("profile") << missing
                                     << QStringLiteral("manifest field \"profile\" is missing");
    QTest::newRow("backend null") << QStringLiteral("backend") << QJsonValue()
                                  << QStringLiteral("manifest field \"backend\" is not a string");
    QTest::newRow("operator missing") << QStringLiteral("operator") << missing
                                      << QStringLiteral("manifest field \"operator\" is missing");
    QTest::newRow("createdAt not a date")
        << QStringLiteral("createdAt") << QJsonValue(QStringLiteral("yesterday"))
        << QStringLiteral("manifest field \"createdAt\" is not an ISO 8601 date and time");
    QTest::newRow("schemaVersion missing")
        << QStringLiteral("schemaVersion") << missing << QStringLiteral("manifest field \"schemaVersion\" is missing");
    QTest::newRow("publicKey 31 bytes") << QStringLiteral("publicKey")
                                        << QJsonValue(QString::fromLatin1(QByteArray(31, 'k').toBase64()))
                                        << QStringLiteral(
                                               "manifest field \"publicKey\" is not base64 of a 32-byte key");
    QTest::newRow("publicKey not base64")
        << QStringLiteral("publicKey") << QJsonValue(QStringLiteral("not base64!"))
        << QStringLiteral("manifest field \"publicKey\" is not base64 of a 32-byte key");
    QTest::newRow("signature missing") << QStringLiteral("signature") << missing
                                       << QStringLiteral("manifest field \"signature\" is missing");
    QTest::newRow("signature 63 bytes") << QStringLiteral("signature")
                                        << QJsonValue(QString::fromLatin1(QByteArray(63, 's').toBase64()))
                                        << QStringLiteral(
                                               "manifest field \"signature\" is not base64 of a 64-byte signature");
    QTest::newRow("unknown member") << QStringLiteral("comment") << QJsonValue(QStringLiteral("trust me"))
                                    << QStringLiteral("manifest field \"comment\" is not part of manifest format 1");
}

void TestExportManifest::strictParsing()
{
    QFETCH(QString, key);
    QFETCH(QJsonValue, value);
    QFETCH(QString, detail);

    ExportManifest manifest = manifestFor(csv);
    QVERIFY(sign(manifest, m_key).ok());
    const QByteArray json = toJson(manifest);
    QVERIFY(manifestFromJson(json).ok()); // untouched, it reads

    const Result<ExportManifest> parsed = manifestFromJson(withMember(json, key, value));
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().kind, ErrorKind::InvalidInput);
    QCOMPARE(parsed.error().detail, detail);
}

void TestExportManifest::signRefusesPathInFile()
{
    ExportManifest manifest = manifestFor(csv);
    manifest.file = QStringLiteral("../customers.csv");
    const Status refused = sign(manifest, m_key);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, ErrorKind::InvalidInput);
    QVERIFY(manifest.signature.isEmpty());
    QVERIFY(manifest.publicKey.isEmpty());

    QVERIFY(isPlainFileName(QStringLiteral("customers-2026-11-24.csv")));
    QVERIFY(!isPlainFileName(QString()));
    QVERIFY(!isPlainFileName(QStringLiteral("..")));
    QVERIFY(!isPlainFileName(QStringLiteral("sub/customers.csv")));
    QVERIFY(!isPlainFileName(QStringLiteral("sub\\customers.csv")));
    QVERIFY(!isPlainFileName(QStringLiteral("/etc/passwd")));
}

void TestExportManifest::cleanManifestVerifies()
{
    const QString manifestPath = writeSignedExport(m_key);
    ManifestCheck check = verifyManifest(manifestPath);
    QCOMPARE(check.problems, QStringList());
    QVERIFY(check.ok);

    check = verifyManifest(manifestPath, m_key.publicKey32);
    QCOMPARE(check.problems, QStringList());
    QVERIFY(check.ok);
}

void TestExportManifest::changedByteInDataFile()
{
    const QString manifestPath = writeSignedExport(m_key);
    QByteArray changed = csv;
    changed[12] = '9'; // "1,ada" becomes "9,ada"
    QVERIFY(writeFile(m_dir->filePath(dataName), changed));

    const ManifestCheck check = verifyManifest(manifestPath, m_key.publicKey32);
    QVERIFY(!check.ok);
    QCOMPARE(
        check.problems,
        QStringList{
            QStringLiteral("the file's SHA-256 is %1, the manifest says %2").arg(sha256Hex(changed), sha256Hex(csv))});
}

void TestExportManifest::truncatedDataFile()
{
    const QString manifestPath = writeSignedExport(m_key);
    const QByteArray truncated = csv.left(csv.size() - 20);
    QVERIFY(writeFile(m_dir->filePath(dataName), truncated));

    const ManifestCheck check = verifyManifest(manifestPath);
    QVERIFY(!check.ok);
    const QStringList expected{
        QStringLiteral("the file has %1 bytes, the manifest says %2").arg(truncated.size()).arg(csv.size()),
        QStringLiteral("the file's SHA-256 is %1, the manifest says %2").arg(sha256Hex(truncated), sha256Hex(csv))};
    QCOMPARE(check.problems, expected);
}

void TestExportManifest::changedManifestField_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QJsonValue>("value");

    QTest::newRow("rows") << QStringLiteral("rows") << QJsonValue(3);
    QTest::newRow("operator") << QStringLiteral("operator") << QJsonValue(QStringLiteral("someone else"));
    QTest::newRow("filter") << QStringLiteral("filter") << QJsonValue(QJsonObject());
    QTest::newRow("createdAt") << QStringLiteral("createdAt") << QJsonValue(QStringLiteral("2026-11-24T09:15:31.123Z"));
    QTest::newRow("columns") << QStringLiteral("columns")
                             << QJsonValue(QJsonArray{QStringLiteral("email"), QStringLiteral("id")});
    QTest::newRow("signature of another message")
        << QStringLiteral("signature")
        << QJsonValue(QString::fromLatin1(signEd25519(newKey(), QByteArray("other")).value().toBase64()));
}

void TestExportManifest::changedManifestField()
{
    QFETCH(QString, key);
    QFETCH(QJsonValue, value);

    const QString manifestPath = writeSignedExport(m_key);
    QVERIFY(verifyManifest(manifestPath).ok);
    QVERIFY(writeFile(manifestPath, withMember(readFile(manifestPath), key, value)));

    const ManifestCheck check = verifyManifest(manifestPath);
    QVERIFY(!check.ok);
    QCOMPARE(check.problems, QStringList{signatureProblem});
}

void TestExportManifest::resignedByAnotherKey()
{
    // Someone changes the row count and signs again with their own key: the signature is valid,
    // only the trusted key tells the manifests apart.
    const QString manifestPath = writeSignedExport(m_key);
    ExportManifest forged = manifestFromJson(readFile(manifestPath)).value();
    forged.rows = 2000;
    const SigningKey other = newKey();
    QVERIFY(sign(forged, other).ok());
    QVERIFY(writeFile(manifestPath, toJson(forged)));

    QVERIFY(verifyManifest(manifestPath).ok);
    const ManifestCheck check = verifyManifest(manifestPath, m_key.publicKey32);
    QVERIFY(!check.ok);
    QCOMPARE(check.problems,
             QStringList{QStringLiteral("signed by key %1, not the trusted key %2")
                             .arg(keyFingerprint(other.publicKey32), keyFingerprint(m_key.publicKey32))});

    // Swapping in the trusted public key without its private key breaks the signature instead.
    forged.publicKey = QString::fromLatin1(m_key.publicKey32.toBase64());
    QVERIFY(writeFile(manifestPath, toJson(forged)));
    QCOMPARE(verifyManifest(manifestPath, m_key.publicKey32).problems, QStringList{signatureProblem});
}

void TestExportManifest::missingDataFile()
{
    const QString manifestPath = writeSignedExport(m_key);
    QVERIFY(QFile::remove(m_dir->filePath(dataName)));

    const ManifestCheck check = verifyManifest(manifestPath);
    QVERIFY(!check.ok);
    QCOMPARE(check.problems, QStringList{QStringLiteral("data file customers.csv is missing")});
}

void TestExportManifest::malformedManifest()
{
    const QString manifestPath = writeSignedExport(m_key);
    const QByteArray json = readFile(manifestPath);
    QVERIFY(writeFile(manifestPath, json.left(json.size() / 2)));

    ManifestCheck check = verifyManifest(manifestPath);
    QVERIFY(!check.ok);
    QCOMPARE(check.problems.size(), 1);
    QVERIFY2(check.problems.first().startsWith(QStringLiteral("the manifest is malformed: the manifest is not JSON: ")),
             qPrintable(check.problems.first()));

    QVERIFY(writeFile(manifestPath, withMember(json, QStringLiteral("rows"), QJsonValue(QJsonValue::Undefined))));
    check = verifyManifest(manifestPath);
    QVERIFY(!check.ok);
    QCOMPARE(check.problems,
             QStringList{QStringLiteral("the manifest is malformed: manifest field \"rows\" is missing")});
}

void TestExportManifest::unreadableManifest()
{
    const QString manifestPath = m_dir->filePath(QStringLiteral("absent.manifest.json"));
    const ManifestCheck check = verifyManifest(manifestPath);
    QVERIFY(!check.ok);
    QCOMPARE(check.problems.size(), 1);
    QVERIFY2(check.problems.first().startsWith(QStringLiteral("the manifest %1 cannot be read: ").arg(manifestPath)),
             qPrintable(check.problems.first()));
}

void TestExportManifest::fileWithPathRefused_data()
{
    QTest::addColumn<QString>("file");

    QTest::newRow("parent directory") << QStringLiteral("../customers.csv");
    QTest::newRow("dot dot") << QStringLiteral("..");
    QTest::newRow("subdirectory") << QStringLiteral("sub/customers.csv");
    QTest::newRow("absolute") << QStringLiteral("/etc/passwd");
    QTest::newRow("backslash") << QStringLiteral("..\\customers.csv");
}

void TestExportManifest::fileWithPathRefused()
{
    QFETCH(QString, file);

    // The data file exists where the path points, and the manifest is validly signed: it is the
    // name that is refused, before anything is read.
    const QString inner = m_dir->filePath(QStringLiteral("inner"));
    QVERIFY(QDir().mkpath(inner));
    QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("inner/sub"))));
    QVERIFY(writeFile(m_dir->filePath(dataName), csv));
    QVERIFY(writeFile(m_dir->filePath(QStringLiteral("inner/sub/customers.csv")), csv));

    ExportManifest manifest = manifestFor(csv);
    QVERIFY(sign(manifest, m_key).ok());
    manifest.file = file;
    // sign() refuses such a name, so sign the canonical bytes directly, as a forger would.
    manifest.signature = QString::fromLatin1(signEd25519(m_key, canonicalBytes(manifest)).value().toBase64());
    const QString manifestPath = inner + QStringLiteral("/customers.csv.manifest.json");
    QVERIFY(writeFile(manifestPath, toJson(manifest)));

    const ManifestCheck check = verifyManifest(manifestPath, m_key.publicKey32);
    QVERIFY(!check.ok);
    QCOMPARE(check.problems,
             QStringList{QStringLiteral("the manifest names the data file \"%1\", which is not a plain file name "
                                        "beside the manifest")
                             .arg(file)});
}

QTEST_GUILESS_MAIN(TestExportManifest)
#include "tst_export_manifest.moc"
