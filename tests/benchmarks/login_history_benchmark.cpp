// Login history latency with risk flags, printed as figures (not a pass/fail test).
//
//   login-history-benchmark --sqlite FILE [--customers N] [--login-events N] [--runs N]
//   login-history-benchmark --pg HOST:PORT/DB --user U [--customers N] [--login-events N] [--runs N]
//
// The password comes from IDC_BENCH_PASSWORD. An empty database is first filled with the demo
// generator. Each case runs through the console's SqlBackend: the first page of 100 of everyone
// (what the view opens with), one customer's history, pages filtered by a risk flag, a capped
// count and a week's histogram by hour; each is printed with its ratio to a baseline measured in
// the same run: the newest 100 rows as a plain statement, without risk flags.

#include "DemoDataGenerator.h"
#include "SqlBackend.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace idc;

namespace {

QTextStream out(stdout);

/// The baseline every case is compared with, measured in the same run: the newest 100 rows
/// of login_events as a plain keyset statement on the same pool, without risk flags or joins.
double baselineMs = 0;

/// Runs `call` `runs` times and prints the median and the slowest, in milliseconds, and the
/// median's ratio to the baseline. Returns the median.
template <typename T>
double time(const QString& label, int runs, const std::function<QFuture<Result<T>>()>& call)
{
    QList<double> ms;
    QString problem;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        Result<T> result = call().result();
        ms << timer.nsecsElapsed() / 1e6;
        if (!result)
            problem = result.error().detail;
    }
    std::sort(ms.begin(), ms.end());
    const double median = ms.at(ms.size() / 2);
    out << QStringLiteral("%1  p50 %2 ms  max %3 ms  %4%5")
               .arg(label, -44)
               .arg(median, 8, 'f', 2)
               .arg(ms.last(), 8, 'f', 2)
               .arg(baselineMs > 0 ? QStringLiteral("%1x baseline").arg(median / baselineMs, 6, 'f', 1)
                                   : QStringLiteral("(baseline)"))
               .arg(problem.isEmpty() ? QString() : QStringLiteral("  ERROR ") + problem)
        << Qt::endl;
    return median;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption sqliteOption(QStringLiteral("sqlite"), QStringLiteral("SQLite file"),
                                          QStringLiteral("file"));
    const QCommandLineOption pgOption(QStringLiteral("pg"), QStringLiteral("HOST:PORT/DATABASE"),
                                      QStringLiteral("url"));
    const QCommandLineOption userOption(QStringLiteral("user"), QStringLiteral("PostgreSQL user"),
                                        QStringLiteral("name"));
    const QCommandLineOption customersOption(QStringLiteral("customers"), QStringLiteral("customers to generate"),
                                             QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption eventsOption(QStringLiteral("login-events"),
                                          QStringLiteral("login events to generate (-1: 10 per customer)"),
                                          QStringLiteral("n"), QStringLiteral("-1"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("runs per case"), QStringLiteral("n"),
                                        QStringLiteral("20"));
    parser.addOptions({sqliteOption, pgOption, userOption, customersOption, eventsOption, runsOption});
    parser.process(app);

    ConnectionProfile profile;
    const QString password = qEnvironmentVariable("IDC_BENCH_PASSWORD");
    if (parser.isSet(pgOption)) {
        static const QRegularExpression url(QStringLiteral("^([^:/]+):(\\d+)/(\\w+)$"));
        const QRegularExpressionMatch m = url.match(parser.value(pgOption));
        if (!m.hasMatch()) {
            fprintf(stderr, "login-history-benchmark: --pg wants HOST:PORT/DATABASE\n");
            return 2;
        }
        profile.kind = BackendKind::PostgreSql;
        profile.host = m.captured(1);
        profile.port = m.captured(2).toInt();
        profile.database = m.captured(3);
        profile.user = parser.value(userOption);
        profile.sslMode = QStringLiteral("disable");
    } else if (parser.isSet(sqliteOption)) {
        profile.kind = BackendKind::Sqlite;
        profile.sqlitePath = parser.value(sqliteOption);
    } else {
        parser.showHelp(2);
    }

    SqlBackend backend(profile, password);
    Result<BackendInfo> info = backend.open().result();
    if (!info) {
        fprintf(stderr, "login-history-benchmark: cannot open: %s\n", qPrintable(info.error().detail));
        return 1;
    }
    if (backend.countCustomers({}, 1).result()->count == 0) {
        DemoDataOptions options;
        options.customers = parser.value(customersOption).toInt();
        options.loginEvents = parser.value(eventsOption).toInt();
        QElapsedTimer load;
        load.start();
        Result<DemoDataSummary> summary = DemoDataGenerator::start(backend.pool(), options).result();
        if (!summary) {
            fprintf(stderr, "login-history-benchmark: generation failed: %s\n", qPrintable(summary.error().detail));
            return 1;
        }
        out << QStringLiteral("generated %1 customers and %2 login events in %3 s")
                   .arg(summary->customers)
                   .arg(summary->loginEvents)
                   .arg(load.elapsed() / 1000.0, 0, 'f', 1)
            << Qt::endl;
        if (profile.kind == BackendKind::PostgreSql) {
            backend.pool()
                .run([](QSqlDatabase& db) -> Status {
                    QSqlQuery(db).exec(QStringLiteral("VACUUM ANALYZE customers, devices, login_events"));
                    return Done{};
                })
                .waitForFinished();
        }
    }

    const int runs = std::max(1, parser.value(runsOption).toInt());
    const qint64 events = backend.countLoginEvents({}, 100000000).result()->count;
    out << QStringLiteral("%1, %2 login events, %3 runs per case").arg(toString(profile.kind)).arg(events).arg(runs)
        << Qt::endl;

    Result<LoginEventPage> newest = backend.loginEvents({}, {}, 1).result();
    if (!newest || newest->items.isEmpty()) {
        fprintf(stderr, "login-history-benchmark: no login events\n");
        return 1;
    }
    const QDateTime latest = newest->items.first().occurredAt;
    LoginEventQuery customer;
    customer.customerId = newest->items.first().customerId;

    baselineMs = time<int>(QStringLiteral("plain page of 100 rows, no flags (baseline)"), runs, [&] {
        return backend.pool().run([](QSqlDatabase& db) -> Result<int> {
            QSqlQuery q(db);
            if (!q.exec(
                    QStringLiteral("SELECT id, customer_id, email, occurred_at, ip, user_agent, device_id, country, "
                                   "city, latitude, longitude, success, failure_reason, mfa_method FROM "
                                   "login_events ORDER BY occurred_at DESC, id DESC LIMIT 100")))
                return makeError(ErrorKind::Storage, q.lastError().text());
            int rows = 0;
            while (q.next())
                ++rows;
            return rows;
        });
    });
    time<LoginEventPage>(QStringLiteral("first page of 100, everyone"), runs,
                         [&] { return backend.loginEvents({}, {}, 100); });
    time<LoginEventPage>(QStringLiteral("first page of 100, one customer"), runs,
                         [&] { return backend.loginEvents(customer, {}, 100); });
    for (RiskFlag flag : allRiskFlags) {
        LoginEventQuery flagged;
        flagged.requiredFlags = flag;
        time<LoginEventPage>(QStringLiteral("first page of 100, %1").arg(toString(flag)), std::max(1, runs / 4),
                             [&] { return backend.loginEvents(flagged, {}, 100); });
    }
    time<CustomerCount>(QStringLiteral("count, capped at 10000"), runs,
                        [&] { return backend.countLoginEvents({}, 10000); });
    LoginEventQuery week;
    week.from = latest.addDays(-7);
    week.to = latest.addSecs(1);
    time<QList<LoginHistogramBin>>(QStringLiteral("histogram by hour, last week"), runs,
                                   [&] { return backend.loginHistogram(week, HistogramBucket::Hour); });
    return 0;
}
