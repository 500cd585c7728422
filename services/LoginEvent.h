#pragma once

#include "Customer.h"

#include <QDateTime>
#include <QFlags>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace idc {

/// Why a login failed (the schema's failure_reason CHECK).
enum class LoginFailureReason
{
    BadPassword,
    UnknownUser,
    MfaFailed,
    Locked, ///< the account was locked when the attempt came in
    Suspended,
    RateLimited
};

/// Signs of an attack on a login event, computed when the events are read (never stored), so
/// that other thresholds give other answers for the same history.
enum class RiskFlag
{
    /// A successful login from a device first seen with it (or from no known device).
    NewDevice = 1,
    /// A successful login from abroad, from a country none of the customer's earlier attempts came from.
    NewCountry = 2,
    /// A successful login further from the previous successful one than RiskThresholds::impossibleTravelKmh allows.
    ImpossibleTravel = 4,
    /// A failure in a window of RiskThresholds::burstWindowMinutes with at least
    /// RiskThresholds::burstFailures failures from the same IP (to any accounts).
    FailureBurst = 8,
    /// Refused because the account was locked.
    Lockout = 16
};
Q_DECLARE_FLAGS(RiskFlags, RiskFlag)
Q_DECLARE_OPERATORS_FOR_FLAGS(RiskFlags)

/// One login attempt, successful or not, with the device it came from.
struct LoginEvent
{
    QUuid id;
    QUuid customerId; ///< null: the e-mail address belongs to no customer
    QString email;
    QDateTime occurredAt;
    QString ip;
    QString userAgent;
    QUuid deviceId;     ///< null: unknown device
    QString deviceName; ///< empty when there is no device
    QString country;    ///< ISO 3166-1 alpha-2; empty when unknown
    QString city;
    std::optional<double> latitude;
    std::optional<double> longitude;
    bool success = false;
    std::optional<LoginFailureReason> failureReason; ///< set exactly when the login failed
    QString mfaMethod;
    RiskFlags flags;
};

/// The limits behind the risk flags ImpossibleTravel and FailureBurst.
struct RiskThresholds
{
    int impossibleTravelKmh = 900; ///< faster than an airliner between two successful logins
    int burstFailures = 10;        ///< this many failures from one IP …
    int burstWindowMinutes = 10;   ///< … within this many minutes

    /// Within what every backend accepts: 100 to 5000 km/h, 2 to 1000 failures, 1 to 1440 minutes.
    bool isValid() const
    {
        return impossibleTravelKmh >= 100 && impossibleTravelKmh <= 5000 && burstFailures >= 2 &&
               burstFailures <= 1000 && burstWindowMinutes >= 1 && burstWindowMinutes <= 1440;
    }

    bool operator==(const RiskThresholds&) const = default;
};

/// Which login events to list, count or chart. Empty members do not filter.
struct LoginEventQuery
{
    QUuid customerId;
    std::optional<bool> success;
    std::optional<LoginFailureReason> failureReason;
    QString ipOrCidr;        ///< an exact address or a subnet, as for sessions (isValidIpFilter())
    QString country;         ///< ISO 3166-1 alpha-2, any case
    QDateTime from;          ///< inclusive
    QDateTime to;            ///< exclusive
    RiskFlags requiredFlags; ///< an event matches when it has all of them
    RiskThresholds thresholds;

    bool operator==(const LoginEventQuery&) const = default;
};

/// Login events newest first (occurred_at, then id, both descending).
using LoginEventPage = Page<LoginEvent>;

enum class HistogramBucket
{
    Hour,
    Day
};

/// The logins of one hour or day (UTC), from `start` on.
struct LoginHistogramBin
{
    QDateTime start;
    qint64 successes = 0;
    qint64 failures = 0;

    bool operator==(const LoginHistogramBin&) const = default;
};

/// Every risk flag, in bit order.
inline constexpr RiskFlag allRiskFlags[] = {RiskFlag::NewDevice, RiskFlag::NewCountry, RiskFlag::ImpossibleTravel,
                                            RiskFlag::FailureBurst, RiskFlag::Lockout};

// String forms used in the database, in the API and on the command line.
QString toString(LoginFailureReason reason);
QString toString(RiskFlag flag);
QString toString(HistogramBucket bucket);
std::optional<LoginFailureReason> loginFailureReasonFromString(const QString& text);
std::optional<RiskFlag> riskFlagFromString(const QString& text);
std::optional<HistogramBucket> histogramBucketFromString(const QString& text);
/// The names of the flags set, in bit order ("new_device", "failure_burst").
QStringList riskFlagNames(RiskFlags flags);
/// Flags from their names; std::nullopt when one of them is unknown.
std::optional<RiskFlags> riskFlagsFromNames(const QStringList& names);

} // namespace idc

Q_DECLARE_METATYPE(idc::LoginEvent)
Q_DECLARE_METATYPE(idc::LoginEventQuery)
Q_DECLARE_METATYPE(idc::LoginHistogramBin)
