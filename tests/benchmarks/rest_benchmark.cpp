// What the REST API costs over direct PostgreSQL, and how the reference server holds up under
// concurrent clients, printed as figures (not a pass/fail test).
//
//   rest-benchmark --pg HOST:PORT/DB --user U --api http://127.0.0.1:PORT --api-user NAME
//                  [--queries N] [--clients 50] [--requests-per-client 200] [--duration-seconds 30]
//                  [--access-log FILE] [--server-pid PID] [--pg-pid PID] [--login-storm]
//
// Passwords come from the environment: IDC_BENCH_PASSWORD for the database, IDC_BENCH_API_PASSWORD
// for the operator. The database must already hold customers (run-rest-benchmark.sh fills it with
// search-benchmark) and the server must serve that same database.
//
// Phase A (overhead): the same first pages (50 rows, the console's default order) through SqlBackend
// straight to PostgreSQL and through RestBackend → identity-api-server → PostgreSQL, interleaved, and
// checked to hold the same ids in the same order.
// Phase B (load): one client alone, then N clients at once sharing one login token, each sending a
// mix of searches, customer look-ups and counts back to back until its request budget or the time
// is used up.
// --login-storm (last, since it throttles the operator): N clients try a wrong password at once.

#include "RestBackend.h"
#include "SqlBackend.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMap>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numeric>
#include <optional>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

using namespace idc;

namespace {

QTextStream out(stdout);

struct Figures
{
    qsizetype count = 0;
    double p50 = 0;
    double p95 = 0;
    double p99 = 0;
    double mean = 0;
    double max = 0;
};

/// Nearest-rank percentiles of latencies in milliseconds.
Figures figuresOf(QList<double> ms)
{
    Figures f;
    f.count = ms.size();
    if (ms.isEmpty())
        return f;
    std::sort(ms.begin(), ms.end());
    const auto rank = [&ms](double p) {
        const auto index = qsizetype(std::ceil(p * double(ms.size()))) - 1;
        return ms.at(std::clamp<qsizetype>(index, 0, ms.size() - 1));
    };
    f.p50 = rank(0.50);
    f.p95 = rank(0.95);
    f.p99 = rank(0.99);
    f.max = ms.last();
    for (double v : ms)
        f.mean += v;
    f.mean /= double(ms.size());
    return f;
}

void print(const QString& label, const Figures& f)
{
    out << QStringLiteral("%1  n %2  p50 %3 ms  p95 %4 ms  p99 %5 ms  mean %6 ms  max %7 ms")
               .arg(label, -40)
               .arg(f.count, 5)
               .arg(f.p50, 7, 'f', 2)
               .arg(f.p95, 7, 'f', 2)
               .arg(f.p99, 7, 'f', 2)
               .arg(f.mean, 7, 'f', 2)
               .arg(f.max, 8, 'f', 2)
        << Qt::endl;
}

/// "HTTP 503 (Unavailable)" for an answer with an error status, "transport Timeout: …" otherwise.
QString errorLabel(const Error& error)
{
    static const QRegularExpression http(QStringLiteral("^HTTP (\\d{3})"));
    const QRegularExpressionMatch m = http.match(error.detail);
    if (m.hasMatch())
        return QStringLiteral("HTTP %1 (%2)").arg(m.captured(1), errorKindName(error.kind));
    return QStringLiteral("transport %1: %2").arg(errorKindName(error.kind), error.detail.left(80));
}

struct Workload
{
    QList<CustomerQuery> queries;
    QStringList labels; ///< what each query is, for the slowest-query list
    QList<QUuid> customerIds;
};

/// A fixed list of searches, as in search-benchmark: fragments of surnames, e-mails, phone numbers
/// and ids of the 500 newest customers (the largest page), every fifth query with filters instead.
/// Seeded, so two runs against the same data search the same things.
Result<Workload> sampleWorkload(SqlBackend& backend, int count)
{
    Workload w;
    QRandomGenerator random(42);
    CustomerQuery newest;
    newest.sortKey = CustomerSortKey::CreatedAt;
    Result<CustomerPage> page = backend.searchCustomers(newest, {}, 500).result();
    if (!page)
        return page.error();
    if (page->items.isEmpty())
        return makeError(ErrorKind::NotFound, QStringLiteral("the database holds no customers; fill it first"));
    for (const Customer& c : page->items)
        w.customerIds << c.id;
    for (int i = 0; w.queries.size() < count; ++i) {
        const Customer& c = page->items.at(random.bounded(int(page->items.size())));
        const QString surname = c.fullName.section(u' ', -1);
        const QString surnameFragment = surname.left(std::max<qsizetype>(4, surname.size() - 1)).toLower();
        CustomerQuery q;
        QString label;
        switch (i % 5) {
        case 0:
            q.text = surnameFragment;
            break;
        case 1:
            q.text = c.email.left(c.email.indexOf(u'@')).mid(1, 6);
            break;
        case 2:
            q.text = c.phone.right(7);
            break;
        case 3:
            q.text = c.id.toString(QUuid::WithoutBraces).left(8);
            break;
        case 4:
            switch ((i / 5) % 3) {
            case 0:
                q.text = surnameFragment;
                q.country = c.country;
                label = QStringLiteral(" country=%1").arg(c.country);
                break;
            case 1:
                q.status = CustomerStatus::Active;
                q.tier = c.loyaltyTier;
                label = QStringLiteral("status=active tier=%1").arg(toString(c.loyaltyTier));
                break;
            case 2:
                q.text = c.fullName.section(u' ', 0, 0).left(3).toLower();
                q.mfaEnabled = TriState::Yes;
                label = QStringLiteral(" mfa=yes");
                break;
            }
            break;
        }
        w.queries << q;
        w.labels << (q.text.isEmpty() ? label : u'"' + q.text + u'"' + label);
    }
    return w;
}

QList<QUuid> idsOf(const CustomerPage& page)
{
    QList<QUuid> ids;
    for (const Customer& c : page.items)
        ids << c.id;
    return ids;
}

double msSince(const QElapsedTimer& timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

/// CPU time in core-seconds: the whole machine (busy and total), this process, the server process
/// and the PostgreSQL cluster (postmaster and its children); -1 where not known.
struct CpuSample
{
    double machineBusy = 0;
    double machineTotal = 0;
    double self = 0;
    double server = -1;
    double postgres = -1;
};

/// Fields after the command name of /proc/PID/stat, starting with the state (field 3).
QList<QByteArray> processStat(const QString& pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    // The command name may hold spaces and parentheses: count from its last closing parenthesis.
    const QByteArray line = file.readAll();
    return line.mid(line.lastIndexOf(')') + 2).split(' ');
}

double processSeconds(const QList<QByteArray>& stat)
{
    // utime and stime are fields 14 and 15.
    return stat.size() > 12 ? (stat.at(11).toDouble() + stat.at(12).toDouble()) / double(sysconf(_SC_CLK_TCK)) : -1;
}

CpuSample sampleCpu(qint64 serverPid, qint64 postmasterPid)
{
    CpuSample s;
    QFile stat(QStringLiteral("/proc/stat"));
    if (stat.open(QIODevice::ReadOnly)) {
        // cpu user nice system idle iowait irq softirq steal …
        const QList<QByteArray> f = stat.readLine().simplified().split(' ');
        if (f.size() > 8) {
            const auto at = [&f](int i) { return f.at(i).toDouble() / double(sysconf(_SC_CLK_TCK)); };
            s.machineBusy = at(1) + at(2) + at(3) + at(6) + at(7) + at(8);
            s.machineTotal = s.machineBusy + at(4) + at(5);
        }
    }
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) == 0)
        s.self = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                 double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    if (serverPid > 0)
        s.server = processSeconds(processStat(QString::number(serverPid)));
    if (postmasterPid > 0) {
        // Backends live as long as their connection, so summing the living children is enough
        // while the pools stay connected.
        s.postgres = processSeconds(processStat(QString::number(postmasterPid)));
        const QByteArray parent = QByteArray::number(postmasterPid);
        for (const QString& pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
            if (pid.front().isDigit()) {
                const QList<QByteArray> f = processStat(pid);
                if (f.size() > 12 && f.at(1) == parent)
                    s.postgres += processSeconds(f);
            }
        }
    }
    return s;
}

void printCpu(const CpuSample& before, const CpuSample& after, double seconds)
{
    const double total = after.machineTotal - before.machineTotal;
    const double busy = after.machineBusy - before.machineBusy;
    const double self = after.self - before.self;
    const double server = before.server >= 0 && after.server >= 0 ? after.server - before.server : 0;
    const double postgres = before.postgres >= 0 && after.postgres >= 0 ? after.postgres - before.postgres : 0;
    QString line = QStringLiteral("  CPU over %1 s, %2 cores: machine %3% busy (%4 core-s): rest-benchmark %5")
                       .arg(seconds, 0, 'f', 1)
                       .arg(QThread::idealThreadCount())
                       .arg(total > 0 ? busy / total * 100 : 0, 0, 'f', 0)
                       .arg(busy, 0, 'f', 1)
                       .arg(self, 0, 'f', 1);
    if (before.server >= 0 && after.server >= 0)
        line += QStringLiteral(", identity-api-server %1").arg(server, 0, 'f', 1);
    if (before.postgres >= 0 && after.postgres >= 0)
        line += QStringLiteral(", PostgreSQL %1").arg(postgres, 0, 'f', 1);
    line += QStringLiteral(", everything else %1").arg(std::max(0.0, busy - self - server - postgres), 0, 'f', 1);
    out << line << Qt::endl;
}

/// The server's own time per request, read from the access-log lines written between two offsets:
/// "TIME METHOD PATH STATUS 12.34ms operator=… trace=…".
struct AccessLogReader
{
    QString path;

    qint64 size() const { return path.isEmpty() ? 0 : QFile(path).size(); }

    /// Lines whose path is `route` (with `prefix`: starts with it).
    QList<double> serverMs(qint64 from, qint64 to, const QByteArray& route, bool prefix = false) const
    {
        QList<double> ms;
        QFile file(path);
        if (path.isEmpty() || !file.open(QIODevice::ReadOnly) || !file.seek(from))
            return ms;
        for (const QByteArray& line : file.read(to - from).split('\n')) {
            const QList<QByteArray> f = line.split(' ');
            if (f.size() < 5 || !f.at(4).endsWith("ms"))
                continue;
            if (prefix ? f.at(2).startsWith(route) : f.at(2) == route)
                ms << f.at(4).chopped(2).toDouble();
        }
        return ms;
    }
};

enum class RequestKind
{
    Search,
    Customer,
    Count
};

struct ClientResult
{
    QList<double> ms; ///< successful requests only
    QList<double> searchMs;
    QList<double> customerMs;
    QList<double> countMs;
    QMap<QString, int> errors;
    int requests = 0;
};

/// One client: requests back to back, 60% searches, 25% customers by id, 15% capped counts (the
/// search box's cap), until `maxRequests` or the deadline.
ClientResult runClient(RestBackend& rest, const Workload& w, quint32 seed, int maxRequests,
                       const QDeadlineTimer& deadline)
{
    QRandomGenerator random(seed);
    ClientResult r;
    for (; r.requests < maxRequests && !deadline.hasExpired(); ++r.requests) {
        const int pick = int(random.bounded(100));
        const RequestKind kind = pick < 60   ? RequestKind::Search
                                 : pick < 85 ? RequestKind::Customer
                                             : RequestKind::Count;
        std::optional<Error> error;
        QElapsedTimer timer;
        timer.start();
        switch (kind) {
        case RequestKind::Search: {
            Result<CustomerPage> page =
                rest.searchCustomers(w.queries.at(random.bounded(int(w.queries.size()))), {}, 50).result();
            if (!page)
                error = page.error();
            break;
        }
        case RequestKind::Customer: {
            Result<Customer> customer =
                rest.customer(w.customerIds.at(random.bounded(int(w.customerIds.size())))).result();
            if (!customer)
                error = customer.error();
            break;
        }
        case RequestKind::Count: {
            Result<CustomerCount> count =
                rest.countCustomers(w.queries.at(random.bounded(int(w.queries.size()))), 10000).result();
            if (!count)
                error = count.error();
            break;
        }
        }
        const double ms = msSince(timer);
        if (error) {
            ++r.errors[errorLabel(*error)];
            continue;
        }
        r.ms << ms;
        (kind == RequestKind::Search ? r.searchMs : kind == RequestKind::Customer ? r.customerMs : r.countMs) << ms;
    }
    return r;
}

ClientResult merged(const std::vector<ClientResult>& results)
{
    ClientResult all;
    for (const ClientResult& r : results) {
        all.ms += r.ms;
        all.searchMs += r.searchMs;
        all.customerMs += r.customerMs;
        all.countMs += r.countMs;
        all.requests += r.requests;
        for (auto it = r.errors.cbegin(); it != r.errors.cend(); ++it)
            all.errors[it.key()] += it.value();
    }
    return all;
}

void printLoad(const QString& title, const ClientResult& r, double seconds)
{
    int errorCount = 0;
    for (int n : r.errors)
        errorCount += n;
    out << QStringLiteral("%1: %2 requests in %3 s, %4 req/s, %5 errors")
               .arg(title)
               .arg(r.requests)
               .arg(seconds, 0, 'f', 2)
               .arg(double(r.requests) / seconds, 0, 'f', 1)
               .arg(errorCount)
        << Qt::endl;
    print(QStringLiteral("  all successful requests"), figuresOf(r.ms));
    print(QStringLiteral("  search (first page of 50)"), figuresOf(r.searchMs));
    print(QStringLiteral("  customer by id"), figuresOf(r.customerMs));
    print(QStringLiteral("  count (cap 10000)"), figuresOf(r.countMs));
    for (auto it = r.errors.cbegin(); it != r.errors.cend(); ++it)
        out << QStringLiteral("  error %1: %2").arg(it.key()).arg(it.value()) << Qt::endl;
}

RestBackend::Options benchmarkOptions()
{
    RestBackend::Options options;
    // Every failure counts: a retry would hide a 503 or a dropped connection in a slower figure.
    options.retries = 0;
    options.timeout = std::chrono::seconds(30);
    options.holdOnExpiredToken = false;
    return options;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption pgOption(QStringLiteral("pg"), QStringLiteral("HOST:PORT/DATABASE"),
                                      QStringLiteral("url"));
    const QCommandLineOption userOption(QStringLiteral("user"), QStringLiteral("PostgreSQL user"),
                                        QStringLiteral("name"));
    const QCommandLineOption apiOption(QStringLiteral("api"), QStringLiteral("server root, e.g. http://127.0.0.1:8080"),
                                       QStringLiteral("url"));
    const QCommandLineOption apiUserOption(QStringLiteral("api-user"), QStringLiteral("operator name"),
                                           QStringLiteral("name"));
    const QCommandLineOption queriesOption(QStringLiteral("queries"), QStringLiteral("searches timed on both paths"),
                                           QStringLiteral("n"), QStringLiteral("200"));
    const QCommandLineOption clientsOption(QStringLiteral("clients"), QStringLiteral("concurrent clients"),
                                           QStringLiteral("n"), QStringLiteral("50"));
    const QCommandLineOption requestsOption(QStringLiteral("requests-per-client"),
                                            QStringLiteral("requests each client sends at most"), QStringLiteral("n"),
                                            QStringLiteral("200"));
    const QCommandLineOption durationOption(QStringLiteral("duration-seconds"),
                                            QStringLiteral("time the load phase runs at most"), QStringLiteral("s"),
                                            QStringLiteral("30"));
    const QCommandLineOption accessLogOption(QStringLiteral("access-log"),
                                             QStringLiteral("the server's access log, for its own timings"),
                                             QStringLiteral("file"));
    const QCommandLineOption serverPidOption(QStringLiteral("server-pid"),
                                             QStringLiteral("the server's process id, for its CPU time"),
                                             QStringLiteral("pid"));
    const QCommandLineOption pgPidOption(QStringLiteral("pg-pid"),
                                         QStringLiteral("the postmaster's process id, for PostgreSQL's CPU time"),
                                         QStringLiteral("pid"));
    const QCommandLineOption stormOption(QStringLiteral("login-storm"),
                                         QStringLiteral("finally, every client tries a wrong password at once"));
    parser.addOptions({pgOption, userOption, apiOption, apiUserOption, queriesOption, clientsOption, requestsOption,
                       durationOption, accessLogOption, serverPidOption, pgPidOption, stormOption});
    parser.process(app);

    static const QRegularExpression pgUrl(QStringLiteral("^([^:/]+):(\\d+)/(\\w+)$"));
    const QRegularExpressionMatch m = pgUrl.match(parser.value(pgOption));
    if (!m.hasMatch() || !parser.isSet(apiOption) || !parser.isSet(apiUserOption)) {
        fprintf(stderr, "rest-benchmark: --pg HOST:PORT/DATABASE, --api URL and --api-user NAME are required\n");
        return 2;
    }
    const int queryCount = std::max(1, parser.value(queriesOption).toInt());
    const int clientCount = std::clamp(parser.value(clientsOption).toInt(), 1, 500);
    const int requestsPerClient = std::max(1, parser.value(requestsOption).toInt());
    const int durationSeconds = std::clamp(parser.value(durationOption).toInt(), 1, 3600);
    const qint64 serverPid = parser.value(serverPidOption).toLongLong();
    const qint64 postmasterPid = parser.value(pgPidOption).toLongLong();
    const AccessLogReader accessLog{parser.value(accessLogOption)};

    ConnectionProfile database;
    database.kind = BackendKind::PostgreSql;
    database.host = m.captured(1);
    database.port = m.captured(2).toInt();
    database.database = m.captured(3);
    database.user = parser.value(userOption);
    database.sslMode = QStringLiteral("disable");

    ConnectionProfile api;
    api.id = QUuid::createUuid();
    api.name = QStringLiteral("rest-benchmark");
    api.kind = BackendKind::Rest;
    api.baseUrl = parser.value(apiOption);
    const QString apiUser = parser.value(apiUserOption);
    const QString apiPassword = qEnvironmentVariable("IDC_BENCH_API_PASSWORD");

    SqlBackend direct(database, qEnvironmentVariable("IDC_BENCH_PASSWORD"));
    Result<BackendInfo> info = direct.open().result();
    if (!info) {
        fprintf(stderr, "rest-benchmark: cannot open the database: %s\n", qPrintable(info.error().detail));
        return 1;
    }
    const qint64 customers = direct.countCustomers({}, 100000000).result()->count;
    const Result<Workload> sampled = sampleWorkload(direct, queryCount);
    if (!sampled) {
        fprintf(stderr, "rest-benchmark: cannot pick search texts: %s\n", qPrintable(sampled.error().detail));
        return 1;
    }
    const Workload& workload = *sampled;

    RestBackend rest(api, benchmarkOptions());
    QElapsedTimer loginTimer;
    loginTimer.start();
    Result<LoginGrant> grant = rest.login(apiUser, apiPassword).result();
    if (!grant) {
        fprintf(stderr, "rest-benchmark: login failed: %s\n", qPrintable(grant.error().detail));
        return 1;
    }
    const double loginMs = msSince(loginTimer);
    const QByteArray token = grant->token;
    Result<BackendInfo> apiInfo = rest.open().result();
    out << QStringLiteral("%1, %2 customers; API %3 (%4), login took %5 ms")
               .arg(info->serverVersion)
               .arg(customers)
               .arg(api.baseUrl, apiInfo ? apiInfo->serverVersion : apiInfo.error().detail)
               .arg(loginMs, 0, 'f', 0)
        << Qt::endl;

    // ---- Phase A: the same first pages, straight and through the API -------------------------
    out << Qt::endl
        << QStringLiteral("== Phase A: first page (50 rows, newest first), direct SQL vs REST, %1 queries")
               .arg(workload.queries.size())
        << Qt::endl;
    // Warm-up on both paths: caches, prepared plans, the HTTP connection.
    for (const CustomerQuery& q : workload.queries.mid(0, 10)) {
        direct.searchCustomers(q, {}, 50).waitForFinished();
        rest.searchCustomers(q, {}, 50).waitForFinished();
    }
    const qint64 logBeforeA = accessLog.size();
    QList<double> directMs, restMs;
    int mismatches = 0, errors = 0;
    qint64 rows = 0;
    QStringList mismatchExamples;
    QSet<QUuid> idPool(workload.customerIds.cbegin(), workload.customerIds.cend());
    for (qsizetype i = 0; i < workload.queries.size(); ++i) {
        const CustomerQuery& q = workload.queries.at(i);
        // Alternate which path goes first, so that neither always finds the pages the other
        // just brought into PostgreSQL's cache.
        std::optional<Result<CustomerPage>> directPage, restPage;
        const auto runDirect = [&] {
            QElapsedTimer timer;
            timer.start();
            directPage = direct.searchCustomers(q, {}, 50).result();
            directMs << msSince(timer);
        };
        const auto runRest = [&] {
            QElapsedTimer timer;
            timer.start();
            restPage = rest.searchCustomers(q, {}, 50).result();
            restMs << msSince(timer);
        };
        if (i % 2 == 0) {
            runDirect();
            runRest();
        } else {
            runRest();
            runDirect();
        }
        if (!*directPage || !*restPage) {
            ++errors;
            mismatchExamples << QStringLiteral("%1: %2").arg(
                workload.labels.at(i), (*directPage ? restPage->error() : directPage->error()).detail);
            continue;
        }
        const QList<QUuid> directIds = idsOf(directPage->value());
        rows += directIds.size();
        for (const QUuid& id : directIds)
            idPool.insert(id);
        if (directIds != idsOf(restPage->value()) ||
            directPage->value().next.isNull() != restPage->value().next.isNull()) {
            ++mismatches;
            mismatchExamples << workload.labels.at(i);
        }
    }
    const qint64 logAfterA = accessLog.size();
    const Figures directFigures = figuresOf(directMs);
    const Figures restFigures = figuresOf(restMs);
    out << QStringLiteral("average rows on the first page: %1")
               .arg(double(rows) / double(workload.queries.size()), 0, 'f', 1)
        << Qt::endl;
    print(QStringLiteral("direct: SqlBackend → PostgreSQL"), directFigures);
    print(QStringLiteral("REST: RestBackend → server → PostgreSQL"), restFigures);
    if (!accessLog.path.isEmpty())
        print(QStringLiteral("  of which inside the server (log)"),
              figuresOf(accessLog.serverMs(logBeforeA, logAfterA, "/api/v1/customers")));
    out << QStringLiteral("overhead (REST / direct): p50 %1x  p95 %2x;  added p50 %3 ms  p95 %4 ms")
               .arg(restFigures.p50 / directFigures.p50, 0, 'f', 2)
               .arg(restFigures.p95 / directFigures.p95, 0, 'f', 2)
               .arg(restFigures.p50 - directFigures.p50, 0, 'f', 2)
               .arg(restFigures.p95 - directFigures.p95, 0, 'f', 2)
        << Qt::endl;
    QList<qsizetype> slowest(restMs.size());
    std::iota(slowest.begin(), slowest.end(), 0);
    std::sort(slowest.begin(), slowest.end(), [&](qsizetype a, qsizetype b) { return restMs.at(a) > restMs.at(b); });
    QStringList worst;
    for (qsizetype i : slowest.mid(0, 5))
        worst << QStringLiteral("%1 %2/%3 ms")
                     .arg(workload.labels.at(i))
                     .arg(restMs.at(i), 0, 'f', 1)
                     .arg(directMs.at(i), 0, 'f', 1);
    out << QStringLiteral("slowest through REST (REST/direct): ") << worst.join(QStringLiteral(", ")) << Qt::endl;
    out << QStringLiteral("same ids in the same order on both paths: %1 mismatches, %2 errors, of %3 queries")
               .arg(mismatches)
               .arg(errors)
               .arg(workload.queries.size())
        << Qt::endl;
    for (const QString& example : mismatchExamples.mid(0, 5))
        out << QStringLiteral("  differs: ") << example << Qt::endl;

    // ---- Phase B: load ---------------------------------------------------------------------
    Workload load = workload;
    load.customerIds = QList<QUuid>(idPool.cbegin(), idPool.cend());
    std::sort(load.customerIds.begin(), load.customerIds.end()); // QSet order is not deterministic
    out << Qt::endl
        << QStringLiteral("== Phase B: load, 60% search / 25% customer by id / 15% count, one shared token, up to %1 "
                          "requests per client or %2 s")
               .arg(requestsPerClient)
               .arg(durationSeconds)
        << Qt::endl;
    {
        const CpuSample cpuBefore = sampleCpu(serverPid, postmasterPid);
        QElapsedTimer wall;
        wall.start();
        const ClientResult single =
            runClient(rest, load, 1000, requestsPerClient, QDeadlineTimer(std::chrono::seconds(durationSeconds)));
        const double seconds = msSince(wall) / 1000.0;
        printLoad(QStringLiteral("1 client"), single, seconds);
        printCpu(cpuBefore, sampleCpu(serverPid, postmasterPid), seconds);
    }

    std::vector<std::unique_ptr<RestBackend>> clients;
    for (int i = 0; i < clientCount; ++i) {
        clients.push_back(std::make_unique<RestBackend>(api, benchmarkOptions()));
        clients.back()->setToken(token);
    }
    // One request each first, so that connecting is not part of the figures.
    {
        std::vector<QFuture<Result<OperatorInfo>>> hello;
        for (auto& client : clients)
            hello.push_back(client->currentOperator());
        int failed = 0;
        for (auto& future : hello)
            failed += future.result() ? 0 : 1;
        if (failed > 0)
            out << QStringLiteral("warning: %1 of %2 clients could not connect before the load")
                       .arg(failed)
                       .arg(clientCount)
                << Qt::endl;
    }
    {
        std::vector<ClientResult> results(clients.size());
        std::vector<std::unique_ptr<QThread>> threads;
        const qint64 logBefore = accessLog.size();
        const CpuSample cpuBefore = sampleCpu(serverPid, postmasterPid);
        QElapsedTimer wall;
        wall.start();
        const QDeadlineTimer deadline{std::chrono::seconds(durationSeconds)};
        for (size_t i = 0; i < clients.size(); ++i) {
            threads.emplace_back(QThread::create(
                [&, i] { results[i] = runClient(*clients[i], load, quint32(2000 + i), requestsPerClient, deadline); }));
            threads.back()->start();
        }
        for (auto& thread : threads)
            thread->wait();
        const double seconds = msSince(wall) / 1000.0;
        const CpuSample cpuAfter = sampleCpu(serverPid, postmasterPid);
        printLoad(QStringLiteral("%1 clients").arg(clientCount), merged(results), seconds);
        if (!accessLog.path.isEmpty())
            print(QStringLiteral("  inside the server (log), all routes"),
                  figuresOf(accessLog.serverMs(logBefore, accessLog.size(), "/api/v1/", true)));
        printCpu(cpuBefore, cpuAfter, seconds);
        QList<int> perClient;
        for (const ClientResult& r : results)
            perClient << r.requests;
        std::sort(perClient.begin(), perClient.end());
        out << QStringLiteral("requests per client: min %1, median %2, max %3")
                   .arg(perClient.first())
                   .arg(perClient.at(perClient.size() / 2))
                   .arg(perClient.last())
            << Qt::endl;
    }

    // ---- Login storm (last: it leaves the operator throttled) ----------------------------------
    if (parser.isSet(stormOption)) {
        out << Qt::endl
            << QStringLiteral("== Login storm: %1 clients, wrong password for '%2', all at once")
                   .arg(clientCount)
                   .arg(apiUser)
            << Qt::endl;
        using Timed = std::pair<Result<LoginGrant>, double>;
        std::vector<QFuture<Timed>> attempts;
        QElapsedTimer wall;
        wall.start();
        for (auto& client : clients) {
            // The continuation runs on the client's network thread as the answer arrives.
            attempts.push_back(
                client->login(apiUser, apiPassword + QStringLiteral("-wrong")).then([wall](Result<LoginGrant> result) {
                    return Timed{result, msSince(wall)};
                }));
        }
        // Meanwhile an operator who is already signed in keeps searching: do logins hold up the API?
        QList<double> probeMs;
        const auto stormRunning = [&attempts] {
            return std::any_of(attempts.cbegin(), attempts.cend(),
                               [](const QFuture<Timed>& f) { return !f.isFinished(); });
        };
        const QDeadlineTimer probeDeadline{std::chrono::seconds(60)};
        while (stormRunning() && !probeDeadline.hasExpired()) {
            QElapsedTimer timer;
            timer.start();
            rest.searchCustomers(workload.queries.first(), {}, 50).waitForFinished();
            probeMs << msSince(timer);
        }
        QMap<QString, int> outcomes;
        int maxRetryAfter = 0;
        QList<double> refusedMs, throttledMs;
        for (auto& attempt : attempts) {
            const auto [result, ms] = attempt.result();
            if (result) {
                ++outcomes[QStringLiteral("accepted (!)")];
                continue;
            }
            ++outcomes[errorLabel(result.error())];
            if (result.error().kind == ErrorKind::RateLimited) {
                maxRetryAfter = std::max(maxRetryAfter, result.error().retryAfterSeconds);
                throttledMs << ms;
            } else {
                refusedMs << ms;
            }
        }
        const double seconds = msSince(wall) / 1000.0;
        out << QStringLiteral("all %1 answers within %2 s; Retry-After up to %3 s")
                   .arg(clientCount)
                   .arg(seconds, 0, 'f', 2)
                   .arg(maxRetryAfter)
            << Qt::endl;
        for (auto it = outcomes.cbegin(); it != outcomes.cend(); ++it)
            out << QStringLiteral("  %1: %2").arg(it.key()).arg(it.value()) << Qt::endl;
        if (!refusedMs.isEmpty())
            print(QStringLiteral("  refused (401), answered after"), figuresOf(refusedMs));
        if (!throttledMs.isEmpty())
            print(QStringLiteral("  throttled (429), answered after"), figuresOf(throttledMs));
        print(QStringLiteral("  a signed-in search during the storm"), figuresOf(probeMs));
        // Does the throttle also keep out the right password now (as it should, for the window)?
        QElapsedTimer timer;
        timer.start();
        const Result<LoginGrant> genuine = rest.login(apiUser, apiPassword).result();
        out << QStringLiteral("then the right password: %1 in %2 ms")
                   .arg(genuine ? QStringLiteral("accepted") : errorLabel(genuine.error()))
                   .arg(msSince(timer), 0, 'f', 0)
            << Qt::endl;
        // The shared token still works: throttling is about logins, not sessions.
        const Result<CustomerCount> stillIn = rest.countCustomers({}, 10).result();
        out << QStringLiteral("the shared token afterwards: %1")
                   .arg(stillIn ? QStringLiteral("still accepted") : errorLabel(stillIn.error()))
            << Qt::endl;
    }
    return 0;
}
