#include "Result.h"

namespace idc {

QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Internal:
        return QStringLiteral("Internal");
    case ErrorKind::InvalidInput:
        return QStringLiteral("InvalidInput");
    case ErrorKind::NotFound:
        return QStringLiteral("NotFound");
    case ErrorKind::Conflict:
        return QStringLiteral("Conflict");
    case ErrorKind::Unauthorized:
        return QStringLiteral("Unauthorized");
    case ErrorKind::Forbidden:
        return QStringLiteral("Forbidden");
    case ErrorKind::Unavailable:
        return QStringLiteral("Unavailable");
    case ErrorKind::Timeout:
        return QStringLiteral("Timeout");
    case ErrorKind::Protocol:
        return QStringLiteral("Protocol");
    case ErrorKind::Storage:
        return QStringLiteral("Storage");
    case ErrorKind::SchemaTooNew:
        return QStringLiteral("SchemaTooNew");
    case ErrorKind::KeychainUnavailable:
        return QStringLiteral("KeychainUnavailable");
    case ErrorKind::Cancelled:
        return QStringLiteral("Cancelled");
    case ErrorKind::RateLimited:
        return QStringLiteral("RateLimited");
    case ErrorKind::Certificate:
        return QStringLiteral("Certificate");
    case ErrorKind::MfaRequired:
        return QStringLiteral("MfaRequired");
    case ErrorKind::SecretKey:
        return QStringLiteral("SecretKey");
    case ErrorKind::FileAccess:
        return QStringLiteral("FileAccess");
    }
    return QStringLiteral("?");
}

} // namespace idc
