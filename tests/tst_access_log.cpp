#include "AccessLog.h"

#include <QBuffer>
#include <QList>
#include <QSet>
#include <QTest>
#include <QTimeZone>
#include <QtConcurrent>

#include <numeric>

using namespace idc::server;
using namespace std::chrono_literals;

namespace {

AccessLogEntry sampleEntry()
{
    AccessLogEntry entry;
    entry.time = QDateTime::fromString(QStringLiteral("2026-11-24T01:02:03.456Z"), Qt::ISODateWithMs);
    entry.method = QStringLiteral("GET");
    entry.path = QStringLiteral("/api/v1/customers");
    entry.status = 200;
    entry.duration = 3210us;
    entry.operatorName = QStringLiteral("alice");
    entry.traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    return entry;
}

} // namespace

class TestAccessLog : public QObject
{
    Q_OBJECT

private slots:
    void formatsLine();
    void missingValuesAreDashes();
    void convertsTimeToUtc();
    void formatsDuration_data();
    void formatsDuration();
    void escapesPath_data();
    void escapesPath();
    void escapesOtherFields();
    void writesLinesToDevice();
    void concurrentWritesKeepLinesWhole();
};

void TestAccessLog::formatsLine()
{
    QCOMPARE(AccessLog::formatLine(sampleEntry()),
             QStringLiteral("2026-11-24T01:02:03.456Z GET /api/v1/customers 200 3.21ms operator=alice "
                            "trace=4bf92f3577b34da6a3ce929d0e0e4736"));
}

void TestAccessLog::missingValuesAreDashes()
{
    AccessLogEntry entry = sampleEntry();
    entry.operatorName.clear();
    entry.traceId.clear();
    entry.status = 401;
    QCOMPARE(AccessLog::formatLine(entry),
             QStringLiteral("2026-11-24T01:02:03.456Z GET /api/v1/customers 401 3.21ms operator=- trace=-"));

    entry.time = QDateTime();
    entry.method.clear();
    entry.path.clear();
    QCOMPARE(AccessLog::formatLine(entry), QStringLiteral("- - - 401 3.21ms operator=- trace=-"));
}

void TestAccessLog::convertsTimeToUtc()
{
    AccessLogEntry entry = sampleEntry();
    entry.time = QDateTime(QDate(2026, 11, 24), QTime(3, 2, 3, 456), QTimeZone(7200));
    QVERIFY(AccessLog::formatLine(entry).startsWith(QLatin1String("2026-11-24T01:02:03.456Z ")));
}

void TestAccessLog::formatsDuration_data()
{
    QTest::addColumn<qint64>("nanoseconds");
    QTest::addColumn<QString>("text");

    QTest::newRow("zero") << qint64(0) << QStringLiteral("0.00ms");
    QTest::newRow("sub-microsecond") << qint64(400) << QStringLiteral("0.00ms");
    QTest::newRow("rounds") << qint64(1'235'000) << QStringLiteral("1.24ms");
    QTest::newRow("seconds") << qint64(2'500'000'000) << QStringLiteral("2500.00ms");
    QTest::newRow("negative clamps") << qint64(-5'000'000) << QStringLiteral("0.00ms");
}

void TestAccessLog::formatsDuration()
{
    QFETCH(qint64, nanoseconds);
    QFETCH(QString, text);
    AccessLogEntry entry = sampleEntry();
    entry.duration = std::chrono::nanoseconds(nanoseconds);
    QCOMPARE(AccessLog::formatLine(entry).section(u' ', 4, 4), text);
}

void TestAccessLog::escapesPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("logged");

    QTest::newRow("plain") << QStringLiteral("/api/v1/customers/0b5c") << QStringLiteral("/api/v1/customers/0b5c");
    QTest::newRow("query dropped") << QStringLiteral("/api/v1/customers?q=Jane%20Doe&limit=50")
                                   << QStringLiteral("/api/v1/customers");
    QTest::newRow("empty query dropped") << QStringLiteral("/api/v1/customers?") << QStringLiteral("/api/v1/customers");
    QTest::newRow("fragment dropped") << QStringLiteral("/api/v1/customers#jane")
                                      << QStringLiteral("/api/v1/customers");
    QTest::newRow("new line") << QStringLiteral("/api/v1/x\n2026-01-01T00:00:00.000Z GET /forged 200")
                              << QStringLiteral("/api/v1/x%0A2026-01-01T00:00:00.000Z%20GET%20/forged%20200");
    QTest::newRow("carriage return") << QStringLiteral("/a\rb") << QStringLiteral("/a%0Db");
    QTest::newRow("space") << QStringLiteral("/a b") << QStringLiteral("/a%20b");
    QTest::newRow("tab") << QStringLiteral("/a\tb") << QStringLiteral("/a%09b");
    QTest::newRow("escape sequence") << QStringLiteral("/a\x1b[31mb") << QStringLiteral("/a%1B[31mb");
    QTest::newRow("delete") << QStringLiteral("/a\x7f") << QStringLiteral("/a%7F");
    QTest::newRow("percent") << QStringLiteral("/100%") << QStringLiteral("/100%25");
    QTest::newRow("non-ascii") << QStringLiteral(u"/M\u00fcller") << QStringLiteral("/M%C3%BCller");
    QTest::newRow("unicode line separator") << QStringLiteral(u"/a\u2028b") << QStringLiteral("/a%E2%80%A8b");
}

void TestAccessLog::escapesPath()
{
    QFETCH(QString, path);
    QFETCH(QString, logged);

    AccessLogEntry entry = sampleEntry();
    entry.path = path;
    const QString line = AccessLog::formatLine(entry);
    QVERIFY(!line.contains(u'\n'));
    QCOMPARE(line.count(u' '), 6);
    QCOMPARE(line.section(u' ', 2, 2), logged);
}

void TestAccessLog::escapesOtherFields()
{
    AccessLogEntry entry = sampleEntry();
    entry.method = QStringLiteral("GET /x");
    entry.operatorName = QStringLiteral(u"Ana Mar\u00eda\nevil");
    entry.traceId = "abc def";
    const QString line = AccessLog::formatLine(entry);
    QCOMPARE(line, QStringLiteral("2026-11-24T01:02:03.456Z GET%20/x /api/v1/customers 200 3.21ms "
                                  "operator=Ana%20Mar%C3%ADa%0Aevil trace=abc%20def"));
}

void TestAccessLog::writesLinesToDevice()
{
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    AccessLog log(&buffer);
    log.write(sampleEntry());
    AccessLogEntry second = sampleEntry();
    second.path = QStringLiteral("/api/v1/customers?q=secret");
    second.status = 404;
    log.write(second);

    const QList<QByteArray> lines = buffer.data().split('\n');
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0], AccessLog::formatLine(sampleEntry()).toUtf8());
    QVERIFY(lines[1].contains(" /api/v1/customers 404 "));
    QVERIFY(!buffer.data().contains("secret"));
    QVERIFY(lines[2].isEmpty());
}

void TestAccessLog::concurrentWritesKeepLinesWhole()
{
    constexpr int threads = 8;
    constexpr int perThread = 500;
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    AccessLog log(&buffer);

    QList<int> workers(threads);
    std::iota(workers.begin(), workers.end(), 0);
    QThreadPool pool;
    pool.setMaxThreadCount(threads);
    QtConcurrent::blockingMap(&pool, workers, [&log](int worker) {
        for (int i = 0; i < perThread; ++i) {
            AccessLogEntry entry = sampleEntry();
            // Long paths make an interleaved write likely to show, were the lock missing.
            entry.path = QStringLiteral("/api/v1/customers/%1/%2/").arg(worker).arg(i) + QString(200, u'x');
            entry.operatorName = QStringLiteral("worker%1").arg(worker);
            log.write(entry);
        }
    });

    QList<QByteArray> lines = buffer.data().split('\n');
    QCOMPARE(lines.takeLast(), QByteArray()); // the data ends with a new line
    QCOMPARE(lines.size(), threads * perThread);
    QSet<QByteArray> unique;
    for (const QByteArray& line : std::as_const(lines)) {
        const QList<QByteArray> fields = line.split(' ');
        QCOMPARE(fields.size(), 7);
        const QList<QByteArray> pathParts = fields[2].split('/');
        QCOMPARE(pathParts.size(), 7);
        QCOMPARE(fields[5], "operator=worker" + pathParts[4]);
        QCOMPARE(pathParts[6], QByteArray(200, 'x'));
        unique.insert(line);
    }
    QCOMPARE(unique.size(), threads * perThread);
}

QTEST_GUILESS_MAIN(TestAccessLog)
#include "tst_access_log.moc"
