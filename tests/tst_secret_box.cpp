#include "SecretBox.h"

#include <QTest>

using namespace idc;

namespace {

const QByteArray factorId("factor:7f3c2a10-1d2e-4b5a-9c8d-0e1f2a3b4c5d");
const QByteArray totpSecret("12345678901234567890");

QByteArray newKey()
{
    const Result<QByteArray> key = generateSecretKey();
    if (!key) {
        qWarning() << "generateSecretKey failed:" << key.error().detail;
        return {};
    }
    return key.value();
}

QByteArray seal(const QByteArray& key, const QByteArray& plaintext, const QByteArray& associatedData)
{
    const Result<QByteArray> sealed = sealSecret(key, plaintext, associatedData);
    if (!sealed) {
        qWarning() << "sealSecret failed:" << sealed.error().detail;
        return {};
    }
    return sealed.value();
}

} // namespace

class TestSecretBox : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void layout();
    void sealsDiffer();
    void generatedKeys();
    void wrongKeyFails();
    void flippedBitFails_data();
    void flippedBitFails();
    void wrongAssociatedDataFails();
    void truncatedOrExtendedFails();
    void shortBlobRefused_data();
    void shortBlobRefused();
    void unknownVersionRefused();
    void wrongKeyLengthRefused_data();
    void wrongKeyLengthRefused();
};

void TestSecretBox::roundTrip_data()
{
    QTest::addColumn<QByteArray>("plaintext");
    QTest::addColumn<QByteArray>("associatedData");

    QTest::newRow("TOTP secret") << totpSecret << factorId;
    QTest::newRow("empty plaintext") << QByteArray() << factorId;
    QTest::newRow("no associated data") << totpSecret << QByteArray();
    QTest::newRow("binary with zeros") << QByteArray("\0\x01\xff\0", 4) << QByteArray("\0", 1);
    QTest::newRow("large") << QByteArray(100000, 'x') << factorId;
}

void TestSecretBox::roundTrip()
{
    QFETCH(QByteArray, plaintext);
    QFETCH(QByteArray, associatedData);

    const QByteArray key = newKey();
    const QByteArray sealed = seal(key, plaintext, associatedData);
    QCOMPARE(sealed.size(), plaintext.size() + secretBoxOverhead);
    const Result<QByteArray> opened = openSecret(key, sealed, associatedData);
    QVERIFY2(opened.ok(), qPrintable(opened ? QString() : opened.error().detail));
    QCOMPARE(opened.value(), plaintext);
}

void TestSecretBox::layout()
{
    const QByteArray key = newKey();
    const QByteArray sealed = seal(key, totpSecret, factorId);
    QCOMPARE(sealed.size(), 1 + 12 + totpSecret.size() + 16);
    QCOMPARE(sealed.at(0), char(0x01));
    QVERIFY(!sealed.contains(totpSecret));
}

void TestSecretBox::sealsDiffer()
{
    const QByteArray key = newKey();
    const QByteArray first = seal(key, totpSecret, factorId);
    const QByteArray second = seal(key, totpSecret, factorId);
    QVERIFY(!first.isEmpty());
    QVERIFY(first != second);
    QVERIFY(first.mid(1, 12) != second.mid(1, 12)); // a fresh nonce each time
    QCOMPARE(openSecret(key, first, factorId).value(), totpSecret);
    QCOMPARE(openSecret(key, second, factorId).value(), totpSecret);
}

void TestSecretBox::generatedKeys()
{
    const QByteArray first = newKey();
    const QByteArray second = newKey();
    QCOMPARE(first.size(), secretBoxKeyLength);
    QCOMPARE(second.size(), secretBoxKeyLength);
    QVERIFY(first != second);
}

void TestSecretBox::wrongKeyFails()
{
    const QByteArray key = newKey();
    const QByteArray sealed = seal(key, totpSecret, factorId);

    QByteArray otherKey = newKey();
    Result<QByteArray> opened = openSecret(otherKey, sealed, factorId);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, ErrorKind::InvalidInput);
    QCOMPARE(opened.error().detail, QStringLiteral("wrong key or damaged data"));

    // A key one bit away.
    otherKey = key;
    otherKey[31] = char(otherKey.at(31) ^ 0x80);
    opened = openSecret(otherKey, sealed, factorId);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, ErrorKind::InvalidInput);
}

void TestSecretBox::flippedBitFails_data()
{
    QTest::addColumn<int>("position");
    QTest::addColumn<int>("bit");

    const int ciphertextStart = 1 + 12;
    const int tagStart = ciphertextStart + int(totpSecret.size());
    QTest::newRow("nonce first byte") << 1 << 0;
    QTest::newRow("nonce last byte") << 12 << 7;
    QTest::newRow("ciphertext first byte") << ciphertextStart << 0;
    QTest::newRow("ciphertext middle") << ciphertextStart + 10 << 3;
    QTest::newRow("ciphertext last byte") << tagStart - 1 << 7;
    QTest::newRow("tag first byte") << tagStart << 0;
    QTest::newRow("tag last byte") << tagStart + 15 << 7;
}

void TestSecretBox::flippedBitFails()
{
    QFETCH(int, position);
    QFETCH(int, bit);

    const QByteArray key = newKey();
    QByteArray sealed = seal(key, totpSecret, factorId);
    sealed[position] = char(sealed.at(position) ^ (1 << bit));
    const Result<QByteArray> opened = openSecret(key, sealed, factorId);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, ErrorKind::InvalidInput);
    QCOMPARE(opened.error().detail, QStringLiteral("wrong key or damaged data"));
}

void TestSecretBox::wrongAssociatedDataFails()
{
    const QByteArray key = newKey();
    const QByteArray sealed = seal(key, totpSecret, factorId);

    // Copied to another factor's row: does not open there.
    for (const QByteArray& other : {QByteArray("factor:7f3c2a10-1d2e-4b5a-9c8d-0e1f2a3b4c5e"), QByteArray(),
                                    QByteArray(factorId + '\0'), factorId.left(factorId.size() - 1)}) {
        const Result<QByteArray> opened = openSecret(key, sealed, other);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().kind, ErrorKind::InvalidInput);
    }
}

void TestSecretBox::truncatedOrExtendedFails()
{
    const QByteArray key = newKey();
    const QByteArray sealed = seal(key, totpSecret, factorId);
    QVERIFY(!openSecret(key, sealed.chopped(1), factorId).ok());
    QVERIFY(!openSecret(key, sealed + '\0', factorId).ok());
    // Cutting the ciphertext out entirely leaves a well-formed but unauthentic blob.
    const QByteArray empty = sealed.left(13) + sealed.right(16);
    const Result<QByteArray> opened = openSecret(key, empty, factorId);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, ErrorKind::InvalidInput);
}

void TestSecretBox::shortBlobRefused_data()
{
    QTest::addColumn<int>("length");
    QTest::newRow("empty") << 0;
    QTest::newRow("version only") << 1;
    QTest::newRow("version and nonce") << 13;
    QTest::newRow("one byte short of an empty secret") << secretBoxOverhead - 1;
}

void TestSecretBox::shortBlobRefused()
{
    QFETCH(int, length);

    const QByteArray key = newKey();
    const QByteArray sealed = seal(key, QByteArray(), factorId);
    QCOMPARE(sealed.size(), secretBoxOverhead);
    const Result<QByteArray> opened = openSecret(key, sealed.left(length), factorId);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, ErrorKind::Protocol);
}

void TestSecretBox::unknownVersionRefused()
{
    const QByteArray key = newKey();
    for (const char version : {char(0x00), char(0x02), char(0xff)}) {
        QByteArray sealed = seal(key, totpSecret, factorId);
        sealed[0] = version;
        const Result<QByteArray> opened = openSecret(key, sealed, factorId);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().kind, ErrorKind::Protocol);
    }
}

void TestSecretBox::wrongKeyLengthRefused_data()
{
    QTest::addColumn<int>("length");
    QTest::newRow("empty") << 0;
    QTest::newRow("AES-128 size") << 16;
    QTest::newRow("31") << 31;
    QTest::newRow("33") << 33;
    QTest::newRow("64") << 64;
}

void TestSecretBox::wrongKeyLengthRefused()
{
    QFETCH(int, length);

    const QByteArray badKey(length, 'k');
    const Result<QByteArray> sealed = sealSecret(badKey, totpSecret, factorId);
    QVERIFY(!sealed.ok());
    QCOMPARE(sealed.error().kind, ErrorKind::InvalidInput);

    const QByteArray good = seal(newKey(), totpSecret, factorId);
    const Result<QByteArray> opened = openSecret(badKey, good, factorId);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, ErrorKind::InvalidInput);
    QVERIFY(!opened.error().detail.contains(QString::fromLatin1(badKey.left(8))) || length == 0);
}

QTEST_GUILESS_MAIN(TestSecretBox)
#include "tst_secret_box.moc"
