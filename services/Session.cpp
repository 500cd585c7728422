#include "Session.h"

#include <QHostAddress>

#include <algorithm>
#include <array>
#include <utility>

namespace idc {
namespace {

constexpr std::array<std::pair<RevokeReason, const char*>, 6> reasonNames{{
    {RevokeReason::UserLogout, "user_logout"},
    {RevokeReason::AdminAction, "admin_action"},
    {RevokeReason::SecurityAlert, "security_alert"},
    {RevokeReason::SessionLimit, "session_limit"},
    {RevokeReason::PasswordChange, "password_change"},
    {RevokeReason::DeviceRemoved, "device_removed"},
}};

constexpr std::array<std::pair<RevokeOutcome, const char*>, 2> outcomeNames{{
    {RevokeOutcome::Revoked, "revoked"},
    {RevokeOutcome::AlreadyRevoked, "already_revoked"},
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

bool isValidIpFilter(const QString& text)
{
    const qsizetype slash = text.indexOf(u'/');
    const QString address = slash < 0 ? text : text.left(slash);
    if (!address.contains(u':') && address.count(u'.') != 3)
        return false;
    if (slash < 0)
        return !QHostAddress(address).isNull();
    const QString prefix = text.mid(slash + 1);
    if (prefix.isEmpty() || prefix.size() > 3 ||
        !std::all_of(prefix.cbegin(), prefix.cend(), [](QChar c) { return c.isDigit(); }))
        return false;
    return !QHostAddress::parseSubnet(text).first.isNull();
}

QString toString(RevokeReason reason)
{
    return nameOf(reasonNames, reason);
}

QString toString(RevokeOutcome outcome)
{
    return nameOf(outcomeNames, outcome);
}

std::optional<RevokeReason> revokeReasonFromString(const QString& text)
{
    return valueOf<RevokeReason>(reasonNames, text);
}

std::optional<RevokeOutcome> revokeOutcomeFromString(const QString& text)
{
    return valueOf<RevokeOutcome>(outcomeNames, text);
}

} // namespace idc
