#include "PasswordHasher.h"

#include <QRegularExpression>
#include <QTest>

using namespace idc;
using namespace idc::server;

namespace {

// Cheap enough to keep the test fast; the defaults take a fifth of a second per hash.
constexpr ScryptParameters fast{10, 8, 1};

const QRegularExpression
    encodedPattern(QStringLiteral("^\\$scrypt\\$ln=10,r=8,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$"));

QString fastHash(QByteArrayView password)
{
    const Result<QString> hashed = PasswordHasher::hash(password, fast);
    if (!hashed) {
        qWarning() << "hash failed:" << hashed.error().detail;
        return {};
    }
    return hashed.value();
}

} // namespace

class TestPasswordHasher : public QObject
{
    Q_OBJECT

private slots:
    void rfc7914Vectors_data();
    void rfc7914Vectors();
    void roundTrip_data();
    void roundTrip();
    void saltsDiffer();
    void refusesMalformedEncodings_data();
    void refusesMalformedEncodings();
    void refusesAbsurdParameters_data();
    void refusesAbsurdParameters();
    void tamperedHashFails();
    void needsRehash();
    void dummyHashIsValidAndStable();
};

void TestPasswordHasher::rfc7914Vectors_data()
{
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<QByteArray>("salt");
    QTest::addColumn<int>("log2N");
    QTest::addColumn<int>("r");
    QTest::addColumn<int>("p");
    QTest::addColumn<QByteArray>("expected");

    // RFC 7914, section 12. The first vector (N = 16) is below the accepted cost.
    QTest::newRow("NaCl") << QByteArray("password") << QByteArray("NaCl") << 10 << 8 << 16
                          << QByteArray::fromHex("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                                                 "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
    QTest::newRow("SodiumChloride") << QByteArray("pleaseletmein") << QByteArray("SodiumChloride") << 14 << 8 << 1
                                    << QByteArray::fromHex(
                                           "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
                                           "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887");
}

void TestPasswordHasher::rfc7914Vectors()
{
    QFETCH(QByteArray, password);
    QFETCH(QByteArray, salt);
    QFETCH(int, log2N);
    QFETCH(int, r);
    QFETCH(int, p);
    QFETCH(QByteArray, expected);

    const Result<QByteArray> derived = PasswordHasher::scrypt(password, salt, {log2N, r, p}, int(expected.size()));
    QVERIFY2(derived.ok(), qPrintable(derived.ok() ? QString() : derived.error().detail));
    QCOMPARE(derived->toHex(), expected.toHex());
}

void TestPasswordHasher::roundTrip_data()
{
    QTest::addColumn<QByteArray>("password");

    QTest::newRow("ascii") << QByteArray("correct horse battery staple");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("utf-8") << QStringLiteral(u"Kennwort-\u00fc\u20ac-\U0001F511").toUtf8();
    QTest::newRow("embedded nul") << QByteArray("abc\0def", 7);
    QTest::newRow("long") << QByteArray(4096, 'p');
}

void TestPasswordHasher::roundTrip()
{
    QFETCH(QByteArray, password);

    const QString encoded = fastHash(password);
    QVERIFY2(encodedPattern.match(encoded).hasMatch(), qPrintable(encoded));

    const Result<bool> good = PasswordHasher::verify(password, encoded);
    QVERIFY(good.ok());
    QVERIFY(good.value());

    QByteArray wrong = password;
    wrong.append('x');
    const Result<bool> bad = PasswordHasher::verify(wrong, encoded);
    QVERIFY(bad.ok());
    QVERIFY(!bad.value());

    if (password.size() > 1) {
        const Result<bool> truncated = PasswordHasher::verify(QByteArrayView(password).chopped(1), encoded);
        QVERIFY(truncated.ok());
        QVERIFY(!truncated.value());
    }
}

void TestPasswordHasher::saltsDiffer()
{
    const QString first = fastHash("same password");
    const QString second = fastHash("same password");
    QVERIFY(!first.isEmpty());
    QVERIFY(first != second);
    // Salt and hash both differ, not just one of them.
    QVERIFY(first.section(u'$', 3, 3) != second.section(u'$', 3, 3));
    QVERIFY(first.section(u'$', 4, 4) != second.section(u'$', 4, 4));
    QVERIFY(*PasswordHasher::verify("same password", first));
    QVERIFY(*PasswordHasher::verify("same password", second));
}

void TestPasswordHasher::refusesMalformedEncodings_data()
{
    QTest::addColumn<QString>("encoded");

    const QString head = QStringLiteral("$scrypt$ln=10,r=8,p=1$");
    const QString salt = QStringLiteral("c2FsdHNhbHRzYWx0c2FsdA");                      // 16 bytes
    const QString hash = QStringLiteral("aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"); // 32 bytes
    const QString tail = u'$' + salt + u'$' + hash;

    // The well-formed string these rows break, to show that the rows fail for their own reason.
    QVERIFY(PasswordHasher::verify("password", head + salt + u'$' + hash).ok());

    QTest::newRow("empty") << QString();
    QTest::newRow("other algorithm") << QString(QStringLiteral("$argon2id$ln=10,r=8,p=1") + tail);
    QTest::newRow("no leading dollar") << QString(QStringLiteral("scrypt$ln=10,r=8,p=1") + tail);
    QTest::newRow("missing hash") << QString(head + salt);
    QTest::newRow("extra field") << QString(head + salt + u'$' + hash + QStringLiteral("$x"));
    QTest::newRow("trailing dollar") << QString(head + salt + u'$' + hash + u'$');
    QTest::newRow("parameters reordered") << QString(QStringLiteral("$scrypt$r=8,ln=10,p=1") + tail);
    QTest::newRow("parameter missing") << QString(QStringLiteral("$scrypt$ln=10,r=8") + tail);
    QTest::newRow("parameter not a number") << QString(QStringLiteral("$scrypt$ln=1a,r=8,p=1") + tail);
    QTest::newRow("parameter negative") << QString(QStringLiteral("$scrypt$ln=10,r=-8,p=1") + tail);
    QTest::newRow("parameter leading zero") << QString(QStringLiteral("$scrypt$ln=010,r=8,p=1") + tail);
    QTest::newRow("parameter huge") << QString(QStringLiteral("$scrypt$ln=99999999999,r=8,p=1") + tail);
    QTest::newRow("space inside") << QString(QStringLiteral("$scrypt$ln=10, r=8,p=1") + tail);
    QTest::newRow("padded salt") << QString(head + salt + QStringLiteral("==$") + hash);
    QTest::newRow("salt too short") << QString(head + salt.chopped(4) + u'$' + hash);
    QTest::newRow("hash too short") << QString(head + salt + u'$' + hash.chopped(4));
    QTest::newRow("hash too long") << QString(head + salt + u'$' + hash + QStringLiteral("AAAA"));
    QTest::newRow("hash not base64") << QString(head + salt + u'$' + hash.chopped(1) + u'*');
    QTest::newRow("url-safe alphabet") << QString(head + salt + u'$' + hash.chopped(1) + u'_');
    // 'h' differs from 'g' only in bits that the last character of 32 bytes does not carry.
    QTest::newRow("non-canonical base64") << QString(head + salt + u'$' + hash.chopped(1) + u'h');
    QTest::newRow("non-ascii") << QString(head + salt + u'$' + hash.chopped(1) + u'\u00e9');
    QTest::newRow("trailing new line") << QString(head + salt + u'$' + hash + u'\n');
}

void TestPasswordHasher::refusesMalformedEncodings()
{
    QFETCH(QString, encoded);
    const Result<bool> verified = PasswordHasher::verify("password", encoded);
    QVERIFY(!verified.ok());
    QCOMPARE(verified.error().kind, ErrorKind::InvalidInput);
    QVERIFY(PasswordHasher::needsRehash(encoded, fast));
}

void TestPasswordHasher::refusesAbsurdParameters_data()
{
    QTest::addColumn<int>("log2N");
    QTest::addColumn<int>("r");
    QTest::addColumn<int>("p");

    QTest::newRow("ln 9") << 9 << 8 << 1;
    QTest::newRow("ln 21") << 21 << 8 << 1;
    QTest::newRow("ln 60") << 60 << 8 << 1;
    QTest::newRow("r 0") << 10 << 0 << 1;
    QTest::newRow("r 33") << 10 << 33 << 1;
    QTest::newRow("p 0") << 10 << 8 << 0;
    QTest::newRow("p 17") << 10 << 8 << 17;
    QTest::newRow("2 GiB") << 20 << 16 << 1;
}

void TestPasswordHasher::refusesAbsurdParameters()
{
    QFETCH(int, log2N);
    QFETCH(int, r);
    QFETCH(int, p);

    // Through a stored string: a tampered database row must not make the server allocate gigabytes.
    const QString encoded = QStringLiteral("$scrypt$ln=%1,r=%2,p=%3$c2FsdHNhbHRzYWx0c2FsdA$"
                                           "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")
                                .arg(log2N)
                                .arg(r)
                                .arg(p);
    const Result<bool> verified = PasswordHasher::verify("password", encoded);
    QVERIFY(!verified.ok());
    QCOMPARE(verified.error().kind, ErrorKind::InvalidInput);

    // And when hashing: hash() never writes what verify() would refuse.
    const Result<QString> hashed = PasswordHasher::hash("password", {log2N, r, p});
    QVERIFY(!hashed.ok());
    QCOMPARE(hashed.error().kind, ErrorKind::InvalidInput);
}

void TestPasswordHasher::tamperedHashFails()
{
    const QString encoded = fastHash("s3cret");
    QVERIFY(*PasswordHasher::verify("s3cret", encoded));

    // Flip one bit of the first hash byte and re-encode, so the string stays well-formed.
    const qsizetype hashStart = encoded.lastIndexOf(u'$') + 1;
    QByteArray hash = QByteArray::fromBase64(encoded.sliced(hashStart).toLatin1());
    QCOMPARE(hash.size(), 32);
    for (const qsizetype index : {qsizetype(0), qsizetype(31)}) {
        QByteArray tampered = hash;
        tampered[index] = char(tampered[index] ^ 0x01);
        const QString tamperedEncoded =
            encoded.first(hashStart) +
            QString::fromLatin1(tampered.toBase64(QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals));
        const Result<bool> verified = PasswordHasher::verify("s3cret", tamperedEncoded);
        QVERIFY(verified.ok());
        QVERIFY(!verified.value());
    }

    // A changed salt gives another key.
    const qsizetype saltStart = encoded.indexOf(u'$', 8) + 1;
    QString otherSalt = encoded;
    otherSalt[saltStart] = otherSalt[saltStart] == u'A' ? u'B' : u'A';
    const Result<bool> verified = PasswordHasher::verify("s3cret", otherSalt);
    QVERIFY(verified.ok());
    QVERIFY(!verified.value());
}

void TestPasswordHasher::needsRehash()
{
    const QString encoded = fastHash("password");
    QVERIFY(!PasswordHasher::needsRehash(encoded, fast));
    QVERIFY(PasswordHasher::needsRehash(encoded));
    QVERIFY(PasswordHasher::needsRehash(encoded, {11, 8, 1}));
    QVERIFY(PasswordHasher::needsRehash(encoded, {10, 16, 1}));
    QVERIFY(PasswordHasher::needsRehash(encoded, {10, 8, 2}));
    QVERIFY(PasswordHasher::needsRehash(QStringLiteral("plain text"), fast));
}

void TestPasswordHasher::dummyHashIsValidAndStable()
{
    const QString dummy = PasswordHasher::dummyHash();
    QVERIFY(dummy.startsWith(QLatin1String("$scrypt$ln=17,r=8,p=1$")));
    QCOMPARE(PasswordHasher::dummyHash(), dummy);
    QVERIFY(!PasswordHasher::needsRehash(dummy));
    const Result<bool> verified = PasswordHasher::verify("", dummy);
    QVERIFY(verified.ok());
    QVERIFY(!verified.value());
}

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "tst_password_hasher.moc"
