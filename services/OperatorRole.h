#pragma once

#include <QString>

#include <optional>

namespace idc {

/// What an operator of the admin API may do. Every route of the API needs one permission.
enum class Permission
{
    Authenticated,    ///< any logged-in operator: their own session, server info
    CustomersRead,    ///< search and read customers
    SessionsRead,     ///< list and count customers' sessions
    SessionsRevoke,   ///< sign out a customer's session (audited)
    DevicesManage,    ///< trust, untrust and forget a customer's devices (audited)
    LoginHistoryRead, ///< list, count and chart login events with their risk flags
    CustomersUnlock,  ///< clear a customer's failed sign-in attempts and lock (audited)
    CustomersSuspend, ///< suspend a customer, signing out their sessions, or reactivate them (audited)
    CustomersMfa,     ///< see, enroll, confirm, renew recovery codes of and reset a customer's TOTP MFA (audited)
    AuditRead,        ///< read the audit trail
    ExportCreate,     ///< take data out of the system
    OperatorsManage,  ///< list, add and disable operators
    SegmentsManage,   ///< create and change customer segments
    MetricsRead,      ///< the Prometheus metrics
};

enum class OperatorRole
{
    SupportAgent,
    SecurityOfficer,
    Admin
};

QString toString(OperatorRole role);
QString toString(Permission permission);
std::optional<OperatorRole> operatorRoleFromString(const QString& text);

/// The role table: a support agent reads and helps customers, which includes listing their sessions
/// and signing out a stolen one (every role may read and revoke sessions, and trust, untrust or
/// forget a customer's devices, listing devices is reading customers; and read the login history,
/// per customer or across customers, unlock a customer locked out by failed sign-ins, and set up
/// or reset a customer's authenticator app (MFA), a routine support call too); a
/// security officer also suspends and reactivates customers, reads the audit trail and exports;
/// only an admin manages operators, segments and reads metrics.
bool roleAllows(OperatorRole role, Permission permission);

} // namespace idc
