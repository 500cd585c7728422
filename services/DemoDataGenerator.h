#pragma once

#include "Customer.h"
#include "Result.h"
#include "SqlDialect.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <functional>

namespace idc {

class SqlConnectionPool;

/// What to generate. The same seed and reference time give byte-identical data.
struct DemoDataOptions
{
    quint64 seed = 20261123;
    int customers = 20000;
    /// -1: 10 per customer (200,000 for the default 20,000). The planted cases (about a thousand
    /// events from 1,000 customers up) are always there, so a smaller number yields little more than them.
    int loginEvents = -1;
    QDateTime referenceTime; ///< "now" of the generated history; invalid = current UTC time truncated to the hour
};

/// What was generated, including where the planted security cases are, so that demos and tests
/// can go straight to them.
struct DemoDataSummary
{
    qint64 customers = 0;
    qint64 addresses = 0;
    qint64 devices = 0;
    qint64 sessions = 0;
    qint64 loginEvents = 0;
    qint64 auditEvents = 0;
    QDateTime referenceTime;                ///< the "now" the data was generated for
    QString credentialStuffingIp;           ///< the one IP that hits hundreds of accounts
    QList<QUuid> credentialStuffingVictims; ///< accounts it broke into (with active sessions from that IP)
    QStringList failureBurstIps;            ///< other IPs with >= 10 failures within 10 minutes
    QList<QUuid> impossibleTravelCustomers; ///< customers with a planted impossible-travel pair
    QList<QUuid> lockedCustomers;           ///< customers locked out (locked_until in the future of referenceTime)
    QList<QUuid> newCountryCustomers;       ///< customers with a planted login from a new country
};

/// Fills an empty database with a realistic, deterministic demo history: customers from thirteen
/// countries, their addresses, devices and sessions, 90 days of login events with planted attacks
/// (a credential-stuffing IP, failure bursts, lockouts, impossible travel, logins from new countries)
/// and an audit trail with a valid hash chain.
///
/// The data follows the identity backend's policies, stated here so features can rely on them:
/// 5 consecutive bad passwords lock an account for 24 hours; a session lives 30 days; at most
/// 5 sessions are active per customer (the oldest is evicted with reason session_limit); sessions
/// older than 45 days have been purged; the console's audit trail starts 180 days before the
/// reference time. Memory stays bounded for any number of customers: every stage regenerates a
/// customer's data from (seed, customer number) instead of keeping it.
class DemoDataGenerator
{
public:
    /// Progress 0..100 with the stage's name; returning false cancels.
    using Progress = std::function<bool(int percent, const QString& stage)>;

    static constexpr int lockoutThreshold = 5;
    static constexpr int lockoutHours = 24;
    static constexpr int maxActiveSessions = 5;
    static constexpr int sessionLifetimeDays = 30;
    static constexpr int loginHistoryDays = 90;

    explicit DemoDataGenerator(DemoDataOptions options);

    const DemoDataOptions& options() const { return m_options; }

    /// Fills an empty, migrated database; runs on the calling thread (a worker), reports progress
    /// 0..100 with a stage name through `progress`, which returns false to cancel (then nothing is left
    /// behind: the transaction is rolled back → Result error with ErrorKind::Cancelled).
    /// A database that already holds customers or audit events is refused (InvalidInput). For speed,
    /// the non-unique indexes of the filled tables are dropped inside the transaction and rebuilt
    /// before it commits, so on PostgreSQL other sessions wait for those tables until then.
    Result<DemoDataSummary> generate(QSqlDatabase& db, const SqlDialect& dialect, const Progress& progress = {});

    /// Convenience: migrates then generates on one of the pool's worker threads; the QFuture reports
    /// progress (progressValue 0..100, progressText = stage) and honours QFuture::cancel(): a
    /// cancelled future finishes without a result and the database keeps no generated rows.
    static QFuture<Result<DemoDataSummary>> start(SqlConnectionPool& pool, DemoDataOptions options);

    /// The loyalty tier the data derives from total spend: silver from 500.00, gold from 2,000.00,
    /// platinum from 10,000.00 (in the shop's currency, as cents).
    static LoyaltyTier tierForSpend(qint64 totalSpendCents);

    /// The reference time `options` stand for: theirs, or the current UTC time truncated to the hour.
    static QDateTime effectiveReferenceTime(const DemoDataOptions& options);

private:
    DemoDataOptions m_options;
};

} // namespace idc
