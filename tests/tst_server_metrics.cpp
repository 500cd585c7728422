#include "PrometheusText.h"
#include "ServerMetrics.h"

#include <QList>
#include <QRegularExpression>
#include <QTest>
#include <QtConcurrent>

#include <numeric>

using namespace idc::server;
using namespace std::chrono_literals;

namespace {

QList<QByteArray> bucketLines(const QByteArray& exposition, const QByteArray& labels)
{
    QList<QByteArray> lines;
    const QByteArray prefix = "idc_http_request_duration_seconds_bucket{" + labels + ",le=\"";
    for (const QByteArray& line : exposition.split('\n')) {
        if (line.startsWith(prefix))
            lines.append(line);
    }
    return lines;
}

const QByteArray getCustomers = R"(method="GET",route="/api/v1/customers",status="200")";

} // namespace

class TestServerMetrics : public QObject
{
    Q_OBJECT

private slots:
    void startsWithZeroes();
    void countsRequests();
    void histogramBuckets_data();
    void histogramBuckets();
    void bucketsAreCumulative();
    void countsLoginFailuresAndThrottling();
    void escapesLabelValues_data();
    void escapesLabelValues();
    void outputIsSortedAndWellFormed();
    void concurrentRecordingIsExact();
};

void TestServerMetrics::startsWithZeroes()
{
    const QDateTime start = QDateTime::fromString(QStringLiteral("2026-11-24T01:02:03.456Z"), Qt::ISODateWithMs);
    const ServerMetrics metrics(start);
    const QByteArray text = metrics.exposition();

    QCOMPARE(idc::test::prometheusSample(text, "idc_throttled_requests_total"), 0.0);
    QVERIFY(text.contains("idc_process_start_time_seconds 1795482123.456\n"));
    for (const QByteArray family : {"idc_http_requests_total counter", "idc_http_request_duration_seconds histogram",
                                    "idc_login_failures_total counter", "idc_throttled_requests_total counter",
                                    "idc_process_start_time_seconds gauge"}) {
        QVERIFY2(text.contains(QByteArray("# TYPE " + family + '\n')), family.constData());
    }
    QVERIFY(!text.contains("idc_http_requests_total{"));
    QCOMPARE(ServerMetrics::contentType(), QByteArray("text/plain; version=0.0.4; charset=utf-8"));
}

void TestServerMetrics::countsRequests()
{
    ServerMetrics metrics;
    for (int i = 0; i < 3; ++i)
        metrics.recordRequest(QStringLiteral("GET"), QStringLiteral("/api/v1/customers"), 200, 2ms);
    metrics.recordRequest(QStringLiteral("GET"), QStringLiteral("/api/v1/customers"), 500, 2ms);
    metrics.recordRequest(QStringLiteral("PATCH"), QStringLiteral("/api/v1/customers/{id}"), 200, 2ms);

    const QByteArray text = metrics.exposition();
    QCOMPARE(idc::test::prometheusSample(text, "idc_http_requests_total{" + getCustomers + '}'), 3.0);
    QCOMPARE(idc::test::prometheusSample(
                 text, R"(idc_http_requests_total{method="GET",route="/api/v1/customers",status="500"})"),
             1.0);
    QCOMPARE(idc::test::prometheusSample(
                 text, R"(idc_http_requests_total{method="PATCH",route="/api/v1/customers/{id}",status="200"})"),
             1.0);
    QCOMPARE(idc::test::prometheusSample(text, "idc_http_request_duration_seconds_count{" + getCustomers + '}'), 3.0);
    QCOMPARE(idc::test::prometheusSample(text, "idc_http_request_duration_seconds_sum{" + getCustomers + '}'), 0.006);
}

void TestServerMetrics::histogramBuckets_data()
{
    QTest::addColumn<qint64>("nanoseconds");
    QTest::addColumn<QByteArray>("smallestBucket"); // the lowest `le` that counts it

    QTest::newRow("zero") << qint64(0) << QByteArray("0.005");
    QTest::newRow("exactly 5 ms") << qint64(5'000'000) << QByteArray("0.005");
    QTest::newRow("just above 5 ms") << qint64(5'000'001) << QByteArray("0.01");
    QTest::newRow("30 ms") << qint64(30'000'000) << QByteArray("0.05");
    QTest::newRow("exactly 1 s") << qint64(1'000'000'000) << QByteArray("1");
    QTest::newRow("2 s") << qint64(2'000'000'000) << QByteArray("2.5");
    QTest::newRow("exactly 10 s") << qint64(10'000'000'000) << QByteArray("10");
    QTest::newRow("a minute") << qint64(60'000'000'000) << QByteArray("+Inf");
}

void TestServerMetrics::histogramBuckets()
{
    QFETCH(qint64, nanoseconds);
    QFETCH(QByteArray, smallestBucket);

    ServerMetrics metrics;
    metrics.recordRequest(QStringLiteral("GET"), QStringLiteral("/api/v1/customers"), 200,
                          std::chrono::nanoseconds(nanoseconds));
    const QList<QByteArray> lines = bucketLines(metrics.exposition(), getCustomers);
    QCOMPARE(lines.size(), 12);

    bool reached = false;
    for (const QByteArray& line : lines) {
        reached = reached || line.contains(QByteArray(",le=\"" + smallestBucket + "\"}"));
        QVERIFY2(line.endsWith(reached ? " 1" : " 0"), line.constData());
    }
    QVERIFY(reached);
}

void TestServerMetrics::bucketsAreCumulative()
{
    ServerMetrics metrics;
    const QList<std::chrono::nanoseconds> durations{1ms, 3ms, 7ms, 20ms, 20ms, 80ms, 300ms, 700ms, 2s, 4s, 9s, 30s};
    for (const std::chrono::nanoseconds duration : durations)
        metrics.recordRequest(QStringLiteral("GET"), QStringLiteral("/api/v1/customers"), 200, duration);
    const QByteArray text = metrics.exposition();
    const QList<QByteArray> lines = bucketLines(text, getCustomers);

    const QList<QByteArray> expectedBounds{"0.005", "0.01", "0.025", "0.05", "0.1", "0.25",
                                           "0.5",   "1",    "2.5",   "5",    "10",  "+Inf"};
    const QList<int> expectedCounts{2, 3, 5, 5, 6, 6, 7, 8, 9, 10, 11, 12};
    QCOMPARE(lines.size(), expectedBounds.size());
    double previous = 0;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray series = lines[i].first(lines[i].lastIndexOf(' '));
        QVERIFY2(series.endsWith(QByteArray(",le=\"" + expectedBounds[i] + "\"}")), lines[i].constData());
        const double value = idc::test::prometheusSample(text, series);
        QCOMPARE(value, double(expectedCounts[i]));
        QVERIFY(value >= previous);
        previous = value;
    }
    QCOMPARE(
        idc::test::prometheusSample(text, "idc_http_request_duration_seconds_bucket{" + getCustomers + ",le=\"+Inf\"}"),
        idc::test::prometheusSample(text, "idc_http_request_duration_seconds_count{" + getCustomers + '}'));
    QCOMPARE(idc::test::prometheusSample(text, "idc_http_request_duration_seconds_sum{" + getCustomers + '}'), 46.131);
}

void TestServerMetrics::countsLoginFailuresAndThrottling()
{
    ServerMetrics metrics;
    metrics.recordLoginFailure(QStringLiteral("bad_password"));
    metrics.recordLoginFailure(QStringLiteral("bad_password"));
    metrics.recordLoginFailure(QStringLiteral("unknown_user"));
    metrics.recordThrottled();
    metrics.recordThrottled();
    metrics.recordThrottled();

    const QByteArray text = metrics.exposition();
    QCOMPARE(idc::test::prometheusSample(text, R"(idc_login_failures_total{reason="bad_password"})"), 2.0);
    QCOMPARE(idc::test::prometheusSample(text, R"(idc_login_failures_total{reason="unknown_user"})"), 1.0);
    QCOMPARE(idc::test::prometheusSample(text, R"(idc_login_failures_total{reason="mfa_failed"})"), -1.0);
    QCOMPARE(idc::test::prometheusSample(text, "idc_throttled_requests_total"), 3.0);
}

void TestServerMetrics::escapesLabelValues_data()
{
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QByteArray>("escaped");

    QTest::newRow("plain") << QStringLiteral("disabled") << QByteArray("disabled");
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QByteArray(R"(say \"hi\")");
    QTest::newRow("backslash") << QStringLiteral("a\\b") << QByteArray(R"(a\\b)");
    QTest::newRow("new line") << QStringLiteral("one\ntwo") << QByteArray(R"(one\ntwo)");
    QTest::newRow("all three") << QStringLiteral("\\\"\n") << QByteArray(R"(\\\"\n)");
    QTest::newRow("utf-8") << QStringLiteral(u"\u00e9t\u00e9") << QByteArray("\xc3\xa9t\xc3\xa9");
}

void TestServerMetrics::escapesLabelValues()
{
    QFETCH(QString, reason);
    QFETCH(QByteArray, escaped);

    ServerMetrics metrics;
    metrics.recordLoginFailure(reason);
    metrics.recordRequest(QStringLiteral("GET"), reason, 200, 1ms);
    const QByteArray text = metrics.exposition();
    QCOMPARE(idc::test::prometheusSample(text, "idc_login_failures_total{reason=\"" + escaped + "\"}"), 1.0);
    QCOMPARE(idc::test::prometheusSample(text, "idc_http_requests_total{method=\"GET\",route=\"" + escaped +
                                                   "\",status=\"200\"}"),
             1.0);
}

void TestServerMetrics::outputIsSortedAndWellFormed()
{
    ServerMetrics metrics;
    // Recorded out of order; the output must not depend on it.
    metrics.recordRequest(QStringLiteral("POST"), QStringLiteral("/api/v1/session"), 401, 1ms);
    metrics.recordRequest(QStringLiteral("GET"), QStringLiteral("/api/v1/customers/{id}"), 404, 1ms);
    metrics.recordRequest(QStringLiteral("GET"), QStringLiteral("/api/v1/customers"), 200, 1ms);
    metrics.recordLoginFailure(QStringLiteral("unknown_user"));
    metrics.recordLoginFailure(QStringLiteral("bad_password"));
    const QByteArray text = metrics.exposition();
    QCOMPARE(metrics.exposition(), text);
    QVERIFY(text.endsWith('\n'));

    const QRegularExpression comment(QStringLiteral(R"(^# (HELP|TYPE) [a-z_]+ .+$)"));
    const QRegularExpression sampleLine(
        QStringLiteral(R"(^[a-z_]+(\{[a-z_]+="([^"\\\n]|\\.)*"(,[a-z_]+="([^"\\\n]|\\.)*")*\})? [0-9.e+-]+$)"));
    QList<QByteArray> requestSeries;
    QList<QByteArray> reasons;
    for (const QByteArray& line : text.split('\n')) {
        if (line.isEmpty())
            continue;
        const QString lineText = QString::fromUtf8(line);
        QVERIFY2(comment.match(lineText).hasMatch() || sampleLine.match(lineText).hasMatch(), line.constData());
        if (line.startsWith("idc_http_requests_total{"))
            requestSeries.append(line);
        if (line.startsWith("idc_login_failures_total{"))
            reasons.append(line);
    }
    QCOMPARE(requestSeries.size(), 3);
    QVERIFY(std::is_sorted(requestSeries.begin(), requestSeries.end()));
    QCOMPARE(reasons.size(), 2);
    QVERIFY(reasons.first().contains("bad_password"));

    // Each family is introduced by its HELP and TYPE before its samples.
    QVERIFY(text.indexOf("# TYPE idc_http_requests_total counter") < text.indexOf("idc_http_requests_total{"));
    QVERIFY(text.indexOf("# TYPE idc_login_failures_total counter") < text.indexOf("idc_login_failures_total{"));
}

void TestServerMetrics::concurrentRecordingIsExact()
{
    constexpr int threads = 8;
    constexpr int perThread = 2000;
    ServerMetrics metrics;

    QList<int> workers(threads);
    std::iota(workers.begin(), workers.end(), 0);
    QThreadPool pool;
    pool.setMaxThreadCount(threads);
    QtConcurrent::blockingMap(&pool, workers, [&metrics](int worker) {
        for (int i = 0; i < perThread; ++i) {
            // Alternating fast and slow requests: half land in the 0.005 bucket.
            metrics.recordRequest(QStringLiteral("GET"), QStringLiteral("/api/v1/customers"), 200, i % 2 ? 1ms : 2s);
            metrics.recordLoginFailure(worker % 2 ? QStringLiteral("bad_password") : QStringLiteral("unknown_user"));
            metrics.recordThrottled();
            if (i % 100 == 0)
                (void)metrics.exposition();
        }
    });

    const QByteArray text = metrics.exposition();
    constexpr double total = threads * perThread;
    QCOMPARE(idc::test::prometheusSample(text, "idc_http_requests_total{" + getCustomers + '}'), total);
    QCOMPARE(idc::test::prometheusSample(text, "idc_http_request_duration_seconds_count{" + getCustomers + '}'), total);
    QCOMPARE(idc::test::prometheusSample(text,
                                         "idc_http_request_duration_seconds_bucket{" + getCustomers + ",le=\"0.005\"}"),
             total / 2);
    QCOMPARE(
        idc::test::prometheusSample(text, "idc_http_request_duration_seconds_bucket{" + getCustomers + ",le=\"2.5\"}"),
        total);
    QCOMPARE(idc::test::prometheusSample(text, "idc_http_request_duration_seconds_sum{" + getCustomers + '}'),
             total / 2 * 2.001);
    QCOMPARE(idc::test::prometheusSample(text, R"(idc_login_failures_total{reason="bad_password"})"), total / 2);
    QCOMPARE(idc::test::prometheusSample(text, R"(idc_login_failures_total{reason="unknown_user"})"), total / 2);
    QCOMPARE(idc::test::prometheusSample(text, "idc_throttled_requests_total"), total);
}

QTEST_GUILESS_MAIN(TestServerMetrics)
#include "tst_server_metrics.moc"
