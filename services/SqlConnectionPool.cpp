#include "SqlConnectionPool.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>

#include <sqlite3.h>

#include <cmath>
#include <latch>
#include <memory>
#include <numbers>
#include <optional>
#include <vector>

namespace idc {
namespace {

QAtomicInteger<quint64> poolCounter;

/// Connection names opened by the current thread; closed and removed when it exits, on
/// that same thread, as QSqlDatabase requires.
struct ThreadConnections
{
    std::vector<QString> names;
    QHash<QString, std::shared_ptr<QSqlQuery>> statements; ///< by connection name + '\n' + SQL

    ~ThreadConnections()
    {
        statements.clear(); // statements go before the connections they were prepared on
        for (const QString& name : names) {
            {
                QSqlDatabase db = QSqlDatabase::database(name, false);
                db.close();
            }
            QSqlDatabase::removeDatabase(name);
        }
    }
};

thread_local ThreadConnections threadConnections;

/// SQL function idc_fold(text): Unicode case folding, so that search matches "Đào" for
/// "đào" on SQLite as PostgreSQL's ILIKE does.
void foldFunction(sqlite3_context* context, int argc, sqlite3_value** argv)
{
    if (argc != 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const int size = sqlite3_value_bytes(argv[0]);
    bool ascii = true;
    for (int i = 0; i < size && ascii; ++i)
        ascii = static_cast<unsigned char>(text[i]) < 0x80;
    if (ascii) {
        // Fast path: LIKE already ignores ASCII case, so the value passes through uncopied.
        sqlite3_result_value(context, argv[0]);
        return;
    }
    const QByteArray folded = QString::fromUtf8(text, size).toCaseFolded().toUtf8();
    sqlite3_result_text(context, folded.constData(), int(folded.size()), SQLITE_TRANSIENT);
}

/// SQL function idc_in_subnet(ip, cidr): 1 when the address `ip` lies in the subnet `cidr`
/// (IPv4 or IPv6, "185.220.101.0/24", "2001:db8::/64"), 0 when not or when `ip` is not an
/// address, NULL for a NULL argument or a `cidr` that is not a subnet: what PostgreSQL's
/// `CAST(ip AS inet) <<= CAST(cidr AS cidr)` answers for the session filter.
void inSubnetFunction(sqlite3_context* context, int argc, sqlite3_value** argv)
{
    if (argc != 2 || sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    using Subnet = QPair<QHostAddress, int>;
    // The subnet is usually one bound value for the whole statement: parse it once.
    auto* cached = static_cast<Subnet*>(sqlite3_get_auxdata(context, 1));
    Subnet subnet;
    if (cached) {
        subnet = *cached;
    } else {
        const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[1]));
        subnet = QHostAddress::parseSubnet(QString::fromUtf8(text, sqlite3_value_bytes(argv[1])));
        if (subnet.first.isNull()) {
            sqlite3_result_null(context);
            return;
        }
        sqlite3_set_auxdata(context, 1, new Subnet(subnet), [](void* p) { delete static_cast<Subnet*>(p); });
    }
    const auto* ip = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const QHostAddress address(QString::fromUtf8(ip, sqlite3_value_bytes(argv[0])));
    sqlite3_result_int(context, !address.isNull() && address.isInSubnet(subnet) ? 1 : 0);
}

/// Milliseconds since the epoch of a stored timestamp ("2026-11-23T12:00:00.000Z", see
/// SqlDialect::timestamp()), read without QDateTime's general parser; std::nullopt for other text.
std::optional<qint64> storedTimestampMsecs(sqlite3_value* value)
{
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
    const int size = sqlite3_value_bytes(value);
    if (!text)
        return std::nullopt;
    const auto number = [text](int from, int length) {
        int n = 0;
        for (int i = from; i < from + length; ++i) {
            if (text[i] < '0' || text[i] > '9')
                return -1;
            n = n * 10 + (text[i] - '0');
        }
        return n;
    };
    if (size == 24 && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' && text[16] == ':' &&
        text[19] == '.' && text[23] == 'Z') {
        const QDate date(number(0, 4), number(5, 2), number(8, 2));
        const int hour = number(11, 2), minute = number(14, 2), second = number(17, 2), msec = number(20, 3);
        if (date.isValid() && hour >= 0 && minute >= 0 && second >= 0 && msec >= 0)
            return (date.toJulianDay() - 2440588) * qint64(86400000) +
                   ((hour * 60 + minute) * 60 + second) * qint64(1000) + msec;
    }
    const QDateTime parsed = QDateTime::fromString(QString::fromUtf8(text, size), Qt::ISODateWithMs);
    if (!parsed.isValid())
        return std::nullopt;
    return parsed.toMSecsSinceEpoch();
}

/// SQL function idc_epoch(ts): seconds since the epoch (with milliseconds) of a stored
/// timestamp, NULL for NULL or other text; PostgreSQL's idc_epoch() (migration 0002).
void epochFunction(sqlite3_context* context, int argc, sqlite3_value** argv)
{
    const std::optional<qint64> msecs = argc == 1 ? storedTimestampMsecs(argv[0]) : std::nullopt;
    if (!msecs)
        sqlite3_result_null(context);
    else
        sqlite3_result_double(context, double(*msecs) / 1000.0);
}

/// SQL function idc_shift(ts, seconds): the stored timestamp `seconds` later (earlier when
/// negative), in the stored form so that it compares with timestamp columns and their indexes.
void shiftFunction(sqlite3_context* context, int argc, sqlite3_value** argv)
{
    const std::optional<qint64> msecs = argc == 2 ? storedTimestampMsecs(argv[0]) : std::nullopt;
    if (!msecs || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    const qint64 shifted = *msecs + qRound64(sqlite3_value_double(argv[1]) * 1000.0);
    const QByteArray text =
        SqlDialect::timestamp(QDateTime::fromMSecsSinceEpoch(shifted, Qt::UTC)).toString().toLatin1();
    sqlite3_result_text(context, text.constData(), int(text.size()), SQLITE_TRANSIENT);
}

/// SQL function idc_km(lat1, lon1, lat2, lon2): the great-circle distance in kilometres
/// (haversine, Earth radius 6371 km), NULL when a coordinate is; PostgreSQL's idc_km().
void kmFunction(sqlite3_context* context, int argc, sqlite3_value** argv)
{
    for (int i = 0; i < argc; ++i) {
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
            sqlite3_result_null(context);
            return;
        }
    }
    if (argc != 4) {
        sqlite3_result_null(context);
        return;
    }
    constexpr double radians = std::numbers::pi / 180.0;
    const double lat1 = sqlite3_value_double(argv[0]) * radians;
    const double lon1 = sqlite3_value_double(argv[1]) * radians;
    const double lat2 = sqlite3_value_double(argv[2]) * radians;
    const double lon2 = sqlite3_value_double(argv[3]) * radians;
    const double a = std::pow(std::sin((lat2 - lat1) / 2), 2) +
                     std::cos(lat1) * std::cos(lat2) * std::pow(std::sin((lon2 - lon1) / 2), 2);
    sqlite3_result_double(context, 2.0 * 6371.0 * std::asin(std::min(1.0, std::sqrt(a))));
}

constexpr qsizetype maxCachedStatements = 64;

} // namespace

Result<std::shared_ptr<QSqlQuery>> SqlConnectionPool::cachedStatement(QSqlDatabase& db, const QString& sql)
{
    const QString key = db.connectionName() + u'\n' + sql;
    if (const auto found = threadConnections.statements.constFind(key);
        found != threadConnections.statements.constEnd())
        return *found;
    auto query = std::make_shared<QSqlQuery>(db);
    query->setForwardOnly(true);
    if (!query->prepare(sql))
        return SqlDialect::errorFrom(query->lastError(), false);
    // Beyond the cap, statements are used once and not kept (filters combine into many shapes).
    if (threadConnections.statements.size() < maxCachedStatements)
        threadConnections.statements.insert(key, query);
    return query;
}

SqlConnectionPool::SqlConnectionPool(ConnectionProfile profile, QString password, int maxThreads)
    : m_profile(std::move(profile))
    , m_password(std::move(password))
    , m_dialect(m_profile.kind)
    , m_connectionPrefix(QStringLiteral("idc-%1-").arg(poolCounter.fetchAndAddRelaxed(1)))
{
    m_threads.setMaxThreadCount(maxThreads);
    // Threads live as long as the pool so their connections are reused, not reopened.
    m_threads.setExpiryTimeout(-1);
}

SqlConnectionPool::~SqlConnectionPool()
{
    // Each worker closes its own connection (QSqlDatabase must be closed on the thread that
    // opened it). A thread's exit would do it too, but only after QThreadPool has let go of it,
    // so a temporary SQLite file could still be open when this destructor returns. One task per
    // thread: each waits until all have started, so no thread takes two.
    const int threads = m_threads.maxThreadCount();
    auto started = std::make_shared<std::latch>(threads);
    for (int i = 0; i < threads; ++i) {
        m_threads.start([this, started] {
            closeConnectionsOfCurrentThread();
            started->arrive_and_wait();
        });
    }
    m_threads.waitForDone();
}

void SqlConnectionPool::closeConnectionsOfCurrentThread()
{
    auto& names = threadConnections.names;
    for (auto it = names.begin(); it != names.end();) {
        if (!it->startsWith(m_connectionPrefix)) {
            ++it;
            continue;
        }
        threadConnections.statements.removeIf([&](const auto& entry) { return entry.key().startsWith(*it + u'\n'); });
        {
            QSqlDatabase db = QSqlDatabase::database(*it, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(*it);
        it = names.erase(it);
    }
}

Result<QSqlDatabase> SqlConnectionPool::connectionForCurrentThread()
{
    const QString name = m_connectionPrefix + QString::number(quintptr(QThread::currentThreadId()), 16);
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            return db;
    }

    const bool postgres = m_profile.kind == BackendKind::PostgreSql;
    QSqlDatabase db =
        QSqlDatabase::contains(name)
            ? QSqlDatabase::database(name, false)
            : QSqlDatabase::addDatabase(postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"), name);
    if (!QSqlDatabase::contains(name) || !db.isValid())
        return makeError(ErrorKind::Unavailable,
                         QStringLiteral("the Qt SQL driver for this database is not installed"));
    if (std::find(threadConnections.names.begin(), threadConnections.names.end(), name) ==
        threadConnections.names.end())
        threadConnections.names.push_back(name);

    if (postgres) {
        db.setHostName(m_profile.host);
        db.setPort(m_profile.port);
        db.setDatabaseName(m_profile.database);
        db.setUserName(m_profile.user);
        db.setPassword(m_password);
        db.setConnectOptions(QStringLiteral("connect_timeout=10;sslmode=") +
                             (m_profile.sslMode.isEmpty() ? QStringLiteral("prefer") : m_profile.sslMode));
    } else {
        db.setDatabaseName(m_profile.sqlitePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    }
    if (!db.open())
        return SqlDialect::errorFrom(db.lastError(), true);
    if (Status prepared = prepareConnection(db); !prepared) {
        db.close();
        return prepared.error();
    }
    return db;
}

Status SqlConnectionPool::prepareConnection(QSqlDatabase& db)
{
    QSqlQuery query(db);
    if (m_profile.kind == BackendKind::PostgreSql) {
        // Timestamps come back in UTC whatever the server's default zone is.
        if (!query.exec(QStringLiteral("SET TIME ZONE 'UTC'")))
            return SqlDialect::errorFrom(query.lastError(), true);
        return Done{};
    }

    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return makeError(ErrorKind::Internal, QStringLiteral("no SQLite handle"));
    sqlite3* sqlite = *static_cast<sqlite3* const*>(handle.constData());
    if (sqlite3_create_function_v2(sqlite, "idc_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, &foldFunction,
                                   nullptr, nullptr, nullptr) != SQLITE_OK)
        return makeError(ErrorKind::Internal, QStringLiteral("cannot register idc_fold()"));
    if (sqlite3_create_function_v2(sqlite, "idc_in_subnet", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                   &inSubnetFunction, nullptr, nullptr, nullptr) != SQLITE_OK)
        return makeError(ErrorKind::Internal, QStringLiteral("cannot register idc_in_subnet()"));
    // The risk flags of login events (SqlBackend) use the same three functions on PostgreSQL.
    if (sqlite3_create_function_v2(sqlite, "idc_epoch", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, &epochFunction,
                                   nullptr, nullptr, nullptr) != SQLITE_OK ||
        sqlite3_create_function_v2(sqlite, "idc_shift", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, &shiftFunction,
                                   nullptr, nullptr, nullptr) != SQLITE_OK ||
        sqlite3_create_function_v2(sqlite, "idc_km", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, &kmFunction,
                                   nullptr, nullptr, nullptr) != SQLITE_OK)
        return makeError(ErrorKind::Internal, QStringLiteral("cannot register the login risk functions"));
    for (const char* pragma :
         {"PRAGMA foreign_keys = ON", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"}) {
        if (!query.exec(QLatin1String(pragma)))
            return SqlDialect::errorFrom(query.lastError(), true);
    }
    return Done{};
}

} // namespace idc
