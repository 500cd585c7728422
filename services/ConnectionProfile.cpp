#include "ConnectionProfile.h"

namespace idc {

QString toString(BackendKind kind)
{
    switch (kind) {
    case BackendKind::Sqlite:
        return QStringLiteral("sqlite");
    case BackendKind::PostgreSql:
        return QStringLiteral("postgresql");
    case BackendKind::Rest:
        return QStringLiteral("rest");
    }
    return {};
}

} // namespace idc
