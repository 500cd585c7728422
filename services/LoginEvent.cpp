#include "LoginEvent.h"

#include <array>
#include <utility>

namespace idc {
namespace {

constexpr std::array<std::pair<LoginFailureReason, const char*>, 6> failureReasonNames{{
    {LoginFailureReason::BadPassword, "bad_password"},
    {LoginFailureReason::UnknownUser, "unknown_user"},
    {LoginFailureReason::MfaFailed, "mfa_failed"},
    {LoginFailureReason::Locked, "locked"},
    {LoginFailureReason::Suspended, "suspended"},
    {LoginFailureReason::RateLimited, "rate_limited"},
}};

constexpr std::array<std::pair<RiskFlag, const char*>, 5> riskFlagNameTable{{
    {RiskFlag::NewDevice, "new_device"},
    {RiskFlag::NewCountry, "new_country"},
    {RiskFlag::ImpossibleTravel, "impossible_travel"},
    {RiskFlag::FailureBurst, "failure_burst"},
    {RiskFlag::Lockout, "lockout"},
}};

constexpr std::array<std::pair<HistogramBucket, const char*>, 2> bucketNames{{
    {HistogramBucket::Hour, "hour"},
    {HistogramBucket::Day, "day"},
}};

template <typename Table, typename Enum>
QString nameOf(const Table& table, Enum value)
{
    for (const auto& [e, name] : table) {
        if (e == value)
            return QString::fromLatin1(name);
    }
    return {};
}

template <typename Enum, typename Table>
std::optional<Enum> valueOf(const Table& table, const QString& text)
{
    for (const auto& [e, name] : table) {
        if (text == QLatin1String(name))
            return e;
    }
    return std::nullopt;
}

} // namespace

QString toString(LoginFailureReason reason)
{
    return nameOf(failureReasonNames, reason);
}

QString toString(RiskFlag flag)
{
    return nameOf(riskFlagNameTable, flag);
}

QString toString(HistogramBucket bucket)
{
    return nameOf(bucketNames, bucket);
}

std::optional<LoginFailureReason> loginFailureReasonFromString(const QString& text)
{
    return valueOf<LoginFailureReason>(failureReasonNames, text);
}

std::optional<RiskFlag> riskFlagFromString(const QString& text)
{
    return valueOf<RiskFlag>(riskFlagNameTable, text);
}

std::optional<HistogramBucket> histogramBucketFromString(const QString& text)
{
    return valueOf<HistogramBucket>(bucketNames, text);
}

QStringList riskFlagNames(RiskFlags flags)
{
    QStringList names;
    for (RiskFlag flag : allRiskFlags) {
        if (flags.testFlag(flag))
            names << toString(flag);
    }
    return names;
}

std::optional<RiskFlags> riskFlagsFromNames(const QStringList& names)
{
    RiskFlags flags;
    for (const QString& name : names) {
        const std::optional<RiskFlag> flag = riskFlagFromString(name);
        if (!flag)
            return std::nullopt;
        flags |= *flag;
    }
    return flags;
}

} // namespace idc
