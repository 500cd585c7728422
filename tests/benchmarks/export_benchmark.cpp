// Exporting login events to CSV, printed as figures (not a pass/fail test).
//
//   export-benchmark --pg HOST:PORT/DB --user U [--events N] [--api URL --api-user NAME] [--work-dir DIR]
//
// The database password comes from IDC_BENCH_PASSWORD, the API operator's from IDC_BENCH_API_PASSWORD.
// Run it under tests/with-keychain.sh: the console signs each export's manifest with a key from the
// keychain, and the console profiles are written into this HOME's settings.
//
// The table is first filled to N login events (default 1,000,000) inside PostgreSQL. Then the
// statement the console's export reads page by page is run once through `psql \copy` to a CSV file,
// and the console (`identity-console export login-events --format csv`) exports the same rows as a
// child process, directly and (with --api) through the REST server. Each is timed by the wall
// clock; the console's peak RSS comes from wait4(). The goal: console / psql <= 1.5 and a peak
// RSS under 150 MB.

#include "DemoDataGenerator.h"
#include "ProfileStore.h"
#include "PsqlText.h"
#include "SqlBackend.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QSettings>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

using namespace idc;

namespace {

using bench::inlineValues;

QTextStream out(stdout);

constexpr double goalRatio = 1.5;
constexpr double goalRssMb = 150.0;

int failWith(const QString& message)
{
    out.flush();
    fprintf(stderr, "export-benchmark: %s\n", qPrintable(message));
    return 1;
}

/// Runs `statements` in order on one of the pool's connections (so they share temporary tables
/// and the random seed); the error text of the first that fails.
std::optional<QString> execute(SqlBackend& backend, const QStringList& statements)
{
    const Status done =
        backend.pool()
            .run([statements](QSqlDatabase& db) -> Status {
                for (const QString& sql : statements) {
                    QSqlQuery query(db);
                    if (!query.exec(sql))
                        return makeError(ErrorKind::Storage,
                                         sql.simplified().left(60) + QStringLiteral("…: ") + query.lastError().text());
                }
                return Done{};
            })
            .result();
    if (!done)
        return done.error().detail;
    return std::nullopt;
}

/// How a child process ended, how long it took and how much memory it held at most.
struct ChildRun
{
    bool started = false;
    int exitCode = -1; ///< -1 when it did not exit normally
    double seconds = 0;
    double peakRssMb = 0;
    QByteArray err;
};

/// Starts `program` with `arguments` (posix_spawn), `input` on its stdin, stdout and stderr into
/// files in `workDir`, extra `environment` entries ("NAME=value") added to ours, and reaps it with
/// wait4() for its ru_maxrss (QProcess cannot tell the peak RSS). Timed by the wall clock from
/// spawn to reaping.
ChildRun runChild(const QString& program, const QStringList& arguments, const QByteArray& input,
                  const QStringList& environment, const QString& workDir)
{
    ChildRun run;
    std::vector<std::string> argStorage;
    argStorage.push_back(program.toStdString());
    for (const QString& a : arguments)
        argStorage.push_back(a.toStdString());
    std::vector<char*> argv;
    for (std::string& a : argStorage)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    std::vector<std::string> envStorage;
    for (char** e = environ; *e; ++e)
        envStorage.emplace_back(*e);
    for (const QString& e : environment)
        envStorage.push_back(e.toStdString());
    std::vector<char*> envp;
    for (std::string& e : envStorage)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    const std::string outPath = QDir(workDir).filePath(QStringLiteral("child.out")).toStdString();
    const std::string errPath = QDir(workDir).filePath(QStringLiteral("child.err")).toStdString();
    int pipeFds[2];
    if (pipe2(pipeFds, O_CLOEXEC) != 0)
        return run;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[0], STDIN_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);

    QElapsedTimer timer;
    timer.start();
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv.front(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipeFds[0]);
    if (spawned != 0) {
        ::close(pipeFds[1]);
        run.err = QByteArray("cannot start ") + argv.front() + ": " + strerror(spawned);
        return run;
    }
    run.started = true;
    // A password line fits in the pipe's buffer; a child that never reads it still gets EOF.
    qsizetype written = 0;
    while (written < input.size()) {
        const ssize_t n = ::write(pipeFds[1], input.constData() + written, size_t(input.size() - written));
        if (n <= 0)
            break;
        written += n;
    }
    ::close(pipeFds[1]);

    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    run.seconds = timer.nsecsElapsed() / 1e9;
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.peakRssMb = usage.ru_maxrss / 1024.0; // KiB on Linux
    QFile errFile(QString::fromStdString(errPath));
    if (errFile.open(QIODevice::ReadOnly))
        run.err = errFile.readAll();
    QFile outFile(QString::fromStdString(outPath));
    if (outFile.open(QIODevice::ReadOnly))
        run.err += outFile.readAll();
    return run;
}

/// The 1, 5 and 15 minute load averages.
QString loadAverage()
{
    QFile load(QStringLiteral("/proc/loadavg"));
    return load.open(QIODevice::ReadOnly) ? QString::fromLatin1(load.readAll()).section(u' ', 0, 2)
                                          : QStringLiteral("?");
}

/// Records in a CSV file (newlines outside quotes; CRLF and LF alike), header included;
/// -1 when it cannot be read.
qint64 csvRecords(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    qint64 records = 0;
    bool quoted = false;
    char last = '\n';
    QByteArray chunk;
    while (!(chunk = file.read(1 << 20)).isEmpty()) {
        for (char c : std::as_const(chunk)) {
            if (c == '"')
                quoted = !quoted;
            else if (c == '\n' && !quoted)
                ++records;
            last = c;
        }
    }
    if (last != '\n')
        ++records;
    return records;
}

/// Fills login_events up to `target` rows inside PostgreSQL: customers, addresses and devices from
/// the demo generator (20,000 customers) when the database is empty, then the missing events by
/// INSERT … SELECT over generate_series. Each customer logs in mostly from home (the city, IP,
/// device and browser of their own data), sometimes from elsewhere; ~85% succeed; the failures use
/// every reason the schema allows. Returns the error text, if any.
std::optional<QString> fill(SqlBackend& backend, qint64 target, qint64 present)
{
    if (backend.countCustomers({}, 1).result()->count == 0) {
        DemoDataOptions options;
        options.customers = 20000;
        // The planted attacks (about a thousand events) and a little more; the rest comes from SQL.
        options.loginEvents = int(std::min<qint64>(target, 20000));
        Result<DemoDataSummary> summary = DemoDataGenerator::start(backend.pool(), options).result();
        if (!summary)
            return QStringLiteral("demo generation failed: ") + summary.error().detail;
        present = summary->loginEvents;
        out << QStringLiteral("  demo generator: %1 customers, %2 devices, %3 login events")
                   .arg(summary->customers)
                   .arg(summary->devices)
                   .arg(summary->loginEvents)
            << Qt::endl;
    }
    const qint64 missing = target - present;
    if (missing <= 0)
        return std::nullopt;

    // One row per customer: where home is and what they log in with.
    const QString homes = QStringLiteral(R"(
CREATE TEMP TABLE bench_homes AS
SELECT (row_number() OVER (ORDER BY c.id) - 1)::int AS n, c.id, c.email,
       coalesce(a.country, c.country) AS country, a.city, a.latitude, a.longitude, d.id AS device_id,
       coalesce(d.last_ip, format('%s.%s.%s.%s', 2 + abs(hashtext(c.email)) % 220, abs(hashtext(c.id::text)) % 256,
                                  abs(hashtext(c.full_name)) % 256, 1 + abs(hashtext(c.email || 'x')) % 254)) AS ip,
       coalesce(s.user_agent, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) '
                              'Chrome/124.0.0.0 Safari/537.36') AS user_agent
FROM customers c
LEFT JOIN LATERAL (SELECT country, city, latitude, longitude FROM addresses WHERE customer_id = c.id
                   ORDER BY is_default_billing DESC, id LIMIT 1) a ON true
LEFT JOIN LATERAL (SELECT id, last_ip FROM devices WHERE customer_id = c.id
                   ORDER BY last_seen_at DESC LIMIT 1) d ON true
LEFT JOIN LATERAL (SELECT user_agent FROM sessions WHERE customer_id = c.id AND user_agent IS NOT NULL
                   ORDER BY created_at DESC LIMIT 1) s ON true)");
    // Events outside home come from these places, with a browser picked from a few.
    const QString insert = QStringLiteral(R"(
INSERT INTO login_events (id, customer_id, email, occurred_at, ip, user_agent, device_id, country, city,
                          latitude, longitude, success, failure_reason, mfa_method)
SELECT gen_random_uuid(),
       CASE WHEN g.reason = 'unknown_user' THEN NULL ELSE h.id END,
       CASE WHEN g.reason = 'unknown_user'
            THEN 'user' || g.i || '@' || (ARRAY['gmail.com', 'example.net', 'mail.ru'])[1 + g.i % 3]
            ELSE h.email END,
       date_trunc('hour', now()) - g.age * interval '1 second',
       CASE WHEN g.away THEN format('%s.%s.%s.%s', 2 + g.i % 220, (g.i / 7) % 256, (g.i / 13) % 256, 1 + g.i % 254)
            ELSE h.ip END,
       CASE WHEN g.away THEN (ARRAY[
            'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
            'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) '
            'Chrome/123.0.0.0 Safari/537.36',
            'python-requests/2.31.0',
            'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) '
            'Version/17.4 Mobile/15E148 Safari/604.1'
            ])[1 + g.i % 4] ELSE h.user_agent END,
       CASE WHEN g.away OR g.no_device OR g.reason = 'unknown_user' THEN NULL ELSE h.device_id END,
       CASE WHEN g.away THEN p.country ELSE h.country END,
       CASE WHEN g.away THEN p.city ELSE h.city END,
       CASE WHEN g.away THEN p.latitude ELSE h.latitude END,
       CASE WHEN g.away THEN p.longitude ELSE h.longitude END,
       g.reason IS NULL,
       g.reason,
       CASE WHEN g.reason IS NULL AND g.r_mfa < 0.18 THEN 'totp'
            WHEN g.reason IS NULL AND g.r_mfa < 0.19 THEN 'recovery_code'
            WHEN g.reason = 'mfa_failed' THEN 'totp' END
FROM (SELECT i, floor(random() * (SELECT count(*) FROM bench_homes))::int AS n,
             random() * %2 * 86400 AS age, random() < 0.06 AS away, random() < 0.35 AS no_device,
             random() AS r_mfa, floor(random() * 12)::int AS place,
             CASE WHEN o < 0.85 THEN NULL WHEN o < 0.93 THEN 'bad_password' WHEN o < 0.955 THEN 'unknown_user'
                  WHEN o < 0.97 THEN 'mfa_failed' WHEN o < 0.98 THEN 'locked' WHEN o < 0.985 THEN 'suspended'
                  ELSE 'rate_limited' END AS reason
      FROM (SELECT i, random() AS o FROM generate_series(1, %1) AS i) AS s) AS g
JOIN bench_homes h ON h.n = g.n
JOIN (VALUES (0, 'NL', 'Amsterdam', 52.3676, 4.9041), (1, 'RU', 'Moscow', 55.7558, 37.6173),
             (2, 'NG', 'Lagos', 6.5244, 3.3792), (3, 'RO', 'Bucharest', 44.4268, 26.1025),
             (4, 'SG', 'Singapore', 1.3521, 103.8198), (5, 'CN', 'Shenzhen', 22.5431, 114.0579),
             (6, 'US', 'Ashburn', 39.0438, -77.4874), (7, 'VN', 'Hanoi', 21.0285, 105.8542),
             (8, 'GB', 'London', 51.5072, -0.1276), (9, 'ES', 'Barcelona', 41.3874, 2.1686),
             (10, 'US', 'New York', 40.7128, -74.0060), (11, 'TH', 'Bangkok', 13.7563, 100.5018))
     AS p(k, country, city, latitude, longitude) ON p.k = g.place)");
    if (auto problem = execute(backend, {homes, QStringLiteral("ANALYZE bench_homes"),
                                         QStringLiteral("SELECT setseed(0.20261123)"),
                                         insert.arg(missing).arg(DemoDataGenerator::loginHistoryDays),
                                         QStringLiteral("DROP TABLE bench_homes")}))
        return *problem;
    return std::nullopt;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Login events to CSV: identity-console export versus psql \\copy"));
    parser.addHelpOption();
    const QCommandLineOption pgOption(QStringLiteral("pg"), QStringLiteral("HOST:PORT/DATABASE"),
                                      QStringLiteral("url"));
    const QCommandLineOption userOption(QStringLiteral("user"), QStringLiteral("PostgreSQL user"),
                                        QStringLiteral("name"));
    const QCommandLineOption eventsOption(QStringLiteral("events"), QStringLiteral("login events to export"),
                                          QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption apiOption(QStringLiteral("api"), QStringLiteral("REST server URL (optional)"),
                                       QStringLiteral("url"));
    const QCommandLineOption apiUserOption(QStringLiteral("api-user"), QStringLiteral("REST operator"),
                                           QStringLiteral("name"));
    const QCommandLineOption consoleOption(QStringLiteral("console"), QStringLiteral("identity-console binary"),
                                           QStringLiteral("path"), QStringLiteral(IDC_CONSOLE_PATH));
    const QCommandLineOption psqlOption(QStringLiteral("psql"), QStringLiteral("psql binary"), QStringLiteral("path"),
                                        QStringLiteral("/usr/bin/psql"));
    const QCommandLineOption workOption(QStringLiteral("work-dir"), QStringLiteral("where the CSV files go"),
                                        QStringLiteral("dir"), QDir::tempPath());
    parser.addOptions(
        {pgOption, userOption, eventsOption, apiOption, apiUserOption, consoleOption, psqlOption, workOption});
    parser.process(app);

    static const QRegularExpression url(QStringLiteral("^([^:/]+):(\\d+)/(\\w+)$"));
    const QRegularExpressionMatch m = url.match(parser.value(pgOption));
    if (!m.hasMatch() || !parser.isSet(userOption))
        return failWith(QStringLiteral("--pg HOST:PORT/DATABASE and --user are required"));
    if (parser.isSet(apiOption) != parser.isSet(apiUserOption))
        return failWith(QStringLiteral("--api and --api-user go together"));
    const QString password = qEnvironmentVariable("IDC_BENCH_PASSWORD");
    const QString apiPassword = qEnvironmentVariable("IDC_BENCH_API_PASSWORD");
    if (parser.isSet(apiOption) && apiPassword.isEmpty())
        return failWith(QStringLiteral("--api needs IDC_BENCH_API_PASSWORD"));
    const qint64 target = parser.value(eventsOption).toLongLong();
    if (target < 1)
        return failWith(QStringLiteral("--events wants a positive number"));

    ConnectionProfile profile;
    profile.kind = BackendKind::PostgreSql;
    profile.host = m.captured(1);
    profile.port = m.captured(2).toInt();
    profile.database = m.captured(3);
    profile.user = parser.value(userOption);
    profile.sslMode = QStringLiteral("disable");

    SqlBackend backend(profile, password);
    Result<BackendInfo> info = backend.open().result();
    if (!info)
        return failWith(QStringLiteral("cannot open: ") + info.error().detail);

    Result<CustomerCount> counted = backend.countLoginEvents({}, 1000000000).result();
    if (!counted)
        return failWith(QStringLiteral("cannot count login events: ") + counted.error().detail);
    if (counted->count < target) {
        out << QStringLiteral("== Filling login_events: %1 present, %2 wanted").arg(counted->count).arg(target)
            << Qt::endl;
        QElapsedTimer load;
        load.start();
        if (auto problem = fill(backend, target, counted->count))
            return failWith(*problem);
        const double inserted = load.elapsed() / 1000.0;
        if (auto problem = execute(backend, {QStringLiteral("VACUUM ANALYZE customers, devices, login_events")}))
            return failWith(QStringLiteral("VACUUM ANALYZE: ") + *problem);
        counted = backend.countLoginEvents({}, 1000000000).result();
        out << QStringLiteral("  filled in %1 s (VACUUM ANALYZE included: %2 s)")
                   .arg(inserted, 0, 'f', 1)
                   .arg(load.elapsed() / 1000.0, 0, 'f', 1)
            << Qt::endl;
    }
    const qint64 events = counted ? counted->count : -1;
    Result<QString> shape =
        backend.pool()
            .run([](QSqlDatabase& db) -> Result<QString> {
                QSqlQuery q(db);
                if (!q.exec(QStringLiteral("SELECT count(DISTINCT customer_id), round(100.0 * avg(success::int), 1), "
                                           "count(DISTINCT country), count(device_id), "
                                           "to_char(min(occurred_at), 'YYYY-MM-DD'), "
                                           "to_char(max(occurred_at), 'YYYY-MM-DD') FROM login_events")) ||
                    !q.next())
                    return makeError(ErrorKind::Storage, q.lastError().text());
                return QStringLiteral("%1 customers, %2% successful, %3 countries, %4 with a "
                                      "device, %5 to %6")
                    .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                         q.value(4).toString(), q.value(5).toString());
            })
            .result();
    out << QStringLiteral("%1; %2 login events: %3")
               .arg(info->serverVersion)
               .arg(events)
               .arg(shape ? *shape : shape.error().detail)
        << Qt::endl;

    Result<SqlBackend::Statement> statement =
        SqlBackend::loginEventsStatement(LoginEventQuery{}, {}, 0, backend.pool().dialect());
    if (!statement)
        return failWith(QStringLiteral("no statement: ") + statement.error().detail);
    const QString query = inlineValues(*statement).simplified(); // \copy takes one line
    out << QStringLiteral("psql \\copy query:\n  ") << query << Qt::endl;

    QTemporaryDir work(QDir(parser.value(workOption)).filePath(QStringLiteral("idc-export-bench.XXXXXX")));
    if (!work.isValid())
        return failWith(QStringLiteral("cannot create a folder in ") + parser.value(workOption));

    // Other work on the machine shows here (the runs themselves add about 2 to the figure after).
    const QString loadBefore = loadAverage();
    // psql: the same statement, straight to a CSV file. A first run to /dev/null warms the same
    // caches for everyone (only the second is timed).
    const QStringList psqlArgs{
        QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
        QStringLiteral("-h"), profile.host,         QStringLiteral("-p"), QString::number(profile.port),
        QStringLiteral("-U"), profile.user,         QStringLiteral("-d"), profile.database,
        QStringLiteral("-c")};
    const QStringList pgEnv{QStringLiteral("PGPASSWORD=") + password};
    const QString psqlCsv = work.filePath(QStringLiteral("psql.csv"));
    ChildRun warm = runChild(parser.value(psqlOption),
                             psqlArgs + QStringList{QStringLiteral("\\copy (%1) to '/dev/null' csv").arg(query)}, {},
                             pgEnv, work.path());
    if (warm.exitCode != 0)
        return failWith(QStringLiteral("psql (warm-up) failed: ") + QString::fromUtf8(warm.err));
    out << QStringLiteral("warm-up: psql \\copy to /dev/null in %1 s").arg(warm.seconds, 0, 'f', 2) << Qt::endl;
    ChildRun psql =
        runChild(parser.value(psqlOption),
                 psqlArgs + QStringList{QStringLiteral("\\copy (%1) to '%2' csv header").arg(query, psqlCsv)}, {},
                 pgEnv, work.path());
    if (psql.exitCode != 0)
        return failWith(QStringLiteral("psql failed: ") + QString::fromUtf8(psql.err));
    const qint64 psqlRows = csvRecords(psqlCsv) - 1;
    const qint64 psqlBytes = QFileInfo(psqlCsv).size();
    QFile::remove(psqlCsv);
    if (psqlRows != events)
        return failWith(QStringLiteral("psql wrote %1 rows, the table holds %2").arg(psqlRows).arg(events));

    // The console's profiles, in this HOME's settings (with-keychain.sh gives a private one).
    {
        QSettings settings(QDir::home().filePath(QStringLiteral(".config/IdentityConsole/identity-console.conf")),
                           QSettings::IniFormat);
        ProfileStore store(&settings);
        for (const QString& name : {QStringLiteral("bench-pg"), QStringLiteral("bench-api")}) {
            if (std::optional<ConnectionProfile> old = store.profileByName(name))
                store.remove(old->id);
        }
        ConnectionProfile direct = profile;
        direct.name = QStringLiteral("bench-pg");
        direct.operatorName = QStringLiteral("export-benchmark");
        store.save(direct);
        if (parser.isSet(apiOption)) {
            ConnectionProfile rest;
            rest.kind = BackendKind::Rest;
            rest.name = QStringLiteral("bench-api");
            rest.baseUrl = parser.value(apiOption);
            rest.user = parser.value(apiUserOption);
            store.save(rest);
        }
        settings.sync();
        if (settings.status() != QSettings::NoError)
            return failWith(QStringLiteral("cannot write the console's settings in ") + QDir::homePath());
    }

    struct ConsoleRun
    {
        ChildRun child;
        qint64 rows = 0;
        qint64 bytes = 0;
    };
    const auto exportThrough = [&](const QString& profileName, const QString& secret,
                                   const QString& label) -> std::optional<ConsoleRun> {
        const QString csv = work.filePath(profileName + QStringLiteral(".csv"));
        ConsoleRun run;
        run.child = runChild(parser.value(consoleOption),
                             {QStringLiteral("export"), QStringLiteral("login-events"), QStringLiteral("--format"),
                              QStringLiteral("csv"), QStringLiteral("--out"), csv, QStringLiteral("--profile"),
                              profileName, QStringLiteral("--password-stdin"), QStringLiteral("--quiet")},
                             secret.toUtf8() + '\n', {}, work.path());
        if (run.child.exitCode != 0) {
            failWith(QStringLiteral("console export (%1) exited with %2: %3")
                         .arg(label)
                         .arg(run.child.exitCode)
                         .arg(QString::fromUtf8(run.child.err).trimmed()));
            return std::nullopt;
        }
        run.rows = csvRecords(csv) - 1;
        run.bytes = QFileInfo(csv).size();
        QFile::remove(csv);
        QFile::remove(csv + QStringLiteral(".manifest.json"));
        if (run.rows != psqlRows) {
            failWith(
                QStringLiteral("console export (%1) wrote %2 rows, psql %3").arg(label).arg(run.rows).arg(psqlRows));
            return std::nullopt;
        }
        return run;
    };

    const std::optional<ConsoleRun> direct =
        exportThrough(QStringLiteral("bench-pg"), password, QStringLiteral("PostgreSQL"));
    if (!direct)
        return 1;
    std::optional<ConsoleRun> rest;
    if (parser.isSet(apiOption)) {
        rest = exportThrough(QStringLiteral("bench-api"), apiPassword, QStringLiteral("REST"));
        if (!rest)
            return 1;
    }

    const auto row = [](const QString& label, double seconds, const QString& ratio, const QString& rss,
                        const QString& rate, const QString& bytes) {
        out << QStringLiteral("%1 %2 %3 %4 %5 %6")
                   .arg(label, -30)
                   .arg(QString::number(seconds, 'f', 2), 9)
                   .arg(ratio, 7)
                   .arg(rss, 13)
                   .arg(rate, 11)
                   .arg(bytes, 10)
            << Qt::endl;
    };
    const auto mb = [](double v) { return QString::number(v, 'f', 1); };
    const auto rate = [&](double seconds) { return QString::number(qint64(double(psqlRows) / seconds)); };
    const auto ratio = [&](double seconds) { return QString::number(seconds / psql.seconds, 'f', 2); };
    const auto size = [](qint64 bytes) { return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1); };

    out << Qt::endl
        << QStringLiteral("== %1 login events to CSV (%2 cores; load average %3 before, %4 after)")
               .arg(psqlRows)
               .arg(QThread::idealThreadCount())
               .arg(loadBefore, loadAverage())
        << Qt::endl;
    out << QStringLiteral("%1 %2 %3 %4 %5 %6")
               .arg(QStringLiteral(""), -30)
               .arg(QStringLiteral("seconds"), 9)
               .arg(QStringLiteral("ratio"), 7)
               .arg(QStringLiteral("peak RSS MB"), 13)
               .arg(QStringLiteral("rows/s"), 11)
               .arg(QStringLiteral("file MB"), 10)
        << Qt::endl;
    row(QStringLiteral("psql \\copy"), psql.seconds, QStringLiteral("1.00"), mb(psql.peakRssMb), rate(psql.seconds),
        size(psqlBytes));
    row(QStringLiteral("console export (PostgreSQL)"), direct->child.seconds, ratio(direct->child.seconds),
        mb(direct->child.peakRssMb), rate(direct->child.seconds), size(direct->bytes));
    if (rest)
        row(QStringLiteral("console export (REST)"), rest->child.seconds, ratio(rest->child.seconds),
            mb(rest->child.peakRssMb), rate(rest->child.seconds), size(rest->bytes));
    else
        out << QStringLiteral("console export (REST)          not run (no --api)") << Qt::endl;

    const double directRatio = direct->child.seconds / psql.seconds;
    const bool met = directRatio <= goalRatio && direct->child.peakRssMb < goalRssMb;
    out << QStringLiteral("goal (PostgreSQL): ratio <= %1, peak RSS < %2 MB: %3 (ratio %4, peak RSS %5 MB)")
               .arg(goalRatio, 0, 'f', 1)
               .arg(goalRssMb, 0, 'f', 0)
               .arg(met ? QStringLiteral("met") : QStringLiteral("NOT MET"))
               .arg(directRatio, 0, 'f', 2)
               .arg(direct->child.peakRssMb, 0, 'f', 1)
        << Qt::endl;
    if (rest)
        out << QStringLiteral("REST: ratio %1 against the same psql time, peak RSS %2 MB (the server's memory "
                              "is not included)")
                   .arg(rest->child.seconds / psql.seconds, 0, 'f', 2)
                   .arg(rest->child.peakRssMb, 0, 'f', 1)
            << Qt::endl;
    return 0;
}
