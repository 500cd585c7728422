#pragma once

#include "Customer.h"
#include "LoginEvent.h"
#include "Result.h"
#include "Session.h"

#include <QCoreApplication>
#include <QString>

namespace idc {

/// How domain values read in the console: translated names, money, dates, masked
/// contact details, and error messages. Views and the command line share it.
class DisplayFormat
{
    Q_DECLARE_TR_FUNCTIONS(DisplayFormat)

public:
    /// "a•••••@example.com": the first character and the domain stay readable.
    static QString maskedEmail(const QString& email);
    /// "+84 ••• ••• 678": the country prefix and the last three digits stay readable.
    static QString maskedPhone(const QString& phone);

    static QString statusName(CustomerStatus status);
    static QString customerTypeName(CustomerType type);
    static QString tierName(LoyaltyTier tier);
    static QString addressTagName(AddressTag tag);
    static QString countryName(const QString& isoCode);
    static QString yesNo(bool value);
    /// "support_agent" → "Support agent"; unknown roles are shown as they are.
    static QString operatorRoleName(const QString& role);

    /// Why a session ended; the backend's own evictions say so ("Evicted: over the 5-session limit").
    static QString revokeReasonName(RevokeReason reason);
    /// "Active", "Revoked" or "Expired" at `now`.
    static QString sessionStateName(const Session& session, const QDateTime& now);
    /// mobile, desktop, tablet as words; unknown types are shown as they are.
    static QString deviceTypeName(const QString& type);
    /// "Alice's iPhone (Mobile)"; "Unknown device" when the session has none.
    static QString deviceName(const QString& name, const QString& type);

    /// Why a login failed, as a short phrase ("Wrong password").
    static QString loginFailureName(LoginFailureReason reason);
    /// A risk flag as the badge shows it ("New country").
    static QString riskFlagName(RiskFlag flag);
    /// The badges of `flags`, in bit order.
    static QStringList riskFlagNames(RiskFlags flags);
    /// One sentence per flag saying what it means.
    static QStringList riskFlagExplanations(RiskFlags flags);

    /// Amounts are kept in cents of the shop's currency (euro).
    static QString money(qint64 cents);
    static QString date(const QDateTime& value);
    static QString dateTime(const QDateTime& value);
    /// A span as a clock shows it: "0:21", "12:05", "1:02:03".
    static QString clockDuration(qint64 seconds);

    /// A translated sentence for an error, with its technical detail after it.
    static QString errorMessage(const Error& error);
};

} // namespace idc
