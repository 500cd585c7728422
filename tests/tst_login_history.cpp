#include "ApiJson.h"
#include "DemoDataGenerator.h"
#include "TestBackend.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHostAddress>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>
#include <functional>

using namespace idc;

using EventPredicate = std::function<bool(const LoginEvent&)>;
Q_DECLARE_METATYPE(EventPredicate)
Q_DECLARE_METATYPE(idc::RiskFlags)
Q_DECLARE_METATYPE(idc::RiskThresholds)
Q_DECLARE_METATYPE(idc::HistogramBucket)

namespace {

const QDateTime referenceTime(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);

/// The future's result, waited for without QFuture::result()'s habit of running a job that has
/// not started yet on the waiting thread, which would give this thread a connection of its own.
template <typename T>
T awaited(QFuture<T> future)
{
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, 600000))
        qWarning("a database job took more than ten minutes");
    return future.result();
}

QString errorText(const Error& error)
{
    return QStringLiteral("error kind %1: %2").arg(int(error.kind)).arg(error.detail);
}

QSet<QUuid> customersWith(const QList<LoginEvent>& events, RiskFlag flag)
{
    QSet<QUuid> customers;
    for (const LoginEvent& e : events) {
        if (e.flags.testFlag(flag))
            customers.insert(e.customerId);
    }
    return customers;
}

QSet<QUuid> toSet(const QList<QUuid>& ids)
{
    return QSet<QUuid>(ids.cbegin(), ids.cend());
}

} // namespace

/// The login history contract: listing, filtering, paging, counting and charting login events,
/// and their risk flags, give the same answers on every backend. The history is the demo
/// generator's, so the flags are held to the security cases it planted.
class TestLoginHistory : public QObject
{
    Q_OBJECT

public:
    explicit TestLoginHistory(QString backend)
        : m_backend(std::move(backend))
    {
    }

private slots:
    void initTestCase()
    {
        m_testBackend = std::make_unique<test::TestBackend>(m_backend);
        Status opened = m_testBackend->open();
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : errorText(opened.error())));

        DemoDataOptions options;
        options.seed = 20261124;
        options.customers = 1000;
        options.loginEvents = 6000;
        options.referenceTime = referenceTime;
        QElapsedTimer timer;
        timer.start();
        Result<DemoDataSummary> summary = awaited(DemoDataGenerator::start(m_testBackend->direct().pool(), options));
        QVERIFY2(summary.ok(), qPrintable(summary.ok() ? QString() : errorText(summary.error())));
        m_summary = summary.value();
        qInfo("%s: demo data generated in %lld ms", qPrintable(m_backend), timer.elapsed());

        // The history as stored, read directly: what the filters are checked against.
        Result<QList<LoginEvent>> stored =
            awaited(m_testBackend->direct().pool().run([](QSqlDatabase& db) -> Result<QList<LoginEvent>> {
                QSqlQuery query(db);
                query.setForwardOnly(true);
                if (!query.exec(QStringLiteral("SELECT id, customer_id, occurred_at, ip, success, failure_reason, "
                                               "country FROM login_events")))
                    return makeError(ErrorKind::Storage, QStringLiteral("cannot read login_events"));
                QList<LoginEvent> events;
                while (query.next()) {
                    LoginEvent e;
                    e.id = QUuid::fromString(query.value(0).toString());
                    e.customerId = QUuid::fromString(query.value(1).toString());
                    e.occurredAt = SqlDialect::timestampFrom(query.value(2));
                    e.ip = query.value(3).toString();
                    e.success = SqlDialect::boolFrom(query.value(4));
                    if (!query.value(5).isNull())
                        e.failureReason = loginFailureReasonFromString(query.value(5).toString());
                    e.country = query.value(6).toString();
                    events << e;
                }
                return events;
            }));
        QVERIFY(stored.ok());
        m_stored = newestFirst(stored.value());
        QCOMPARE(m_stored.size(), m_summary.loginEvents);

        timer.restart();
        Result<QList<LoginEvent>> all = fetchAll(LoginEventQuery{}, 500);
        QVERIFY2(all.ok(), qPrintable(all.ok() ? QString() : errorText(all.error())));
        m_all = all.value();
        qInfo("%s: all %lld events with their flags read in %lld ms", qPrintable(m_backend), qint64(m_all.size()),
              timer.elapsed());
    }

    void firstPageIsFast()
    {
        // The console's first screen: the newest 100 events of everyone.
        QElapsedTimer timer;
        timer.start();
        Result<LoginEventPage> page = backend().loginEvents(LoginEventQuery{}, {}, 100).result();
        const qint64 elapsed = timer.elapsed();
        QVERIFY(page.ok());
        QCOMPARE(page->items.size(), 100);
        QVERIFY(!page->next.isNull());
        qInfo("%s: first page of 100 in %lld ms", qPrintable(m_backend), elapsed);
        QVERIFY2(elapsed < 2000, qPrintable(QString::number(elapsed)));
    }

    void pagesAreNewestFirstWithoutGapsOrDuplicates()
    {
        QCOMPARE(idsOf(m_all), idsOf(m_stored));
        const QList<QUuid> ids = idsOf(m_all);
        QCOMPARE(QSet<QUuid>(ids.cbegin(), ids.cend()).size(), ids.size());
        for (qsizetype i = 1; i < m_all.size(); ++i)
            QVERIFY(m_all.at(i - 1).occurredAt >= m_all.at(i).occurredAt);
        LoginEventQuery query;
        query.from = referenceTime.addDays(-10);
        for (int pageSize : {1, 7, 100}) {
            Result<QList<LoginEvent>> paged = fetchAll(query, pageSize);
            QVERIFY2(paged.ok(), qPrintable(paged.ok() ? QString() : errorText(paged.error())));
            QCOMPARE(idsOf(paged.value()),
                     idsOf(where(m_stored, [&query](const LoginEvent& e) { return e.occurredAt >= query.from; })));
        }
    }

    void eventFields()
    {
        // Every member travels: compare one event of each kind with the stored rows.
        const auto withDevice =
            std::find_if(m_all.cbegin(), m_all.cend(), [](const LoginEvent& e) { return !e.deviceId.isNull(); });
        QVERIFY(withDevice != m_all.cend());
        QVERIFY(!withDevice->deviceName.isEmpty());
        const auto failed = std::find_if(m_all.cbegin(), m_all.cend(), [](const LoginEvent& e) { return !e.success; });
        QVERIFY(failed != m_all.cend());
        QVERIFY(failed->failureReason.has_value());
        for (const LoginEvent& e : m_all) {
            QVERIFY(!e.email.isEmpty());
            QVERIFY(!e.ip.isEmpty());
            QCOMPARE(e.success, !e.failureReason.has_value());
            QCOMPARE(e.latitude.has_value(), e.longitude.has_value());
        }
        QVERIFY(std::any_of(m_all.cbegin(), m_all.cend(), [](const LoginEvent& e) { return e.latitude.has_value(); }));
    }

    void filters_data()
    {
        QTest::addColumn<LoginEventQuery>("query");
        QTest::addColumn<EventPredicate>("expected");

        LoginEventQuery q;
        q.success = true;
        QTest::newRow("successful") << q << EventPredicate([](const LoginEvent& e) { return e.success; });
        q.success = false;
        QTest::newRow("failed") << q << EventPredicate([](const LoginEvent& e) { return !e.success; });
        q = {};
        q.failureReason = LoginFailureReason::Locked;
        QTest::newRow("failure reason") << q << EventPredicate([](const LoginEvent& e) {
            return e.failureReason == LoginFailureReason::Locked;
        });
        q = {};
        q.ipOrCidr = m_summary.credentialStuffingIp;
        const QString stuffingIp = m_summary.credentialStuffingIp;
        QTest::newRow("exact IP") << q
                                  << EventPredicate([stuffingIp](const LoginEvent& e) { return e.ip == stuffingIp; });
        q.ipOrCidr = stuffingIp.left(stuffingIp.lastIndexOf(u'.')) + QStringLiteral(".0/24");
        const auto subnet = QHostAddress::parseSubnet(q.ipOrCidr);
        QTest::newRow("CIDR") << q << EventPredicate([subnet](const LoginEvent& e) {
            return QHostAddress(e.ip).isInSubnet(subnet);
        });
        q.ipOrCidr = QStringLiteral("10.0.0.0/8");
        QTest::newRow("CIDR without events") << q << EventPredicate([](const LoginEvent& e) {
            return QHostAddress(e.ip).isInSubnet(QHostAddress::parseSubnet(QStringLiteral("10.0.0.0/8")));
        });
        q = {};
        const QString country = m_stored.first().country;
        q.country = country.toLower();
        QTest::newRow("country, any case")
            << q << EventPredicate([country](const LoginEvent& e) { return e.country == country; });
        q = {};
        q.from = referenceTime.addDays(-5);
        q.to = m_stored.at(m_stored.size() / 2).occurredAt; // exclusive: that event is out
        const QDateTime from = q.from;
        const QDateTime to = q.to;
        QTest::newRow("date range") << q << EventPredicate([from, to](const LoginEvent& e) {
            return e.occurredAt >= from && e.occurredAt < to;
        });
        q = {};
        const QUuid customer = m_summary.lockedCustomers.first();
        q.customerId = customer;
        QTest::newRow("customer") << q << EventPredicate([customer](const LoginEvent& e) {
            return e.customerId == customer;
        });
        q.success = false;
        q.failureReason = LoginFailureReason::BadPassword;
        q.from = referenceTime.addDays(-90);
        QTest::newRow("filters combined") << q << EventPredicate([customer](const LoginEvent& e) {
            return e.customerId == customer && e.failureReason == LoginFailureReason::BadPassword &&
                   e.occurredAt >= referenceTime.addDays(-90);
        });
    }

    void filters()
    {
        QFETCH(LoginEventQuery, query);
        QFETCH(EventPredicate, expected);
        const QList<LoginEvent> expectedEvents = where(m_stored, expected);
        Result<QList<LoginEvent>> all = fetchAll(query, 250);
        QVERIFY2(all.ok(), qPrintable(all.ok() ? QString() : errorText(all.error())));
        QCOMPARE(idsOf(all.value()), idsOf(expectedEvents));

        Result<CustomerCount> count = backend().countLoginEvents(query, 100000).result();
        QVERIFY2(count.ok(), qPrintable(count.ok() ? QString() : errorText(count.error())));
        QCOMPARE(count->count, expectedEvents.size());
        QVERIFY(!count->capped);
    }

    void countIsCapped()
    {
        Result<CustomerCount> capped = backend().countLoginEvents(LoginEventQuery{}, 10).result();
        QVERIFY(capped.ok());
        QCOMPARE(capped->count, 10);
        QVERIFY(capped->capped);
    }

    void invalidInputIsRefused_data()
    {
        QTest::addColumn<QString>("ip");
        QTest::addColumn<int>("limit");
        QTest::addColumn<QString>("cursor");
        QTest::addColumn<RiskThresholds>("thresholds");
        const RiskThresholds fine;
        QTest::newRow("prefix too long") << QStringLiteral("185.220.101.0/33") << 10 << QString() << fine;
        QTest::newRow("not an address") << QStringLiteral("185.220.101") << 10 << QString() << fine;
        QTest::newRow("injection") << QStringLiteral("1.2.3.4' OR '1'='1") << 10 << QString() << fine;
        QTest::newRow("limit 0") << QString() << 0 << QString() << fine;
        QTest::newRow("limit 501") << QString() << 501 << QString() << fine;
        QTest::newRow("malformed cursor") << QString() << 10 << QStringLiteral("not-a-cursor") << fine;
        for (const auto& [name, thresholds] : {std::pair{"travel 99 km/h", RiskThresholds{99, 10, 10}},
                                               std::pair{"travel 5001 km/h", RiskThresholds{5001, 10, 10}},
                                               std::pair{"burst of 1", RiskThresholds{900, 1, 10}},
                                               std::pair{"burst of 1001", RiskThresholds{900, 1001, 10}},
                                               std::pair{"window 0 minutes", RiskThresholds{900, 10, 0}},
                                               std::pair{"window 1441 minutes", RiskThresholds{900, 10, 1441}}})
            QTest::newRow(name) << QString() << 10 << QString() << thresholds;
    }

    void invalidInputIsRefused()
    {
        QFETCH(QString, ip);
        QFETCH(int, limit);
        QFETCH(QString, cursor);
        QFETCH(RiskThresholds, thresholds);
        LoginEventQuery query;
        query.ipOrCidr = ip;
        query.thresholds = thresholds;
        Result<LoginEventPage> page = backend().loginEvents(query, PageCursor{cursor}, limit).result();
        QVERIFY(!page.ok());
        QVERIFY2(page.error().kind == ErrorKind::InvalidInput, qPrintable(errorText(page.error())));
        if (!ip.isEmpty() || !thresholds.isValid()) {
            Result<CustomerCount> count = backend().countLoginEvents(query, 10).result();
            QVERIFY(!count.ok());
            QVERIFY(count.error().kind == ErrorKind::InvalidInput);
            query.from = referenceTime.addDays(-1);
            query.to = referenceTime;
            Result<QList<LoginHistogramBin>> bins = backend().loginHistogram(query, HistogramBucket::Hour).result();
            QVERIFY(!bins.ok());
            QVERIFY(bins.error().kind == ErrorKind::InvalidInput);
        }
    }

    void histogram_data()
    {
        QTest::addColumn<LoginEventQuery>("query");
        QTest::addColumn<HistogramBucket>("bucket");
        LoginEventQuery q;
        q.from = referenceTime.addDays(-7).addSecs(-1800); // not aligned: the first bin starts on the hour before
        q.to = referenceTime;
        QTest::newRow("hour, a week") << q << HistogramBucket::Hour;
        q.success = false;
        QTest::newRow("hour, failures") << q << HistogramBucket::Hour;
        q = {};
        q.from = referenceTime.addDays(-100);
        q.to = referenceTime.addDays(1);
        QTest::newRow("day, everything") << q << HistogramBucket::Day;
        q.requiredFlags = RiskFlag::FailureBurst;
        QTest::newRow("day, failure bursts") << q << HistogramBucket::Day;
        q.requiredFlags = {};
        q.customerId = m_summary.lockedCustomers.first();
        QTest::newRow("day, one customer") << q << HistogramBucket::Day;
    }

    void histogram()
    {
        QFETCH(LoginEventQuery, query);
        QFETCH(HistogramBucket, bucket);
        Result<QList<LoginHistogramBin>> bins = backend().loginHistogram(query, bucket).result();
        QVERIFY2(bins.ok(), qPrintable(bins.ok() ? QString() : errorText(bins.error())));
        Result<CustomerCount> count = backend().countLoginEvents(query, 100000).result();
        QVERIFY(count.ok());
        QVERIFY(count->count > 0);

        // Expected from the events themselves: UTC-aligned bins, only the non-empty ones, ascending.
        Result<QList<LoginEvent>> events = fetchAll(query, 500);
        QVERIFY(events.ok());
        QCOMPARE(events->size(), count->count);
        QMap<QDateTime, LoginHistogramBin> expected;
        for (const LoginEvent& e : events.value()) {
            const QDateTime start = bucket == HistogramBucket::Hour
                                        ? QDateTime(e.occurredAt.date(), QTime(e.occurredAt.time().hour(), 0), Qt::UTC)
                                        : QDateTime(e.occurredAt.date(), QTime(0, 0), Qt::UTC);
            LoginHistogramBin& bin = expected[start];
            bin.start = start;
            ++(e.success ? bin.successes : bin.failures);
        }
        QCOMPARE(bins.value(), expected.values());
        qint64 total = 0;
        for (const LoginHistogramBin& bin : bins.value()) {
            QCOMPARE(bin.start.timeSpec(), Qt::UTC);
            QCOMPARE(bin.start.time().minute(), 0);
            if (bucket == HistogramBucket::Day)
                QCOMPARE(bin.start.time().hour(), 0);
            QVERIFY(bin.successes + bin.failures > 0);
            total += bin.successes + bin.failures;
        }
        QCOMPARE(total, count->count);
    }

    void histogramRangeIsRequired_data()
    {
        QTest::addColumn<QDateTime>("from");
        QTest::addColumn<QDateTime>("to");
        QTest::addColumn<HistogramBucket>("bucket");
        QTest::newRow("hour, no range") << QDateTime() << QDateTime() << HistogramBucket::Hour;
        QTest::newRow("hour, no end") << referenceTime.addDays(-1) << QDateTime() << HistogramBucket::Hour;
        QTest::newRow("hour, 32 days") << referenceTime.addDays(-32) << referenceTime << HistogramBucket::Hour;
        QTest::newRow("day, no range") << QDateTime() << QDateTime() << HistogramBucket::Day;
        QTest::newRow("day, 401 days") << referenceTime.addDays(-401) << referenceTime << HistogramBucket::Day;
        QTest::newRow("backwards") << referenceTime << referenceTime.addDays(-1) << HistogramBucket::Day;
    }

    void histogramRangeIsRequired()
    {
        QFETCH(QDateTime, from);
        QFETCH(QDateTime, to);
        QFETCH(HistogramBucket, bucket);
        LoginEventQuery query;
        query.from = from;
        query.to = to;
        Result<QList<LoginHistogramBin>> bins = backend().loginHistogram(query, bucket).result();
        QVERIFY(!bins.ok());
        QVERIFY2(bins.error().kind == ErrorKind::InvalidInput, qPrintable(errorText(bins.error())));
    }

    void failureBurstsAreThePlantedOnes()
    {
        QSet<QString> ips;
        for (const LoginEvent& e : m_all) {
            if (e.flags.testFlag(RiskFlag::FailureBurst)) {
                QVERIFY(!e.success);
                ips.insert(e.ip);
            }
        }
        QSet<QString> expected(m_summary.failureBurstIps.cbegin(), m_summary.failureBurstIps.cend());
        expected.insert(m_summary.credentialStuffingIp);
        QVERIFY(m_summary.failureBurstIps.size() >= 5);
        QCOMPARE(ips, expected);
    }

    void impossibleTravelIsThePlantedOnes()
    {
        QVERIFY(!m_summary.impossibleTravelCustomers.isEmpty());
        QCOMPARE(customersWith(m_all, RiskFlag::ImpossibleTravel), toSet(m_summary.impossibleTravelCustomers));
    }

    void newCountriesIncludeThePlantedOnes()
    {
        QVERIFY(!m_summary.newCountryCustomers.isEmpty());
        const QSet<QUuid> found = customersWith(m_all, RiskFlag::NewCountry);
        QVERIFY(found.contains(toSet(m_summary.newCountryCustomers)));
        // Everything else found is another planted case (travel or stolen credentials).
        QVERIFY((found - toSet(m_summary.newCountryCustomers) - toSet(m_summary.impossibleTravelCustomers) -
                 toSet(m_summary.credentialStuffingVictims))
                    .isEmpty());
    }

    void lockedCustomersHaveLockouts()
    {
        QVERIFY(!m_summary.lockedCustomers.isEmpty());
        const QSet<QUuid> found = customersWith(m_all, RiskFlag::Lockout);
        QVERIFY(found.contains(toSet(m_summary.lockedCustomers)));
        for (const LoginEvent& e : m_all)
            QCOMPARE(e.flags.testFlag(RiskFlag::Lockout), e.failureReason == LoginFailureReason::Locked);
    }

    void stolenLoginsComeFromNewDevices()
    {
        const QSet<QUuid> victims = toSet(m_summary.credentialStuffingVictims);
        QVERIFY(!victims.isEmpty());
        int stolen = 0;
        for (const LoginEvent& e : m_all) {
            if (e.success && e.ip == m_summary.credentialStuffingIp && victims.contains(e.customerId)) {
                ++stolen;
                QVERIFY2(e.flags.testFlag(RiskFlag::NewDevice), qPrintable(e.id.toString()));
            }
            if (!e.success || e.customerId.isNull())
                QCOMPARE(e.flags & (RiskFlag::NewDevice | RiskFlag::NewCountry | RiskFlag::ImpossibleTravel),
                         RiskFlags());
        }
        QVERIFY(stolen >= victims.size());
    }

    void flagFiltersPageLikeFilteringEverything_data()
    {
        QTest::addColumn<RiskFlags>("flags");
        for (RiskFlag flag : allRiskFlags)
            QTest::newRow(qPrintable(toString(flag))) << RiskFlags(flag);
        QTest::newRow("failure burst and lockout") << (RiskFlag::FailureBurst | RiskFlag::Lockout);
        QTest::newRow("new device and new country") << (RiskFlag::NewDevice | RiskFlag::NewCountry);
    }

    void flagFiltersPageLikeFilteringEverything()
    {
        QFETCH(RiskFlags, flags);
        LoginEventQuery query;
        query.requiredFlags = flags;
        const QList<LoginEvent> expected =
            where(m_all, [flags](const LoginEvent& e) { return (e.flags & flags) == flags; });
        Result<QList<LoginEvent>> paged = fetchAll(query, 37);
        QVERIFY2(paged.ok(), qPrintable(paged.ok() ? QString() : errorText(paged.error())));
        QCOMPARE(idsOf(paged.value()), idsOf(expected));
        for (const LoginEvent& e : paged.value())
            QCOMPARE(e.flags & flags, flags);
        Result<CustomerCount> count = backend().countLoginEvents(query, 100000).result();
        QVERIFY(count.ok());
        QCOMPARE(count->count, expected.size());
    }

    void thresholdsChangeTheFlags()
    {
        LoginEventQuery query;
        query.requiredFlags = RiskFlag::FailureBurst;
        Result<CustomerCount> defaults = backend().countLoginEvents(query, 100000).result();
        QVERIFY(defaults.ok());
        QVERIFY(defaults->count > 0);
        query.thresholds.burstFailures = 1000;
        Result<CustomerCount> none = backend().countLoginEvents(query, 100000).result();
        QVERIFY(none.ok());
        QCOMPARE(none->count, 0);
        query.thresholds.burstFailures = 2;
        query.thresholds.burstWindowMinutes = 60;
        Result<CustomerCount> more = backend().countLoginEvents(query, 100000).result();
        QVERIFY(more.ok());
        QVERIFY(more->count > defaults->count);

        query = {};
        query.requiredFlags = RiskFlag::ImpossibleTravel;
        Result<QList<LoginEvent>> airliner = fetchAll(query, 500);
        query.thresholds.impossibleTravelKmh = 5000;
        Result<QList<LoginEvent>> rocket = fetchAll(query, 500);
        QVERIFY(airliner.ok() && rocket.ok());
        QVERIFY(rocket->size() <= airliner->size());
        for (const LoginEvent& e : rocket.value())
            QVERIFY(idsOf(airliner.value()).contains(e.id));
        query.thresholds.impossibleTravelKmh = 100;
        Result<QList<LoginEvent>> walking = fetchAll(query, 500);
        QVERIFY(walking.ok());
        QVERIFY(walking->size() > airliner->size());
    }

    void wireFormatIsStrict_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value"); // undefined: the member is left out
        QTest::newRow("no flags") << QStringLiteral("flags") << QJsonValue(QJsonValue::Undefined);
        QTest::newRow("unknown flag") << QStringLiteral("flags") << QJsonValue(QJsonArray{QStringLiteral("odd")});
        QTest::newRow("flags not an array") << QStringLiteral("flags") << QJsonValue(QStringLiteral("lockout"));
        QTest::newRow("success as text") << QStringLiteral("success") << QJsonValue(QStringLiteral("true"));
        QTest::newRow("unknown failure reason")
            << QStringLiteral("failure_reason") << QJsonValue(QStringLiteral("bad_luck"));
        QTest::newRow("no occurred_at") << QStringLiteral("occurred_at") << QJsonValue(QJsonValue::Undefined);
        QTest::newRow("latitude out of range") << QStringLiteral("latitude") << QJsonValue(91.0);
        QTest::newRow("no device_id") << QStringLiteral("device_id") << QJsonValue(QJsonValue::Undefined);
    }

    void wireFormatIsStrict()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        const LoginEvent& original = m_all.first();
        Result<LoginEvent> roundTrip = api::loginEventFromJson(api::toJson(original));
        QVERIFY2(roundTrip.ok(), qPrintable(roundTrip.ok() ? QString() : errorText(roundTrip.error())));
        QCOMPARE(roundTrip->id, original.id);
        QCOMPARE(roundTrip->flags, original.flags);
        QCOMPARE(roundTrip->occurredAt, original.occurredAt);

        QJsonObject json = api::toJson(original);
        if (value.isUndefined())
            json.remove(field);
        else
            json.insert(field, value);
        Result<LoginEvent> read = api::loginEventFromJson(json);
        QVERIFY(!read.ok());
        QVERIFY(read.error().kind == ErrorKind::Protocol);
        QVERIFY2(read.error().detail.contains(field), qPrintable(read.error().detail));
    }

    void queryParametersOverHttp_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("status");
        const QString week = QStringLiteral("from=2026-11-16T00:00:00Z&to=2026-11-23T00:00:00Z");
        QTest::newRow("flags") << QStringLiteral("/login-events?flags=failure_burst,lockout") << 200;
        QTest::newRow("unknown flag") << QStringLiteral("/login-events?flags=failure_burst,odd") << 422;
        QTest::newRow("travel too slow") << QStringLiteral("/login-events?travel_kmh=50") << 422;
        QTest::newRow("burst of one") << QStringLiteral("/login-events/count?burst_failures=1") << 422;
        QTest::newRow("success not a boolean") << QStringLiteral("/login-events?success=yes") << 422;
        QTest::newRow("unknown failure reason") << QStringLiteral("/login-events?failure_reason=bad_luck") << 422;
        QTest::newRow("histogram") << QStringLiteral("/login-events/histogram?bucket=hour&") + week << 200;
        QTest::newRow("histogram without bucket") << QStringLiteral("/login-events/histogram?") + week << 422;
        QTest::newRow("histogram by week") << QStringLiteral("/login-events/histogram?bucket=week&") + week << 422;
        QTest::newRow("histogram without range") << QStringLiteral("/login-events/histogram?bucket=day") << 422;
    }

    void queryParametersOverHttp()
    {
        if (!m_testBackend->isRest())
            QSKIP("the wire format only exists over REST");
        QFETCH(QString, path);
        QFETCH(int, status);
        const qsizetype question = path.indexOf(u'?');
        QUrl url = m_testBackend->rest()->apiUrl(path.left(question));
        url.setQuery(path.mid(question + 1));
        QNetworkAccessManager network;
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + m_testBackend->rest()->token());
        QNetworkReply* reply = network.get(request);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), status);
        if (status != 200)
            QVERIFY(
                reply->header(QNetworkRequest::ContentTypeHeader).toString().startsWith(u"application/problem+json"));
    }

    void cleanupTestCase() { m_testBackend.reset(); }

private:
    IdentityBackend& backend() { return m_testBackend->backend(); }

    /// Newest first, ties by id descending, as every backend pages.
    static QList<LoginEvent> newestFirst(QList<LoginEvent> events)
    {
        std::sort(events.begin(), events.end(), [](const LoginEvent& a, const LoginEvent& b) {
            return a.occurredAt != b.occurredAt ? a.occurredAt > b.occurredAt : a.id.toString() > b.id.toString();
        });
        return events;
    }

    static QList<LoginEvent> where(const QList<LoginEvent>& events, const EventPredicate& predicate)
    {
        QList<LoginEvent> matches;
        std::copy_if(events.cbegin(), events.cend(), std::back_inserter(matches), predicate);
        return matches;
    }

    static QList<QUuid> idsOf(const QList<LoginEvent>& events)
    {
        QList<QUuid> ids;
        for (const LoginEvent& e : events)
            ids << e.id;
        return ids;
    }

    Result<QList<LoginEvent>> fetchAll(const LoginEventQuery& query, int pageSize)
    {
        QList<LoginEvent> all;
        PageCursor cursor;
        for (int guard = 0; guard < 100000; ++guard) {
            Result<LoginEventPage> page = backend().loginEvents(query, cursor, pageSize).result();
            if (!page)
                return page.error();
            if (page->items.size() > pageSize)
                return makeError(ErrorKind::Internal, QStringLiteral("page larger than asked"));
            all += page->items;
            if (page->next.isNull())
                return all;
            cursor = page->next;
        }
        return makeError(ErrorKind::Internal, QStringLiteral("paging does not end"));
    }

    QString m_backend;
    std::unique_ptr<test::TestBackend> m_testBackend;
    DemoDataSummary m_summary;
    QList<LoginEvent> m_stored; ///< straight from the table, newest first, without flags
    QList<LoginEvent> m_all;    ///< from the backend, newest first, with flags
};

int main(int argc, char** argv)
{
    const QString backend = test::TestDatabase::takeBackendArgument(argc, argv);
    QCoreApplication app(argc, argv);
    TestLoginHistory test(backend);
    return QTest::qExec(&test, argc, argv);
}

#include "tst_login_history.moc"
