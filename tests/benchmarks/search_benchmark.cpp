// Customer search latency, printed as figures (not a pass/fail test).
//
//   search-benchmark --sqlite FILE [--customers N] [--queries N]
//   search-benchmark --pg HOST:PORT/DB --user U [--psql-socket DIR] [--customers N] [--queries N]
//
// The password comes from IDC_BENCH_PASSWORD. An empty database is first filled with the demo
// generator. Each query is run through the console's SqlBackend (a page of 50 and the capped
// count, as the search box does) and, on PostgreSQL, the same statement is run straight through
// psql in the same run; the ratio of the two is the console's overhead.

#include "DemoDataGenerator.h"
#include "PsqlText.h"
#include "SqlBackend.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryFile>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <numeric>

using namespace idc;

namespace {

using bench::inlineValues;

QTextStream out(stdout);

struct Figures
{
    double p50 = 0;
    double p95 = 0;
    double mean = 0;
};

Figures figuresOf(QList<double> ms)
{
    std::sort(ms.begin(), ms.end());
    Figures f;
    if (ms.isEmpty())
        return f;
    f.p50 = ms.at(ms.size() / 2);
    f.p95 = ms.at(std::min<qsizetype>(ms.size() - 1, qsizetype(ms.size() * 0.95)));
    for (double v : ms)
        f.mean += v;
    f.mean /= double(ms.size());
    return f;
}

void print(const QString& label, const Figures& f)
{
    out << QStringLiteral("%1  p50 %2 ms  p95 %3 ms  mean %4 ms")
               .arg(label, -34)
               .arg(f.p50, 7, 'f', 2)
               .arg(f.p95, 7, 'f', 2)
               .arg(f.mean, 7, 'f', 2)
        << Qt::endl;
}

/// Search terms an agent would type: part of a surname, of an e-mail, of a phone number, of an id.
QStringList sampleTerms(SqlBackend& backend, int count)
{
    QStringList terms;
    QRandomGenerator random(42);
    CustomerQuery query;
    query.sortKey = CustomerSortKey::CreatedAt;
    Result<CustomerPage> page = backend.searchCustomers(query, {}, 500).result();
    if (!page || page->items.isEmpty())
        return terms;
    for (int i = 0; terms.size() < count; ++i) {
        const Customer& c = page->items.at(random.bounded(int(page->items.size())));
        switch (i % 4) {
        case 0: {
            const QString surname = c.fullName.section(u' ', -1);
            terms << surname.left(std::max<qsizetype>(4, surname.size() - 1)).toLower();
            break;
        }
        case 1:
            terms << c.email.left(c.email.indexOf(u'@')).mid(1, 6);
            break;
        case 2:
            terms << c.phone.right(7);
            break;
        case 3:
            terms << c.id.toString(QUuid::WithoutBraces).left(8);
            break;
        }
    }
    return terms;
}

} // namespace

int main(int argc, char* argv[])
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
    const QCommandLineOption socketOption(QStringLiteral("psql-socket"), QStringLiteral("psql over this socket dir"),
                                          QStringLiteral("dir"));
    const QCommandLineOption customersOption(QStringLiteral("customers"), QStringLiteral("customers to generate"),
                                             QStringLiteral("n"), QStringLiteral("20000"));
    const QCommandLineOption queriesOption(QStringLiteral("queries"), QStringLiteral("queries to time"),
                                           QStringLiteral("n"), QStringLiteral("200"));
    parser.addOptions({sqliteOption, pgOption, userOption, socketOption, customersOption, queriesOption});
    parser.process(app);

    ConnectionProfile profile;
    const QString password = qEnvironmentVariable("IDC_BENCH_PASSWORD");
    if (parser.isSet(pgOption)) {
        static const QRegularExpression url(QStringLiteral("^([^:/]+):(\\d+)/(\\w+)$"));
        const QRegularExpressionMatch m = url.match(parser.value(pgOption));
        if (!m.hasMatch()) {
            fprintf(stderr, "search-benchmark: --pg wants HOST:PORT/DATABASE\n");
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
        fprintf(stderr, "search-benchmark: cannot open: %s\n", qPrintable(info.error().detail));
        return 1;
    }
    qint64 customers = backend.countCustomers({}, 100000000).result()->count;
    if (customers == 0) {
        DemoDataOptions options;
        options.customers = parser.value(customersOption).toInt();
        options.loginEvents = options.customers / 5; // the search reads customers only
        QElapsedTimer load;
        load.start();
        Result<DemoDataSummary> summary = DemoDataGenerator::start(backend.pool(), options).result();
        if (!summary) {
            fprintf(stderr, "search-benchmark: generation failed: %s\n", qPrintable(summary.error().detail));
            return 1;
        }
        out << QStringLiteral("generated %1 customers in %2 s")
                   .arg(summary->customers)
                   .arg(load.elapsed() / 1000.0, 0, 'f', 1)
            << Qt::endl;
        customers = summary->customers;
        if (profile.kind == BackendKind::PostgreSql) {
            backend.pool()
                .run([](QSqlDatabase& db) -> Status {
                    QSqlQuery(db).exec(QStringLiteral("VACUUM ANALYZE customers"));
                    return Done{};
                })
                .waitForFinished();
        }
    }

    const int queryCount = parser.value(queriesOption).toInt();
    const QStringList terms = sampleTerms(backend, queryCount);
    out << QStringLiteral("%1, %2 customers, %3 queries (surname, e-mail, phone and id fragments)")
               .arg(info->serverVersion)
               .arg(customers)
               .arg(terms.size())
        << Qt::endl;

    // Warm-up: caches and prepared plans, as in a console that has been open a while.
    for (const QString& term : terms.mid(0, 10)) {
        CustomerQuery q;
        q.text = term;
        backend.searchCustomers(q, {}, 50).waitForFinished();
    }

    QList<double> pageMs, countMs, bothMs, rawMs;
    qint64 rows = 0;
    QString psqlScript = QStringLiteral("\\timing on\n\\o /dev/null\n");
    for (const QString& term : terms) {
        CustomerQuery q;
        q.text = term;
        // Alone first (the figure compared with psql), then with the count beside it, as the
        // search box runs them.
        QElapsedTimer timer;
        timer.start();
        Result<CustomerPage> page = backend.searchCustomers(q, {}, 50).result();
        pageMs << timer.nsecsElapsed() / 1e6;
        rows += page ? page->items.size() : 0;
        timer.restart();
        backend.countCustomers(q, 10000).waitForFinished();
        countMs << timer.nsecsElapsed() / 1e6;
        timer.restart();
        QFuture<Result<CustomerPage>> parallelPage = backend.searchCustomers(q, {}, 50);
        QFuture<Result<CustomerCount>> parallelCount = backend.countCustomers(q, 10000);
        parallelPage.waitForFinished();
        parallelCount.waitForFinished();
        bothMs << timer.nsecsElapsed() / 1e6;
        psqlScript += inlineValues(*SqlBackend::customerSearchStatement(q, {}, 50, backend.pool().dialect())) +
                      QStringLiteral(";\n");
    }
    out << QStringLiteral("average rows on the first page: %1").arg(double(rows) / terms.size(), 0, 'f', 1) << Qt::endl;
    QList<qsizetype> slowest(terms.size());
    std::iota(slowest.begin(), slowest.end(), 0);
    std::sort(slowest.begin(), slowest.end(), [&](qsizetype a, qsizetype b) { return pageMs.at(a) > pageMs.at(b); });
    QStringList worst;
    for (qsizetype i : slowest.mid(0, 5))
        worst << QStringLiteral("\"%1\" %2 ms").arg(terms.at(i)).arg(pageMs.at(i), 0, 'f', 1);
    out << QStringLiteral("slowest first pages: ") << worst.join(QStringLiteral(", ")) << Qt::endl;
    print(QStringLiteral("console: first page (50 rows)"), figuresOf(pageMs));
    print(QStringLiteral("console: capped count"), figuresOf(countMs));
    print(QStringLiteral("console: page + count in parallel"), figuresOf(bothMs));

    if (profile.kind == BackendKind::PostgreSql) {
        QTemporaryFile script;
        script.open();
        // Run twice: the first pass warms the same caches the console's warm-up did.
        script.write((psqlScript + psqlScript).toUtf8());
        script.flush();
        QProcess psql;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGPASSWORD"), password);
        psql.setProcessEnvironment(env);
        const QString host = parser.isSet(socketOption) ? parser.value(socketOption) : profile.host;
        psql.start(QStringLiteral("psql"),
                   {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-h"), host, QStringLiteral("-p"),
                    QString::number(profile.port), QStringLiteral("-U"), profile.user, QStringLiteral("-d"),
                    profile.database, QStringLiteral("-f"), script.fileName()});
        psql.waitForFinished(-1);
        static const QRegularExpression timing(QStringLiteral("Time: ([0-9.]+) ms"));
        auto matches = timing.globalMatch(QString::fromUtf8(psql.readAllStandardOutput()));
        QList<double> all;
        while (matches.hasNext())
            all << matches.next().captured(1).toDouble();
        rawMs = all.mid(all.size() / 2);
        if (rawMs.size() != terms.size()) {
            fprintf(stderr, "search-benchmark: psql gave %d timings: %s\n", int(rawMs.size()),
                    psql.readAllStandardError().constData());
            return 1;
        }
        const Figures raw = figuresOf(rawMs);
        const Figures console = figuresOf(pageMs);
        print(QStringLiteral("psql: same first-page statement"), raw);
        out << QStringLiteral("overhead (console / psql): p50 %1x  p95 %2x")
                   .arg(console.p50 / raw.p50, 0, 'f', 2)
                   .arg(console.p95 / raw.p95, 0, 'f', 2)
            << Qt::endl;
    }
    return 0;
}
