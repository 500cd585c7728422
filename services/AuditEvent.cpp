#include "AuditEvent.h"

namespace idc {

QString auditChainBreakName(AuditChainBreak kind)
{
    switch (kind) {
    case AuditChainBreak::None:
        return QStringLiteral("none");
    case AuditChainBreak::RowChanged:
        return QStringLiteral("row_changed");
    case AuditChainBreak::LinkBroken:
        return QStringLiteral("link_broken");
    }
    return {};
}

std::optional<AuditChainBreak> auditChainBreakFromString(const QString& text)
{
    for (AuditChainBreak kind : {AuditChainBreak::None, AuditChainBreak::RowChanged, AuditChainBreak::LinkBroken})
        if (text == auditChainBreakName(kind))
            return kind;
    return std::nullopt;
}

} // namespace idc
