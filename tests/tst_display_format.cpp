#include "AddressTableModel.h"
#include "CustomerFixtures.h"
#include "DisplayFormat.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace idc;

/// Masking, names and error messages shared by the views and the command line, and the
/// address model.
class TestDisplayFormat : public QObject
{
    Q_OBJECT

private slots:
    void maskedEmail_data()
    {
        QTest::addColumn<QString>("email");
        QTest::addColumn<QString>("masked");
        const QString dot(QChar(0x2022));
        QTest::newRow("usual") << QStringLiteral("alice.nguyen@example.com")
                               << QStringLiteral("a") + dot.repeated(8) + QStringLiteral("@example.com");
        QTest::newRow("short local part") << QStringLiteral("al@example.com")
                                          << QStringLiteral("a") + dot.repeated(3) + QStringLiteral("@example.com");
        QTest::newRow("no at sign") << QStringLiteral("broken") << dot.repeated(6);
        QTest::newRow("empty") << QString() << dot.repeated(3);
    }

    void maskedEmail()
    {
        QFETCH(QString, email);
        QFETCH(QString, masked);
        QCOMPARE(DisplayFormat::maskedEmail(email), masked);
    }

    void maskedPhoneKeepsOnlyEnds()
    {
        const QString masked = DisplayFormat::maskedPhone(QStringLiteral("+84912345678"));
        QVERIFY(masked.startsWith(QStringLiteral("+84 ")));
        QVERIFY(masked.endsWith(QStringLiteral("678")));
        QVERIFY(!masked.contains(QStringLiteral("12345")));
        QVERIFY(DisplayFormat::maskedPhone(QString()).isEmpty());
    }

    void errorMessagesCarryDetail()
    {
        const QString text =
            DisplayFormat::errorMessage(makeError(ErrorKind::Unavailable, QStringLiteral("timeout expired")));
        QVERIFY(text.contains(QStringLiteral("cannot be reached")));
        QVERIFY(text.contains(QStringLiteral("timeout expired")));
        QVERIFY(
            DisplayFormat::errorMessage(makeError(ErrorKind::SchemaTooNew)).contains(QStringLiteral("newer version")));
    }

    void addressModel()
    {
        AddressTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setAddresses(test::fixtureAddresses());
        QCOMPARE(model.rowCount(), 2);
        using Column = AddressTableModel::Column;
        QCOMPARE(model.index(1, int(Column::Coordinates)).data().toString(), QStringLiteral("21.03410, 105.85160"));
        QVERIFY(model.index(0, int(Column::Coordinates)).data().toString().isEmpty());
        QCOMPARE(model.index(1, int(Column::DeliveryInstructions)).data().toString(),
                 QStringLiteral("Ring twice; the bell is broken on Sundays"));
        QVERIFY(model.index(1, int(Column::Address)).data().toString().contains(QStringLiteral("Hà Nội")));
        QCOMPARE(model.index(1, int(Column::Defaults)).data().toString(), QStringLiteral("Shipping"));
        model.setAddresses({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDisplayFormat)
#include "tst_display_format.moc"
