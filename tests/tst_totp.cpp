#include "Totp.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTest>
#include <QUrl>
#include <QUrlQuery>

using namespace idc;

Q_DECLARE_METATYPE(idc::TotpAlgorithm)

namespace {

// The seeds of RFC 6238 Appendix B: the ASCII digits repeated to the hash's block length.
const QByteArray seedSha1("12345678901234567890");
const QByteArray seedSha256("12345678901234567890123456789012");
const QByteArray seedSha512("1234567890123456789012345678901234567890123456789012345678901234");

QByteArray randomBytes(qsizetype length)
{
    QByteArray data(length, Qt::Uninitialized);
    for (char& byte : data)
        byte = char(QRandomGenerator::global()->bounded(256));
    return data;
}

QString algorithmName(TotpAlgorithm alg)
{
    switch (alg) {
    case TotpAlgorithm::Sha1:
        return QStringLiteral("SHA1");
    case TotpAlgorithm::Sha256:
        return QStringLiteral("SHA256");
    case TotpAlgorithm::Sha512:
        return QStringLiteral("SHA512");
    }
    return {};
}

/// The same code as liboath would give, or a null string (and a test failure) on error.
QString codeAt(const QByteArray& secret, qint64 time)
{
    const Result<QString> code = totpCode(secret, time);
    if (!code) {
        qWarning() << "totpCode failed:" << code.error().detail;
        return {};
    }
    return code.value();
}

} // namespace

class TestTotp : public QObject
{
    Q_OBJECT

private slots:
    void rfc6238Vectors_data();
    void rfc6238Vectors();
    void matchesOathtool();
    void generatedSecrets();
    void refusesBadParameters_data();
    void refusesBadParameters();

    void base32Rfc4648Vectors_data();
    void base32Rfc4648Vectors();
    void base32RoundTrips();
    void base32AcceptsWhatPeopleType_data();
    void base32AcceptsWhatPeopleType();
    void base32Refuses_data();
    void base32Refuses();

    void windowEdges_data();
    void windowEdges();
    void windowZeroAcceptsOnlyTheCurrentStep();
    void verifierRefusesReplays();
    void malformedCodesNeverMatch_data();
    void malformedCodesNeverMatch();

    void otpauthUriEscapesIssuerAndLabel();
    void otpauthUriWithoutIssuer();
    void groupedKey_data();
    void groupedKey();
};

void TestTotp::rfc6238Vectors_data()
{
    QTest::addColumn<qint64>("time");
    QTest::addColumn<TotpAlgorithm>("algorithm");
    QTest::addColumn<QString>("expected");

    // RFC 6238 Appendix B, all 18 rows (8 digits, period 30, T0 = 0).
    struct Row
    {
        qint64 time;
        const char* sha1;
        const char* sha256;
        const char* sha512;
    };
    const Row rows[] = {
        {59, "94287082", "46119246", "90693936"},         {1111111109, "07081804", "68084774", "25091201"},
        {1111111111, "14050471", "67062674", "99943326"}, {1234567890, "89005924", "91819424", "93441116"},
        {2000000000, "69279037", "90698825", "38618901"}, {20000000000, "65353130", "77737706", "47863826"},
    };
    for (const Row& row : rows) {
        QTest::addRow("%lld SHA1", row.time) << row.time << TotpAlgorithm::Sha1 << QString::fromLatin1(row.sha1);
        QTest::addRow("%lld SHA256", row.time) << row.time << TotpAlgorithm::Sha256 << QString::fromLatin1(row.sha256);
        QTest::addRow("%lld SHA512", row.time) << row.time << TotpAlgorithm::Sha512 << QString::fromLatin1(row.sha512);
    }
}

void TestTotp::rfc6238Vectors()
{
    QFETCH(qint64, time);
    QFETCH(TotpAlgorithm, algorithm);
    QFETCH(QString, expected);

    const QByteArray& seed =
        algorithm == TotpAlgorithm::Sha1 ? seedSha1 : (algorithm == TotpAlgorithm::Sha256 ? seedSha256 : seedSha512);
    const Result<QString> code = totpCode(seed, time, 8, 30, algorithm);
    QVERIFY2(code.ok(), qPrintable(code ? QString() : code.error().detail));
    QCOMPARE(code.value(), expected);

    // And the matcher finds the vector at its own step.
    const std::optional<qint64> step = totpMatchStep(seed, expected, time, 1, 8, 30, algorithm);
    QVERIFY(step.has_value());
    QCOMPARE(*step, time / 30);
}

void TestTotp::matchesOathtool()
{
    const QString oathtool = QStandardPaths::findExecutable(QStringLiteral("oathtool"));
    if (oathtool.isEmpty())
        QFAIL("oathtool is not installed (apt-get install oathtool; install-deps.sh installs it): it is this "
              "test's independent TOTP implementation");

    const TotpAlgorithm algorithms[] = {TotpAlgorithm::Sha1, TotpAlgorithm::Sha256, TotpAlgorithm::Sha512};
    const int lengths[] = {20, 10, 30, 40}; // multiples of 5 bytes: base32 without padding
    for (int i = 0; i < 20; ++i) {
        const QByteArray secret = randomBytes(lengths[i % 4]);
        const qint64 time = qint64(QRandomGenerator::global()->bounded(quint64(1) << 33));
        const TotpAlgorithm algorithm = algorithms[i % 3];
        const int digits = 6 + i % 3;

        QProcess process;
        process.start(oathtool, {QStringLiteral("--totp=") + algorithmName(algorithm), QStringLiteral("-b"),
                                 QStringLiteral("-d"), QString::number(digits), QStringLiteral("--now"),
                                 QStringLiteral("@") + QString::number(time), base32Encode(secret)});
        QVERIFY2(process.waitForFinished(10000), "oathtool did not finish");
        QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
                 qPrintable(QString::fromLocal8Bit(process.readAllStandardError())));
        const QString expected = QString::fromLatin1(process.readAllStandardOutput()).trimmed();

        const Result<QString> code = totpCode(secret, time, digits, 30, algorithm);
        QVERIFY(code.ok());
        QVERIFY2(code.value() == expected,
                 qPrintable(QStringLiteral("%1 at @%2, %3 bytes, %4 digits: ours %5, oathtool %6")
                                .arg(algorithmName(algorithm))
                                .arg(time)
                                .arg(secret.size())
                                .arg(digits)
                                .arg(code.value(), expected)));
    }
}

void TestTotp::generatedSecrets()
{
    const Result<QByteArray> first = generateTotpSecret();
    const Result<QByteArray> second = generateTotpSecret();
    QVERIFY(first.ok());
    QVERIFY(second.ok());
    QCOMPARE(first->size(), totpSecretLength);
    QCOMPARE(second->size(), totpSecretLength);
    QVERIFY(first.value() != second.value());
    QCOMPARE(base32Encode(first.value()).size(), 32); // what users type: 8 groups of 4
}

void TestTotp::refusesBadParameters_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<qint64>("time");
    QTest::addColumn<int>("digits");
    QTest::addColumn<int>("period");

    QTest::newRow("empty secret") << QByteArray() << qint64(59) << 6 << 30;
    QTest::newRow("negative time") << seedSha1 << qint64(-1) << 6 << 30;
    QTest::newRow("5 digits") << seedSha1 << qint64(59) << 5 << 30;
    QTest::newRow("9 digits") << seedSha1 << qint64(59) << 9 << 30;
    QTest::newRow("period 0") << seedSha1 << qint64(59) << 6 << 0;
    QTest::newRow("negative period") << seedSha1 << qint64(59) << 6 << -30;
}

void TestTotp::refusesBadParameters()
{
    QFETCH(QByteArray, secret);
    QFETCH(qint64, time);
    QFETCH(int, digits);
    QFETCH(int, period);

    const Result<QString> code = totpCode(secret, time, digits, period);
    QVERIFY(!code.ok());
    QCOMPARE(code.error().kind, ErrorKind::InvalidInput);
    QVERIFY(!totpMatchStep(secret, QStringLiteral("12345678").left(digits > 0 ? digits : 6), time, 1, digits, period));
}

void TestTotp::base32Rfc4648Vectors_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("encoded");

    // RFC 4648 section 10, padding removed.
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("f") << QByteArray("f") << QStringLiteral("MY");
    QTest::newRow("fo") << QByteArray("fo") << QStringLiteral("MZXQ");
    QTest::newRow("foo") << QByteArray("foo") << QStringLiteral("MZXW6");
    QTest::newRow("foob") << QByteArray("foob") << QStringLiteral("MZXW6YQ");
    QTest::newRow("fooba") << QByteArray("fooba") << QStringLiteral("MZXW6YTB");
    QTest::newRow("foobar") << QByteArray("foobar") << QStringLiteral("MZXW6YTBOI");
    QTest::newRow("RFC 6238 seed") << seedSha1 << QStringLiteral("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

void TestTotp::base32Rfc4648Vectors()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, encoded);

    QCOMPARE(base32Encode(data), encoded);
    const Result<QByteArray> decoded = base32Decode(encoded);
    QVERIFY(decoded.ok());
    QCOMPARE(decoded.value(), data);
}

void TestTotp::base32RoundTrips()
{
    for (int length = 0; length <= 70; ++length) {
        const QByteArray data = randomBytes(length);
        const QString encoded = base32Encode(data);
        QCOMPARE(encoded.size(), (length * 8 + 4) / 5);
        QVERIFY(!encoded.contains(u'='));
        QCOMPARE(encoded, encoded.toUpper());
        const Result<QByteArray> decoded = base32Decode(encoded);
        QVERIFY(decoded.ok());
        QCOMPARE(decoded.value(), data);
        // As people type it: lower case, in groups.
        const Result<QByteArray> typed = base32Decode(idc::groupedKey(encoded).toLower());
        QVERIFY(typed.ok());
        QCOMPARE(typed.value(), data);
    }
}

void TestTotp::base32AcceptsWhatPeopleType_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("data");

    QTest::newRow("padded") << QStringLiteral("MZXW6YQ=") << QByteArray("foob");
    QTest::newRow("padded 6") << QStringLiteral("MY======") << QByteArray("f");
    QTest::newRow("lower case") << QStringLiteral("mzxw6ytboi") << QByteArray("foobar");
    QTest::newRow("mixed case, spaces, padding") << QStringLiteral(" mZxW 6yTb oI====== ") << QByteArray("foobar");
    QTest::newRow("only spaces") << QStringLiteral("   ") << QByteArray();
}

void TestTotp::base32AcceptsWhatPeopleType()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, data);

    const Result<QByteArray> decoded = base32Decode(text);
    QVERIFY2(decoded.ok(), qPrintable(decoded ? QString() : decoded.error().detail));
    QCOMPARE(decoded.value(), data);
}

void TestTotp::base32Refuses_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("digit 1") << QStringLiteral("MZXW1YTB");
    QTest::newRow("digit 8") << QStringLiteral("MZXW8YTB");
    QTest::newRow("digit 0") << QStringLiteral("MZXW0YTB");
    QTest::newRow("punctuation") << QStringLiteral("MZXW-6YTB");
    QTest::newRow("tab") << QStringLiteral("MZXW\t6YTB");
    QTest::newRow("newline") << QStringLiteral("MZXW6YTB\n");
    QTest::newRow("non-ASCII letter") << QStringLiteral("MZXW6YTÉ");
    QTest::newRow("full-width letter") << QStringLiteral("MZXW6YTＢ");
    QTest::newRow("padding in the middle") << QStringLiteral("MY==MZXQ");
    QTest::newRow("too little padding") << QStringLiteral("MY=");
    QTest::newRow("padding after full group") << QStringLiteral("MZXW6YTB========");
    QTest::newRow("only padding") << QStringLiteral("=");
    QTest::newRow("length 1") << QStringLiteral("M");
    QTest::newRow("length 3") << QStringLiteral("MZX");
    QTest::newRow("length 6") << QStringLiteral("MZXW6Y");
    QTest::newRow("length 9") << QStringLiteral("MZXW6YTBO");
}

void TestTotp::base32Refuses()
{
    QFETCH(QString, text);

    const Result<QByteArray> decoded = base32Decode(text);
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.error().kind, ErrorKind::InvalidInput);
    // The text is usually a secret: the detail must not repeat it.
    QVERIFY2(!decoded.error().detail.contains(text.trimmed()), qPrintable(decoded.error().detail));
    QVERIFY(!decoded.error().detail.contains(QStringLiteral("MZX")));
}

void TestTotp::windowEdges_data()
{
    QTest::addColumn<qint64>("time");
    QTest::addColumn<int>("offset");
    QTest::addColumn<bool>("accepted");

    // First second, middle and last second of a step: the window is counted in steps, not seconds.
    for (const qint64 time : {qint64(1111111110), qint64(1111111125), qint64(1111111139)}) {
        for (int offset = -3; offset <= 3; ++offset)
            QTest::addRow("@%lld step %+d", time, offset) << time << offset << (offset >= -1 && offset <= 1);
    }
}

void TestTotp::windowEdges()
{
    QFETCH(qint64, time);
    QFETCH(int, offset);
    QFETCH(bool, accepted);

    const qint64 step = time / 30;
    const QString code = codeAt(seedSha1, (step + offset) * 30);
    QVERIFY(!code.isEmpty());
    // Precondition: no other step near by has the same code, or the test would prove nothing.
    for (int other = -3; other <= 3; ++other) {
        if (other != offset)
            QVERIFY(codeAt(seedSha1, (step + other) * 30) != code);
    }

    const std::optional<qint64> matched = totpMatchStep(seedSha1, code, time);
    QCOMPARE(matched.has_value(), accepted);
    if (accepted)
        QCOMPARE(*matched, step + offset);

    // A window of 2 takes the step ±2 too, and still not ±3.
    const std::optional<qint64> wider = totpMatchStep(seedSha1, code, time, 2);
    QCOMPARE(wider.has_value(), qAbs(offset) <= 2);
}

void TestTotp::windowZeroAcceptsOnlyTheCurrentStep()
{
    const qint64 time = 1234567890;
    const qint64 step = time / 30;
    QCOMPARE(totpMatchStep(seedSha1, codeAt(seedSha1, time), time, 0), std::optional<qint64>(step));
    QVERIFY(!totpMatchStep(seedSha1, codeAt(seedSha1, time - 30), time, 0));
    QVERIFY(!totpMatchStep(seedSha1, codeAt(seedSha1, time + 30), time, 0));
    // Windows beyond clock-skew size are refused outright.
    QVERIFY(!totpMatchStep(seedSha1, codeAt(seedSha1, time), time, -1));
    QVERIFY(!totpMatchStep(seedSha1, codeAt(seedSha1, time), time, 11));
    // Near the epoch there is no step -1.
    QCOMPARE(totpMatchStep(seedSha1, codeAt(seedSha1, 0), 10), std::optional<qint64>(0));
}

void TestTotp::verifierRefusesReplays()
{
    const qint64 now = 1111111111;
    const qint64 step = now / 30;
    TotpVerifier verifier;
    QCOMPARE(verifier.lastAcceptedStep, qint64(-1));

    const QString current = codeAt(seedSha1, now);
    QVERIFY(verifier.accept(seedSha1, current, now));
    QCOMPARE(verifier.lastAcceptedStep, step);

    // The same code again, at once and a few seconds later while it is still in the window.
    QVERIFY(!verifier.accept(seedSha1, current, now));
    QVERIFY(!verifier.accept(seedSha1, current, now + 20));
    QCOMPARE(verifier.lastAcceptedStep, step);

    // An older code that is still inside the window is no fresher than the accepted one.
    QVERIFY(!verifier.accept(seedSha1, codeAt(seedSha1, now - 30), now));

    // The next step's code is fresh (a phone whose clock runs ahead).
    QVERIFY(verifier.accept(seedSha1, codeAt(seedSha1, now + 30), now));
    QCOMPARE(verifier.lastAcceptedStep, step + 1);
    // ...and then the current step's code, though valid, is a step back.
    QVERIFY(!verifier.accept(seedSha1, current, now + 5));

    // A wrong code changes nothing.
    QString wrong = current;
    wrong[0] = QLatin1Char(current.at(0) == u'9' ? '0' : char(current.at(0).toLatin1() + 1));
    QVERIFY(!verifier.accept(seedSha1, wrong, now + 60));
    QCOMPARE(verifier.lastAcceptedStep, step + 1);

    // A stored verifier with other parameters.
    TotpVerifier eightDigits{-1, 1, 8, 30, TotpAlgorithm::Sha512};
    QVERIFY(eightDigits.accept(seedSha512, QStringLiteral("93441116"), 1234567890));
    QVERIFY(!eightDigits.accept(seedSha512, QStringLiteral("93441116"), 1234567890));
}

void TestTotp::malformedCodesNeverMatch_data()
{
    const qint64 time = 1111111111;
    const QString code = codeAt(seedSha1, time);
    QVERIFY(code.size() == 6);

    QTest::addColumn<QString>("malformed");

    QTest::newRow("empty") << QString();
    QTest::newRow("five digits") << code.left(5);
    QTest::newRow("leading zero added") << QString(QStringLiteral("0") + code);
    QTest::newRow("digit appended") << QString(code + QStringLiteral("0"));
    QTest::newRow("leading space") << QString(QStringLiteral(" ") + code);
    QTest::newRow("trailing newline") << QString(code + QStringLiteral("\n"));
    QTest::newRow("space in the middle") << QString(code.left(3) + QStringLiteral(" ") + code.mid(3));
    QTest::newRow("sign") << QString(QStringLiteral("+") + code.mid(1));
    QString fullWidth;
    for (QChar c : code)
        fullWidth += QChar(char16_t(0xFF10 + (c.unicode() - u'0')));
    QTest::newRow("full-width digits") << fullWidth;
    QString arabicIndic;
    for (QChar c : code)
        arabicIndic += QChar(char16_t(0x0660 + (c.unicode() - u'0')));
    QTest::newRow("Arabic-Indic digits") << arabicIndic;
    QTest::newRow("letters") << QStringLiteral("abcdef");
}

void TestTotp::malformedCodesNeverMatch()
{
    QFETCH(QString, malformed);
    const qint64 time = 1111111111;

    QVERIFY(totpMatchStep(seedSha1, codeAt(seedSha1, time), time).has_value()); // the well-formed one does
    QVERIFY(!totpMatchStep(seedSha1, malformed, time));
    QVERIFY(!totpMatchStep(seedSha1, malformed, time, 10));
    TotpVerifier verifier;
    QVERIFY(!verifier.accept(seedSha1, malformed, time));
    QCOMPARE(verifier.lastAcceptedStep, qint64(-1));
}

void TestTotp::otpauthUriEscapesIssuerAndLabel()
{
    const QString issuer = QStringLiteral("Identity Console: Prod & Co");
    const QString label = QStringLiteral("maría.núñez@example.com");
    const QByteArray secret = seedSha1;

    const QString uri = otpauthUri(issuer, label, secret);
    QCOMPARE(uri, QStringLiteral("otpauth://totp/Identity%20Console%3A%20Prod%20%26%20Co:mar%C3%ADa.n%C3%BA%C3%B1ez%40"
                                 "example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Identity%20Console%3A%20"
                                 "Prod%20%26%20Co&algorithm=SHA1&digits=6&period=30"));
    for (QChar c : uri)
        QVERIFY2(c.unicode() > 0x20 && c.unicode() < 0x7f, "the URI is plain printable ASCII");

    // What a scanner sees when it parses it back.
    const QUrl url(uri, QUrl::StrictMode);
    QVERIFY2(url.isValid(), qPrintable(url.errorString()));
    QCOMPARE(url.scheme(), QStringLiteral("otpauth"));
    QCOMPARE(url.host(), QStringLiteral("totp"));
    const QString encodedPath = url.path(QUrl::FullyEncoded);
    QVERIFY(encodedPath.startsWith(u'/'));
    const QStringList parts = encodedPath.mid(1).split(u':');
    QCOMPARE(parts.size(), 2); // exactly one literal ':', the separator
    QCOMPARE(QUrl::fromPercentEncoding(parts.at(0).toLatin1()), issuer);
    QCOMPARE(QUrl::fromPercentEncoding(parts.at(1).toLatin1()), label);

    const QUrlQuery query(url);
    QCOMPARE(query.queryItemValue(QStringLiteral("issuer"), QUrl::FullyDecoded), issuer);
    QCOMPARE(query.queryItemValue(QStringLiteral("algorithm")), QStringLiteral("SHA1"));
    QCOMPARE(query.queryItemValue(QStringLiteral("digits")), QStringLiteral("6"));
    QCOMPARE(query.queryItemValue(QStringLiteral("period")), QStringLiteral("30"));
    const QString secretParameter = query.queryItemValue(QStringLiteral("secret"));
    QCOMPARE(secretParameter, base32Encode(secret));
    const Result<QByteArray> decoded = base32Decode(secretParameter);
    QVERIFY(decoded.ok());
    QCOMPARE(decoded.value(), secret);

    // A random secret too, and a label with every character that needs escaping.
    const QByteArray random = randomBytes(totpSecretLength);
    const QString awkward = QStringLiteral("a b:c@d/e?f#g&h=i+j%k;l");
    const QUrlQuery randomQuery{QUrl(otpauthUri(QStringLiteral("X"), awkward, random))};
    QCOMPARE(randomQuery.queryItemValue(QStringLiteral("secret")), base32Encode(random));
    QVERIFY(otpauthUri(QStringLiteral("X"), awkward, random)
                .startsWith(QStringLiteral("otpauth://totp/X:a%20b%3Ac%40d%2Fe%3Ff%23g%26h%3Di%2Bj%25k%3Bl?secret=")));
}

void TestTotp::otpauthUriWithoutIssuer()
{
    QCOMPARE(otpauthUri(QString(), QStringLiteral("ops@example.com"), QByteArray("foobar")),
             QStringLiteral("otpauth://totp/ops%40example.com?secret=MZXW6YTBOI&algorithm=SHA1&digits=6&period=30"));
}

void TestTotp::groupedKey_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("grouped");

    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("short") << QStringLiteral("ABC") << QStringLiteral("ABC");
    QTest::newRow("one group") << QStringLiteral("ABCD") << QStringLiteral("ABCD");
    QTest::newRow("remainder") << QStringLiteral("ABCDEFGHIJ") << QStringLiteral("ABCD EFGH IJ");
    QTest::newRow("20-byte secret") << QStringLiteral("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
                                    << QStringLiteral("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
    QTest::newRow("already grouped") << QStringLiteral("ABCD EFGH IJ") << QStringLiteral("ABCD EFGH IJ");
    QTest::newRow("badly grouped") << QStringLiteral("AB CDE FGHIJ ") << QStringLiteral("ABCD EFGH IJ");
}

void TestTotp::groupedKey()
{
    QFETCH(QString, key);
    QFETCH(QString, grouped);
    QCOMPARE(idc::groupedKey(key), grouped);
}

QTEST_GUILESS_MAIN(TestTotp)
#include "tst_totp.moc"
