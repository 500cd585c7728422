#include "OperatorRole.h"

namespace idc {

QString toString(OperatorRole role)
{
    switch (role) {
    case OperatorRole::SupportAgent:
        return QStringLiteral("support_agent");
    case OperatorRole::SecurityOfficer:
        return QStringLiteral("security_officer");
    case OperatorRole::Admin:
        return QStringLiteral("admin");
    }
    return {};
}

QString toString(Permission permission)
{
    switch (permission) {
    case Permission::Authenticated:
        return QStringLiteral("authenticated");
    case Permission::CustomersRead:
        return QStringLiteral("customers.read");
    case Permission::SessionsRead:
        return QStringLiteral("sessions.read");
    case Permission::SessionsRevoke:
        return QStringLiteral("sessions.revoke");
    case Permission::DevicesManage:
        return QStringLiteral("devices.manage");
    case Permission::LoginHistoryRead:
        return QStringLiteral("login_history.read");
    case Permission::CustomersUnlock:
        return QStringLiteral("customers.unlock");
    case Permission::CustomersSuspend:
        return QStringLiteral("customers.suspend");
    case Permission::CustomersMfa:
        return QStringLiteral("customers.mfa");
    case Permission::AuditRead:
        return QStringLiteral("audit.read");
    case Permission::ExportCreate:
        return QStringLiteral("export.create");
    case Permission::OperatorsManage:
        return QStringLiteral("operators.manage");
    case Permission::SegmentsManage:
        return QStringLiteral("segments.manage");
    case Permission::MetricsRead:
        return QStringLiteral("metrics.read");
    }
    return {};
}

std::optional<OperatorRole> operatorRoleFromString(const QString& text)
{
    for (const OperatorRole role : {OperatorRole::SupportAgent, OperatorRole::SecurityOfficer, OperatorRole::Admin}) {
        if (toString(role) == text)
            return role;
    }
    return std::nullopt;
}

bool roleAllows(OperatorRole role, Permission permission)
{
    switch (permission) {
    case Permission::Authenticated:
    case Permission::CustomersRead:
    // Support agents sign out stolen sessions daily (DESIGN.md): every role reads and revokes.
    case Permission::SessionsRead:
    case Permission::SessionsRevoke:
    // Forgetting a lost phone belongs to the same support call as signing out its sessions.
    case Permission::DevicesManage:
    // An agent checks a customer's recent logins before anything else ("was it really you?").
    case Permission::LoginHistoryRead:
    // Unlocking a customer who mistyped their password too often is a routine support call.
    case Permission::CustomersUnlock:
    // Setting up a customer's authenticator app, or resetting it after a lost phone (with the
    // identity checked and the reason audited), is the same kind of support call.
    case Permission::CustomersMfa:
        return true;
    // Suspending locks a customer out of their account: a security decision, not a support one.
    case Permission::CustomersSuspend:
    case Permission::AuditRead:
    case Permission::ExportCreate:
        return role == OperatorRole::SecurityOfficer || role == OperatorRole::Admin;
    case Permission::OperatorsManage:
    case Permission::SegmentsManage:
    case Permission::MetricsRead:
        return role == OperatorRole::Admin;
    }
    return false;
}

} // namespace idc
