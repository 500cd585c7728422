#include "QrCode.h"
#include "Totp.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace idc;

namespace {

const QByteArray seed("12345678901234567890");

QString enrolmentUri()
{
    return otpauthUri(QStringLiteral("Identity Console: Prod"), QStringLiteral("maría.núñez@example.com"), seed);
}

/// Whether every pixel of the rectangle is white.
bool isWhite(const QImage& image, const QRect& rect)
{
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        for (int x = rect.left(); x <= rect.right(); ++x) {
            if (image.pixel(x, y) != qRgb(255, 255, 255))
                return false;
        }
    }
    return true;
}

} // namespace

class TestQrCode : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void decodesWithZbar_data();
    void decodesWithZbar();
    void geometry_data();
    void geometry();
    void modulesAreWholePixels();
    void refusesBadArguments();

private:
    QString m_zbarimg;
};

void TestQrCode::initTestCase()
{
    m_zbarimg = QStandardPaths::findExecutable(QStringLiteral("zbarimg"));
}

void TestQrCode::decodesWithZbar_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("scale");

    for (const int scale : {4, 6, 8})
        QTest::addRow("otpauth URI at %d px", scale) << enrolmentUri() << scale;
    QTest::newRow("random secret at 4 px")
        << otpauthUri(QStringLiteral("ACME"), QStringLiteral("ops"), generateTotpSecret().value()) << 4;
}

void TestQrCode::decodesWithZbar()
{
    QFETCH(QString, text);
    QFETCH(int, scale);

    if (m_zbarimg.isEmpty())
        QFAIL("zbarimg is not installed (apt-get install zbar-tools; install-deps.sh installs it): it is this test's "
              "independent QR decoder");

    const Result<QImage> image = qrImage(text, scale);
    QVERIFY2(image.ok(), qPrintable(image ? QString() : image.error().detail));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("qr.png"));
    QVERIFY(image->save(file, "PNG"));

    QProcess zbar;
    zbar.start(m_zbarimg, {QStringLiteral("--raw"), QStringLiteral("-q"), QStringLiteral("--nodbus"), file});
    QVERIFY2(zbar.waitForFinished(20000), "zbarimg did not finish");
    QVERIFY2(zbar.exitStatus() == QProcess::NormalExit && zbar.exitCode() == 0,
             qPrintable(QStringLiteral("zbarimg exit code %1 (4: no code found): %2")
                            .arg(zbar.exitCode())
                            .arg(QString::fromLocal8Bit(zbar.readAllStandardError()))));
    QByteArray decoded = zbar.readAllStandardOutput();
    if (decoded.endsWith('\n'))
        decoded.chop(1);
    QCOMPARE(QString::fromUtf8(decoded), text);
}

void TestQrCode::geometry_data()
{
    QTest::addColumn<int>("scale");
    QTest::addColumn<int>("quiet");

    QTest::newRow("1 px, standard border") << 1 << 4;
    QTest::newRow("4 px, standard border") << 4 << 4;
    QTest::newRow("6 px, standard border") << 6 << 4;
    QTest::newRow("8 px, standard border") << 8 << 4;
    QTest::newRow("5 px, wide border") << 5 << 6;
    QTest::newRow("3 px, no border") << 3 << 0;
}

void TestQrCode::geometry()
{
    QFETCH(int, scale);
    QFETCH(int, quiet);

    const QString text = enrolmentUri();
    const int modules = qrModuleCount(text);
    QVERIFY(modules >= 21 && modules <= 177);
    QCOMPARE((modules - 17) % 4, 0); // version v is 17 + 4v modules wide

    const Result<QImage> image = qrImage(text, scale, quiet);
    QVERIFY(image.ok());
    const int side = (modules + 2 * quiet) * scale;
    QCOMPARE(image->size(), QSize(side, side));
    QVERIFY(image->format() == QImage::Format_Grayscale8 || image->format() == QImage::Format_Mono);

    const int border = quiet * scale;
    if (border > 0) {
        QVERIFY(isWhite(image.value(), QRect(0, 0, side, border)));             // top
        QVERIFY(isWhite(image.value(), QRect(0, side - border, side, border))); // bottom
        QVERIFY(isWhite(image.value(), QRect(0, 0, border, side)));             // left
        QVERIFY(isWhite(image.value(), QRect(side - border, 0, border, side))); // right
    }
    // Just inside the border: the finder patterns' black corners (top left, top right, bottom left).
    QCOMPARE(image->pixel(border, border), qRgb(0, 0, 0));
    QCOMPARE(image->pixel(side - border - 1, border), qRgb(0, 0, 0));
    QCOMPARE(image->pixel(border, side - border - 1), qRgb(0, 0, 0));
    // The finder pattern's white ring one module in.
    QCOMPARE(image->pixel(border + scale, border + scale), qRgb(255, 255, 255));
}

void TestQrCode::modulesAreWholePixels()
{
    const int scale = 5;
    const int quiet = 4;
    const Result<QImage> image = qrImage(enrolmentUri(), scale, quiet);
    QVERIFY(image.ok());
    const int modules = image->width() / scale - 2 * quiet;
    // Every pixel is pure black or pure white, and equal to the first pixel of its module.
    for (int y = 0; y < image->height(); ++y) {
        for (int x = 0; x < image->width(); ++x) {
            const QRgb pixel = image->pixel(x, y);
            QVERIFY(pixel == qRgb(0, 0, 0) || pixel == qRgb(255, 255, 255));
            if (pixel != image->pixel(x - x % scale, y - y % scale))
                QFAIL(qPrintable(QStringLiteral("pixel %1,%2 differs from its module").arg(x).arg(y)));
        }
    }
    QCOMPARE(modules, qrModuleCount(enrolmentUri()));
}

void TestQrCode::refusesBadArguments()
{
    const QString text = enrolmentUri();
    for (const int scale : {0, -1}) {
        const Result<QImage> image = qrImage(text, scale);
        QVERIFY(!image.ok());
        QCOMPARE(image.error().kind, ErrorKind::InvalidInput);
    }
    const Result<QImage> negativeBorder = qrImage(text, 4, -1);
    QVERIFY(!negativeBorder.ok());
    QCOMPARE(negativeBorder.error().kind, ErrorKind::InvalidInput);

    const Result<QImage> huge = qrImage(text, 1000);
    QVERIFY(!huge.ok());
    QCOMPARE(huge.error().kind, ErrorKind::InvalidInput);

    // Too long for any QR code; the detail must not repeat the text (it may hold a secret).
    const QString tooLong(5000, u'x');
    QCOMPARE(qrModuleCount(tooLong), 0);
    const Result<QImage> refused = qrImage(tooLong, 4);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, ErrorKind::InvalidInput);
    QVERIFY(!refused.error().detail.contains(QStringLiteral("xxxx")));
    const Result<QImage> secretRefused = qrImage(text + tooLong, 4);
    QVERIFY(!secretRefused.ok());
    QVERIFY(!secretRefused.error().detail.contains(base32Encode(seed)));

    // Short texts work, the smallest code is version 1.
    QCOMPARE(qrModuleCount(QStringLiteral("A")), 21);
}

QTEST_GUILESS_MAIN(TestQrCode)
#include "tst_qr_code.moc"
