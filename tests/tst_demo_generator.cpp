#include "AuditChain.h"
#include "DemoDataGenerator.h"
#include "SchemaMigrator.h"
#include "SqlConnectionPool.h"
#include "TestDatabase.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

#include <cmath>
#include <memory>
#include <numbers>

using namespace idc;

namespace {

const QDateTime referenceTime(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);

/// The size the behaviour tests use: small enough to be quick, large enough for every planted case.
DemoDataOptions smallOptions(quint64 seed = 20261123)
{
    DemoDataOptions options;
    options.seed = seed;
    options.customers = 2000;
    options.loginEvents = 20000;
    options.referenceTime = referenceTime;
    return options;
}

using Rows = QList<QVariantList>;

/// The future's result, waited for without QFuture::result()'s habit of running a job that has
/// not started yet on the waiting thread, which would give this thread a connection of its own.
template <typename T>
T awaited(QFuture<T> future)
{
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, 600000))
        qWarning("a database job took more than ten minutes");
    return future.result();
}

double haversineKm(double lat1, double lon1, double lat2, double lon2)
{
    constexpr double radians = std::numbers::pi / 180.0;
    const double dLat = (lat2 - lat1) * radians;
    const double dLon = (lon2 - lon1) * radians;
    const double a = std::sin(dLat / 2) * std::sin(dLat / 2) +
                     std::cos(lat1 * radians) * std::cos(lat2 * radians) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2.0 * 6371.0 * std::asin(std::min(1.0, std::sqrt(a)));
}

QSet<QString> idSet(const QList<QUuid>& ids)
{
    QSet<QString> set;
    for (const QUuid& id : ids)
        set.insert(id.toString(QUuid::WithoutBraces));
    return set;
}

QString errorText(const Error& error)
{
    return QStringLiteral("error kind %1: %2").arg(int(error.kind)).arg(error.detail);
}

/// A fresh, migrated database with its own worker thread.
struct Database
{
    explicit Database(const QString& backend)
        : database(std::make_unique<test::TestDatabase>(backend))
    {
        if (database->isValid())
            pool = std::make_unique<SqlConnectionPool>(database->profile(), database->password(), 1);
    }

    /// Every row `sql` returns, as lists of values.
    Result<Rows> rows(const QString& sql, const QVariantList& values = {}) const
    {
        return awaited(pool->run([sql, values](QSqlDatabase& db) -> Result<Rows> {
            QSqlQuery query(db);
            query.setForwardOnly(true);
            if (!query.prepare(sql))
                return makeError(ErrorKind::Storage, query.lastError().text() + QStringLiteral(" in ") + sql);
            for (const QVariant& value : values)
                query.addBindValue(value);
            if (!query.exec())
                return makeError(ErrorKind::Storage, query.lastError().text() + QStringLiteral(" in ") + sql);
            Rows result;
            while (query.next()) {
                QVariantList row;
                for (int i = 0; i < query.record().count(); ++i)
                    row.append(query.value(i));
                result.append(row);
            }
            return result;
        }));
    }

    qint64 count(const QString& sql, const QVariantList& values = {}) const
    {
        const Result<Rows> result = rows(sql, values);
        if (!result || result->isEmpty())
            return -1;
        return result->first().first().toLongLong();
    }

    Status migrate() const
    {
        Result<int> version = awaited(
            pool->run([dialect = pool->dialect()](QSqlDatabase& db) { return SchemaMigrator(dialect).migrate(db); }));
        return version ? Status(Done{}) : Status(version.error());
    }

    /// Migrates and generates on the worker thread; `elapsed` gets the generation time.
    Result<DemoDataSummary> generate(const DemoDataOptions& options, qint64* elapsed = nullptr,
                                     DemoDataGenerator::Progress progress = {}) const
    {
        if (Status migrated = migrate(); !migrated)
            return migrated.error();
        return awaited(pool->run([options, elapsed, progress, dialect = pool->dialect()](QSqlDatabase& db) {
            QElapsedTimer timer;
            timer.start();
            Result<DemoDataSummary> summary = DemoDataGenerator(options).generate(db, dialect, progress);
            if (elapsed)
                *elapsed = timer.elapsed();
            return summary;
        }));
    }

    /// Every index of the schema, by name.
    QStringList indexNames() const
    {
        const bool postgres = database->profile().kind == BackendKind::PostgreSql;
        const Result<Rows> result =
            rows(postgres ? QStringLiteral("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                                           "ORDER BY indexname")
                          : QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name"));
        QStringList names;
        if (result) {
            for (const QVariantList& row : result.value())
                names << row.at(0).toString();
        }
        return names;
    }

    /// SHA-256 over every generated table, row by row in key order.
    QByteArray digest() const
    {
        static const QList<std::pair<QString, QString>> tables = {
            {QStringLiteral("customers"), QStringLiteral("id")},
            {QStringLiteral("addresses"), QStringLiteral("id")},
            {QStringLiteral("devices"), QStringLiteral("id")},
            {QStringLiteral("sessions"), QStringLiteral("id")},
            {QStringLiteral("login_events"), QStringLiteral("id")},
            {QStringLiteral("audit_events"), QStringLiteral("seq")},
        };
        QCryptographicHash hash(QCryptographicHash::Sha256);
        for (const auto& [table, key] : tables) {
            const Result<Rows> result = rows(QStringLiteral("SELECT * FROM %1 ORDER BY %2").arg(table, key));
            if (!result)
                return {};
            hash.addData(table.toUtf8());
            for (const QVariantList& row : result.value()) {
                for (const QVariant& value : row) {
                    QString text;
                    if (value.isNull())
                        text = QStringLiteral("<null>");
                    else if (value.typeId() == QMetaType::QDateTime)
                        text = SqlDialect::timestamp(value.toDateTime()).toString();
                    else if (value.typeId() == QMetaType::Double)
                        text = QString::number(value.toDouble(), 'g', 17);
                    else
                        text = value.toString();
                    hash.addData(text.toUtf8());
                    hash.addData(QByteArrayView("\x1f", 1));
                }
                hash.addData(QByteArrayView("\x1e", 1));
            }
        }
        return hash.result().toHex();
    }

    ~Database()
    {
        // Close the connection on its worker now: the pool's threads finish closing theirs only
        // after the pool is gone, which races with removing the temporary SQLite folder.
        if (pool)
            awaited(pool->run([](QSqlDatabase& db) {
                db.close();
                return Status(Done{});
            }));
    }

    std::unique_ptr<test::TestDatabase> database;
    std::unique_ptr<SqlConnectionPool> pool;
};

} // namespace

/// The demo-data generator: deterministic, realistic, with its planted security cases where the
/// summary says, on every backend.
class TestDemoGenerator : public QObject
{
    Q_OBJECT

public:
    explicit TestDemoGenerator(QString backend)
        : m_backend(std::move(backend))
    {
    }

private slots:
    void initTestCase()
    {
        m_main = std::make_unique<Database>(m_backend);
        QVERIFY2(m_main->database->isValid(), qPrintable(m_main->database->error()));
        qint64 elapsed = 0;
        Result<DemoDataSummary> summary = m_main->generate(smallOptions(), &elapsed);
        QVERIFY2(summary.ok(), qPrintable(summary.ok() ? QString() : errorText(summary.error())));
        m_summary = summary.value();
        qInfo("%s: 2,000 customers and 20,000 login events generated in %lld ms", qPrintable(m_backend), elapsed);
    }

    void countsMatchSummary()
    {
        QCOMPARE(m_summary.referenceTime, referenceTime);
        QCOMPARE(m_summary.customers, qint64(2000));
        QCOMPARE(m_summary.loginEvents, qint64(20000));
        QCOMPARE(m_main->count(QStringLiteral("SELECT COUNT(*) FROM customers")), m_summary.customers);
        QCOMPARE(m_main->count(QStringLiteral("SELECT COUNT(*) FROM addresses")), m_summary.addresses);
        QCOMPARE(m_main->count(QStringLiteral("SELECT COUNT(*) FROM devices")), m_summary.devices);
        QCOMPARE(m_main->count(QStringLiteral("SELECT COUNT(*) FROM sessions")), m_summary.sessions);
        QCOMPARE(m_main->count(QStringLiteral("SELECT COUNT(*) FROM login_events")), m_summary.loginEvents);
        QCOMPARE(m_main->count(QStringLiteral("SELECT COUNT(*) FROM audit_events")), m_summary.auditEvents);
        QVERIFY2(m_summary.auditEvents >= 100 && m_summary.auditEvents <= 1000,
                 qPrintable(QString::number(m_summary.auditEvents)));
        QVERIFY(m_summary.sessions > m_summary.customers);

        // 1–3 addresses and 1–4 devices per customer.
        const Result<Rows> addresses =
            m_main->rows(QStringLiteral("SELECT MIN(n), MAX(n), COUNT(*) FROM (SELECT customer_id, COUNT(*) AS n FROM "
                                        "addresses GROUP BY customer_id) a"));
        QVERIFY(addresses.ok());
        QCOMPARE(addresses->first().at(0).toInt(), 1);
        QCOMPARE(addresses->first().at(1).toInt(), 3);
        QCOMPARE(addresses->first().at(2).toInt(), 2000);
        const Result<Rows> devices =
            m_main->rows(QStringLiteral("SELECT MIN(n), MAX(n), COUNT(*) FROM (SELECT customer_id, COUNT(*) AS n FROM "
                                        "devices GROUP BY customer_id) d"));
        QVERIFY(devices.ok());
        QCOMPARE(devices->first().at(0).toInt(), 1);
        QCOMPARE(devices->first().at(1).toInt(), 4);
        QCOMPARE(devices->first().at(2).toInt(), 2000);
    }

    void isDeterministic()
    {
        Database again(m_backend);
        QVERIFY2(again.database->isValid(), qPrintable(again.database->error()));
        Result<DemoDataSummary> summary = again.generate(smallOptions());
        QVERIFY2(summary.ok(), qPrintable(summary.ok() ? QString() : errorText(summary.error())));
        QCOMPARE(summary->impossibleTravelCustomers, m_summary.impossibleTravelCustomers);
        QCOMPARE(summary->lockedCustomers, m_summary.lockedCustomers);
        QCOMPARE(summary->newCountryCustomers, m_summary.newCountryCustomers);
        QCOMPARE(summary->failureBurstIps, m_summary.failureBurstIps);
        const QByteArray digest = m_main->digest();
        QVERIFY(!digest.isEmpty());
        QCOMPARE(again.digest(), digest);

        Database other(m_backend);
        QVERIFY2(other.database->isValid(), qPrintable(other.database->error()));
        QVERIFY(other.generate(smallOptions(7)).ok());
        QVERIFY(other.digest() != digest);
    }

    void customersLookReal()
    {
        const Result<Rows> rows = m_main->rows(QStringLiteral(
            "SELECT email, full_name, phone, status, customer_type, loyalty_tier, total_spend_cents, country, "
            "mfa_enabled, created_at, version, customer_group, last_login_at, updated_at FROM customers"));
        QVERIFY(rows.ok());
        static const QRegularExpression emailPattern(QStringLiteral("^[a-z0-9._]+@[a-z0-9-]+(\\.[a-z0-9-]+)+$"));
        static const QRegularExpression phonePattern(QStringLiteral("^\\+[1-9][0-9]{7,14}$"));
        QSet<QString> emails;
        QSet<QString> countries;
        int vietnameseWithDiacritics = 0, cyrillic = 0, greek = 0, active = 0, suspended = 0, deleted = 0, mfa = 0,
            business = 0, withPhone = 0;
        for (const QVariantList& row : rows.value()) {
            const QString email = row.at(0).toString();
            QVERIFY2(emailPattern.match(email).hasMatch(), qPrintable(email));
            emails.insert(email);
            const QString name = row.at(1).toString();
            QCOMPARE(name, name.normalized(QString::NormalizationForm_C));
            for (QChar c : name) {
                // DejaVu has no CJK glyphs: none may appear.
                QVERIFY2(c.script() != QChar::Script_Han && c.script() != QChar::Script_Hiragana &&
                             c.script() != QChar::Script_Katakana,
                         qPrintable(name));
            }
            const QString country = row.at(7).toString();
            countries.insert(country);
            if (country == u"VN" && std::any_of(name.begin(), name.end(), [](QChar c) { return c.unicode() > 0x7F; }))
                ++vietnameseWithDiacritics;
            if (std::any_of(name.begin(), name.end(), [](QChar c) { return c.script() == QChar::Script_Cyrillic; }))
                ++cyrillic;
            if (std::any_of(name.begin(), name.end(), [](QChar c) { return c.script() == QChar::Script_Greek; }))
                ++greek;
            if (!row.at(2).isNull()) {
                QVERIFY2(phonePattern.match(row.at(2).toString()).hasMatch(), qPrintable(row.at(2).toString()));
                ++withPhone;
            }
            const QString status = row.at(3).toString();
            active += status == u"active";
            suspended += status == u"suspended";
            deleted += status == u"deleted";
            business += row.at(4).toString() == u"business";
            QCOMPARE(row.at(5).toString(), toString(DemoDataGenerator::tierForSpend(row.at(6).toLongLong())));
            mfa += SqlDialect::boolFrom(row.at(8));
            const QDateTime created = SqlDialect::timestampFrom(row.at(9));
            QVERIFY(created < referenceTime && created >= referenceTime.addDays(-3 * 365 - 1));
            QCOMPARE(row.at(10).toLongLong(), qint64(1));
            QVERIFY(!row.at(11).toString().isEmpty());
            if (!row.at(12).isNull()) {
                const QDateTime lastLogin = SqlDialect::timestampFrom(row.at(12));
                QVERIFY(lastLogin > created && lastLogin <= referenceTime);
            }
            QVERIFY(SqlDialect::timestampFrom(row.at(13)) >= created);
        }
        QCOMPARE(emails.size(), rows->size());
        QCOMPARE(countries.size(), 13);
        QVERIFY(vietnameseWithDiacritics > 100);
        QVERIFY(cyrillic > 20);
        QVERIFY(greek > 10);
        QVERIFY(active > 1900 && suspended > 5 && deleted > 2);
        QVERIFY2(mfa > 300 && mfa < 700, qPrintable(QString::number(mfa)));
        QVERIFY(business > 50);
        QVERIFY(withPhone > 1700);
    }

    void addressesHaveOneDefaultEach()
    {
        const qint64 wrong = m_main->count(QStringLiteral(
            "SELECT COUNT(*) FROM (SELECT customer_id, SUM(CASE WHEN is_default_shipping THEN 1 ELSE 0 END) AS s, "
            "SUM(CASE WHEN is_default_billing THEN 1 ELSE 0 END) AS b FROM addresses GROUP BY customer_id) x "
            "WHERE s <> 1 OR b <> 1"));
        QCOMPARE(wrong, qint64(0));
        const Result<Rows> rows = m_main->rows(
            QStringLiteral("SELECT latitude, longitude, postal_code, delivery_instructions, lines FROM addresses"));
        QVERIFY(rows.ok());
        int instructions = 0;
        bool backDoor = false;
        for (const QVariantList& row : rows.value()) {
            QVERIFY(!row.at(0).isNull() && !row.at(1).isNull());
            QVERIFY(std::abs(row.at(0).toDouble()) <= 90 && std::abs(row.at(1).toDouble()) <= 180);
            QVERIFY(!row.at(2).toString().isEmpty() && !row.at(4).toString().isEmpty());
            if (!row.at(3).isNull()) {
                ++instructions;
                backDoor |= row.at(3).toString() == u"Leave at the back door";
            }
        }
        QVERIFY(instructions > rows->size() / 10);
        QVERIFY(backDoor);
    }

    void sessionsRespectTheLimit()
    {
        const QVariant now = SqlDialect::timestamp(referenceTime);
        const Result<Rows> busiest = m_main->rows(
            QStringLiteral("SELECT customer_id, COUNT(*) FROM sessions WHERE revoked_at IS NULL AND expires_at > ? "
                           "GROUP BY customer_id ORDER BY COUNT(*) DESC"),
            {now});
        QVERIFY(busiest.ok());
        QVERIFY(!busiest->isEmpty());
        QVERIFY2(busiest->first().at(1).toInt() <= DemoDataGenerator::maxActiveSessions,
                 qPrintable(busiest->first().at(1).toString()));

        const Result<Rows> reasons =
            m_main->rows(QStringLiteral("SELECT revoke_reason, COUNT(*) FROM sessions GROUP BY revoke_reason"));
        QVERIFY(reasons.ok());
        QSet<QString> seen;
        for (const QVariantList& row : reasons.value())
            seen.insert(row.at(0).toString());
        for (const QString& reason :
             {QStringLiteral("user_logout"), QStringLiteral("session_limit"), QStringLiteral("admin_action"),
              QStringLiteral("device_removed"), QStringLiteral("security_alert")})
            QVERIFY2(seen.contains(reason), qPrintable(reason));
        // Revoked exactly when a reason is given.
        QCOMPARE(m_main->count(QStringLiteral("SELECT COUNT(*) FROM sessions WHERE (revoked_at IS NULL) <> "
                                              "(revoke_reason IS NULL)")),
                 qint64(0));

        const Result<Rows> rows = m_main->rows(QStringLiteral("SELECT token_hash, metadata, created_at, last_seen_at, "
                                                              "expires_at FROM sessions"));
        QVERIFY(rows.ok());
        static const QRegularExpression sha256(QStringLiteral("^[0-9a-f]{64}$"));
        for (const QVariantList& row : rows.value()) {
            QVERIFY(sha256.match(row.at(0).toString()).hasMatch());
            const QJsonDocument metadata = QJsonDocument::fromJson(row.at(1).toString().toUtf8());
            QVERIFY(metadata.isObject() && metadata.object().contains(QStringLiteral("app_version")));
            const QDateTime created = SqlDialect::timestampFrom(row.at(2));
            const QDateTime lastSeen = SqlDialect::timestampFrom(row.at(3));
            QVERIFY(created <= lastSeen && lastSeen <= referenceTime);
            QCOMPARE(SqlDialect::timestampFrom(row.at(4)), created.addDays(DemoDataGenerator::sessionLifetimeDays));
        }
    }

    void credentialStuffingIp()
    {
        QCOMPARE(m_summary.credentialStuffingIp, QStringLiteral("185.220.101.47"));
        const QVariant ip = m_summary.credentialStuffingIp;
        const Result<Rows> events = m_main->rows(
            QStringLiteral("SELECT email, occurred_at, success, failure_reason, customer_id FROM login_events "
                           "WHERE ip = ? ORDER BY occurred_at"),
            {ip});
        QVERIFY(events.ok());
        QSet<QString> emails;
        QSet<QString> brokenInto;
        int failures = 0;
        for (const QVariantList& row : events.value()) {
            emails.insert(row.at(0).toString());
            if (SqlDialect::boolFrom(row.at(2))) {
                brokenInto.insert(row.at(4).toString());
            } else {
                ++failures;
                static const QSet<QString> reasons{QStringLiteral("bad_password"), QStringLiteral("unknown_user"),
                                                   QStringLiteral("mfa_failed"), QStringLiteral("rate_limited")};
                QVERIFY2(reasons.contains(row.at(3).toString()), qPrintable(row.at(3).toString()));
            }
        }
        QVERIFY2(emails.size() >= 300, qPrintable(QString::number(emails.size())));
        const qint64 spread =
            SqlDialect::timestampFrom(events->first().at(1)).msecsTo(SqlDialect::timestampFrom(events->last().at(1)));
        QVERIFY2(spread <= 65 * 60 * 1000, qPrintable(QString::number(spread)));
        QVERIFY(failures > events->size() * 9 / 10);
        QVERIFY(!brokenInto.isEmpty());
        QCOMPARE(brokenInto, idSet(m_summary.credentialStuffingVictims));

        // The accounts it broke into still have its sessions, for a bulk revocation by IP.
        const Result<Rows> sessions =
            m_main->rows(QStringLiteral("SELECT DISTINCT customer_id FROM sessions WHERE ip = ? AND revoked_at IS NULL "
                                        "AND expires_at > ?"),
                         {ip, SqlDialect::timestamp(referenceTime)});
        QVERIFY(sessions.ok());
        QSet<QString> withSessions;
        for (const QVariantList& row : sessions.value())
            withSessions.insert(row.at(0).toString());
        QCOMPARE(withSessions, brokenInto);
    }

    void failureBursts()
    {
        const Result<Rows> failures = m_main->rows(
            QStringLiteral("SELECT ip, occurred_at FROM login_events WHERE NOT success ORDER BY ip, occurred_at"));
        QVERIFY(failures.ok());
        // IPs with at least ten failures inside any ten minutes.
        QSet<QString> bursts;
        QList<QDateTime> window;
        QString currentIp;
        for (const QVariantList& row : failures.value()) {
            if (row.at(0).toString() != currentIp) {
                currentIp = row.at(0).toString();
                window.clear();
            }
            const QDateTime at = SqlDialect::timestampFrom(row.at(1));
            window.append(at);
            while (window.first().msecsTo(at) > 10 * 60 * 1000)
                window.removeFirst();
            if (window.size() >= 10)
                bursts.insert(currentIp);
        }
        QSet<QString> expected(m_summary.failureBurstIps.begin(), m_summary.failureBurstIps.end());
        expected.insert(m_summary.credentialStuffingIp);
        QVERIFY(m_summary.failureBurstIps.size() >= 10);
        QCOMPARE(bursts, expected);
    }

    void lockouts()
    {
        QVERIFY(m_summary.lockedCustomers.size() >= 20);
        const Result<Rows> locked =
            m_main->rows(QStringLiteral("SELECT id, failed_login_attempts FROM customers WHERE locked_until > ?"),
                         {SqlDialect::timestamp(referenceTime)});
        QVERIFY(locked.ok());
        QSet<QString> lockedIds;
        for (const QVariantList& row : locked.value()) {
            lockedIds.insert(row.at(0).toString());
            QVERIFY(row.at(1).toInt() >= DemoDataGenerator::lockoutThreshold);
        }
        QCOMPARE(lockedIds, idSet(m_summary.lockedCustomers));

        for (const QUuid& id : m_summary.lockedCustomers) {
            const Result<Rows> events =
                m_main->rows(QStringLiteral("SELECT success, failure_reason FROM login_events WHERE customer_id = ? "
                                            "ORDER BY occurred_at, id"),
                             {id.toString(QUuid::WithoutBraces)});
            QVERIFY(events.ok());
            int badInARow = 0;
            bool lockedAfterFive = false;
            for (const QVariantList& row : events.value()) {
                const QString reason = row.at(1).toString();
                if (SqlDialect::boolFrom(row.at(0)))
                    badInARow = 0;
                else if (reason == u"bad_password")
                    ++badInARow;
                else if (reason == u"locked" && badInARow >= DemoDataGenerator::lockoutThreshold)
                    lockedAfterFive = true;
            }
            QVERIFY2(lockedAfterFive, qPrintable(id.toString()));
        }
    }

    void impossibleTravel()
    {
        QVERIFY(m_summary.impossibleTravelCustomers.size() >= 10);
        const Result<Rows> logins = m_main->rows(
            QStringLiteral("SELECT customer_id, occurred_at, latitude, longitude FROM login_events "
                           "WHERE success AND customer_id IS NOT NULL ORDER BY customer_id, occurred_at, id"));
        QVERIFY(logins.ok());
        // Customers with two consecutive successful logins faster than an airliner: exactly the planted ones.
        QSet<QString> found;
        for (qsizetype i = 1; i < logins->size(); ++i) {
            const QVariantList& a = logins->at(i - 1);
            const QVariantList& b = logins->at(i);
            if (a.at(0).toString() != b.at(0).toString())
                continue;
            const double km =
                haversineKm(a.at(2).toDouble(), a.at(3).toDouble(), b.at(2).toDouble(), b.at(3).toDouble());
            const double hours =
                double(SqlDialect::timestampFrom(a.at(1)).msecsTo(SqlDialect::timestampFrom(b.at(1)))) / 3600000.0;
            if (km > 0 && km > 900.0 * hours)
                found.insert(b.at(0).toString());
        }
        QCOMPARE(found, idSet(m_summary.impossibleTravelCustomers));
    }

    void newCountryLogins()
    {
        QVERIFY(m_summary.newCountryCustomers.size() >= 10);
        const Result<Rows> events = m_main->rows(
            QStringLiteral("SELECT e.customer_id, e.country, e.success, c.country FROM login_events e "
                           "JOIN customers c ON c.id = e.customer_id ORDER BY e.customer_id, e.occurred_at, e.id"));
        QVERIFY(events.ok());
        // A successful login from outside the home country, from a country none of the customer's
        // earlier attempts came from.
        QSet<QString> found;
        QString customer;
        QSet<QString> seen;
        for (const QVariantList& row : events.value()) {
            if (row.at(0).toString() != customer) {
                customer = row.at(0).toString();
                seen.clear();
            }
            const QString country = row.at(1).toString();
            if (SqlDialect::boolFrom(row.at(2)) && country != row.at(3).toString() && !seen.isEmpty() &&
                !seen.contains(country))
                found.insert(customer);
            seen.insert(country);
        }
        const QSet<QString> planted = idSet(m_summary.newCountryCustomers);
        QVERIFY(found.contains(planted));
        // Everything else found is another planted case (travel or stolen credentials).
        QVERIFY(
            (found - planted - idSet(m_summary.impossibleTravelCustomers) - idSet(m_summary.credentialStuffingVictims))
                .isEmpty());
    }

    void auditChainVerifies()
    {
        const Result<Rows> rows = m_main->rows(QStringLiteral(
            "SELECT id, occurred_at, actor, actor_role, action, resource_type, resource_id, customer_id, "
            "reason, before_state, after_state, prev_hash, hash FROM audit_events ORDER BY seq"));
        QVERIFY(rows.ok());
        QCOMPARE(qint64(rows->size()), m_summary.auditEvents);
        QString previous = auditGenesisHash();
        QCOMPARE(previous, QString(64, u'0'));
        QSet<QString> actions;
        QList<AuditChainEntry> entries;
        QDateTime lastAt;
        for (const QVariantList& row : rows.value()) {
            AuditChainEntry entry;
            entry.id = QUuid::fromString(row.at(0).toString());
            entry.occurredAt = SqlDialect::timestampFrom(row.at(1));
            entry.actor = row.at(2).toString();
            entry.actorRole = row.at(3).toString();
            entry.action = row.at(4).toString();
            entry.resourceType = row.at(5).toString();
            entry.resourceId = row.at(6).toString();
            entry.customerId = QUuid::fromString(row.at(7).toString());
            entry.reason = row.at(8).toString();
            if (!row.at(9).isNull())
                entry.beforeState = QJsonDocument::fromJson(row.at(9).toString().toUtf8()).object();
            if (!row.at(10).isNull())
                entry.afterState = QJsonDocument::fromJson(row.at(10).toString().toUtf8()).object();
            QCOMPARE(row.at(11).toString(), previous);
            const QString hash = auditEventHash(previous, auditCanonicalFields(entry));
            QCOMPARE(row.at(12).toString(), hash);
            QVERIFY(!lastAt.isValid() || lastAt <= entry.occurredAt);
            QVERIFY(entry.occurredAt <= referenceTime);
            lastAt = entry.occurredAt;
            previous = hash;
            actions.insert(entry.action);
            entries.append(entry);
        }
        for (const QString& action : {QStringLiteral("customer.unlock"), QStringLiteral("session.revoke"),
                                      QStringLiteral("mfa.reset"), QStringLiteral("pii.reveal")})
            QVERIFY2(actions.contains(action), qPrintable(action));

        // An edited row no longer matches its hash.
        AuditChainEntry edited = entries.at(5);
        edited.reason = QStringLiteral("nothing to see here");
        QVERIFY(auditEventHash(rows->at(5).at(11).toString(), auditCanonicalFields(edited)) !=
                rows->at(5).at(12).toString());
    }

    void cancelLeavesNothing()
    {
        Database database(m_backend);
        QVERIFY2(database.database->isValid(), qPrintable(database.database->error()));
        QVERIFY(database.migrate().ok());
        const QStringList indexes = database.indexNames();
        QVERIFY(indexes.size() > 10);
        QStringList stages;
        int lastPercent = 0;
        bool monotonic = true;
        Result<DemoDataSummary> result =
            database.generate(smallOptions(), nullptr, [&](int percent, const QString& stage) {
                monotonic = monotonic && percent >= lastPercent && percent <= 100;
                lastPercent = percent;
                if (stages.isEmpty() || stages.last() != stage)
                    stages.append(stage);
                return stage != u"login events";
            });
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, ErrorKind::Cancelled);
        QVERIFY(monotonic);
        QCOMPARE(stages,
                 (QStringList{QStringLiteral("customers"), QStringLiteral("addresses"), QStringLiteral("devices"),
                              QStringLiteral("sessions"), QStringLiteral("login events")}));
        for (const QString& table :
             {QStringLiteral("customers"), QStringLiteral("addresses"), QStringLiteral("devices"),
              QStringLiteral("sessions"), QStringLiteral("login_events"), QStringLiteral("audit_events")})
            QCOMPARE(database.count(QStringLiteral("SELECT COUNT(*) FROM ") + table), qint64(0));
        // The indexes set aside for the bulk load are back.
        QCOMPARE(database.indexNames(), indexes);

        // Nothing was left half-done: the same database takes a full run afterwards, and a
        // second run into a filled database is refused.
        Result<DemoDataSummary> full = database.generate(smallOptions());
        QVERIFY2(full.ok(), qPrintable(full.ok() ? QString() : errorText(full.error())));
        QCOMPARE(database.indexNames(), indexes);
        Result<DemoDataSummary> again = database.generate(smallOptions());
        QVERIFY(!again.ok());
        QCOMPARE(again.error().kind, ErrorKind::InvalidInput);
    }

    void startReportsProgress()
    {
        Database database(m_backend);
        QVERIFY2(database.database->isValid(), qPrintable(database.database->error()));
        QFuture<Result<DemoDataSummary>> future = DemoDataGenerator::start(*database.pool, smallOptions());
        QFutureWatcher<Result<DemoDataSummary>> watcher;
        QStringList stages;
        connect(&watcher, &QFutureWatcher<Result<DemoDataSummary>>::progressTextChanged, this,
                [&stages](const QString& text) {
                    if (stages.isEmpty() || stages.last() != text)
                        stages.append(text);
                });
        watcher.setFuture(future);
        QTRY_VERIFY_WITH_TIMEOUT(watcher.isFinished(), 120000);
        QVERIFY(!future.isCanceled());
        QCOMPARE(future.resultCount(), 1);
        const Result<DemoDataSummary> result = future.result();
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : errorText(result.error())));
        QCOMPARE(result->customers, qint64(2000));
        QCOMPARE(future.progressValue(), 100);
        QCOMPARE(future.progressText(), QStringLiteral("done"));
        // Progress signals are throttled, so not every stage need arrive, but their order must hold.
        const QStringList order{QStringLiteral("migrating"),    QStringLiteral("customers"),
                                QStringLiteral("addresses"),    QStringLiteral("devices"),
                                QStringLiteral("sessions"),     QStringLiteral("login events"),
                                QStringLiteral("audit events"), QStringLiteral("done")};
        QVERIFY(!stages.isEmpty());
        for (qsizetype i = 1; i < stages.size(); ++i)
            QVERIFY2(order.indexOf(stages.at(i - 1)) < order.indexOf(stages.at(i)), qPrintable(stages.join(u',')));
        QCOMPARE(database.digest(), m_main->digest());
    }

    void startHonoursCancel()
    {
        Database database(m_backend);
        QVERIFY2(database.database->isValid(), qPrintable(database.database->error()));
        DemoDataOptions options = smallOptions();
        options.customers = 20000; // long enough to be cancelled midway
        QFuture<Result<DemoDataSummary>> future = DemoDataGenerator::start(*database.pool, options);
        QTRY_VERIFY_WITH_TIMEOUT(future.progressValue() >= 1 || future.isFinished(), 60000);
        future.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), 60000);
        QVERIFY(future.isCanceled());
        QCOMPARE(future.resultCount(), 0);
        QCOMPARE(database.count(QStringLiteral("SELECT COUNT(*) FROM customers")), qint64(0));
        QCOMPARE(database.count(QStringLiteral("SELECT COUNT(*) FROM login_events")), qint64(0));
    }

    void defaultSizeTiming()
    {
        Database database(m_backend);
        QVERIFY2(database.database->isValid(), qPrintable(database.database->error()));
        DemoDataOptions options; // 20,000 customers, 200,000 login events
        options.referenceTime = referenceTime;
        qint64 elapsed = 0;
        QElapsedTimer stageTimer;
        QString stage;
        QStringList stageTimes;
        auto progress = [&](int, const QString& current) {
            if (current != stage) {
                if (!stage.isEmpty())
                    stageTimes << QStringLiteral("%1 %2 ms").arg(stage).arg(stageTimer.restart());
                else
                    stageTimer.start();
                stage = current;
            }
            return true;
        };
        Result<DemoDataSummary> summary = database.generate(options, &elapsed, progress);
        QVERIFY2(summary.ok(), qPrintable(summary.ok() ? QString() : errorText(summary.error())));
        qInfo("%s: stages: %s", qPrintable(m_backend), qPrintable(stageTimes.join(QStringLiteral(", "))));
        qInfo("%s: default size (%lld customers, %lld addresses, %lld devices, %lld sessions, %lld login events, "
              "%lld audit events) generated in %lld ms",
              qPrintable(m_backend), summary->customers, summary->addresses, summary->devices, summary->sessions,
              summary->loginEvents, summary->auditEvents, elapsed);
        QCOMPARE(summary->customers, qint64(20000));
        QCOMPARE(summary->loginEvents, qint64(200000));
        QVERIFY(summary->lockedCustomers.size() >= 20);
        QVERIFY(summary->impossibleTravelCustomers.size() >= 10);
        QVERIFY(database.count(QStringLiteral("SELECT COUNT(DISTINCT email) FROM login_events WHERE ip = ?"),
                               {summary->credentialStuffingIp}) >= 300);
    }

private:
    QString m_backend;
    std::unique_ptr<Database> m_main;
    DemoDataSummary m_summary;
};

int main(int argc, char** argv)
{
    const QString backend = idc::test::TestDatabase::takeBackendArgument(argc, argv);
    QCoreApplication app(argc, argv);
    TestDemoGenerator test(backend);
    return QTest::qExec(&test, argc, argv);
}

#include "tst_demo_generator.moc"
