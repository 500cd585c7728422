#pragma once

#include "Customer.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QUuid>

#include <optional>

namespace idc {

/// Why a session ended (the schema's revoke_reason CHECK).
enum class RevokeReason
{
    UserLogout,
    AdminAction,
    SecurityAlert,
    SessionLimit, ///< evicted by the backend for the concurrent-session limit; operators may not use it
    PasswordChange,
    DeviceRemoved
};

/// One signed-in session of a customer, with the customer's e-mail and the device it runs on.
struct Session
{
    /// A revoke note longer than this is refused (InvalidInput) by every backend.
    static constexpr int maxNoteLength = 500;

    QUuid id;
    QUuid customerId;
    QUuid deviceId; ///< null: unknown device
    QString customerEmail;
    QString deviceName; ///< empty when there is no device
    QString deviceType; ///< mobile, desktop, tablet; empty when there is no device
    QString ip;
    QString userAgent;
    QString country; ///< ISO 3166-1 alpha-2; empty when unknown
    QDateTime createdAt;
    QDateTime lastSeenAt;
    QDateTime expiresAt;
    QDateTime revokedAt; ///< invalid while not revoked
    QString revokedBy;
    std::optional<RevokeReason> revokeReason;
    QString revokeNote;

    /// Active while not revoked and not expired at `now`.
    bool isActive(const QDateTime& now = QDateTime::currentDateTimeUtc()) const
    {
        return !revokedAt.isValid() && expiresAt > now;
    }
};

/// Which sessions to list or count. Empty members do not filter.
struct SessionQuery
{
    QUuid customerId;
    QString customerEmail;  ///< the customer's e-mail address, exactly but in any case
    bool activeOnly = true; ///< only sessions neither revoked nor expired now
    QString ipOrCidr;       ///< an exact address ("185.220.101.47") or a subnet ("185.220.101.0/24", "2001:db8::/64")
    QString country;        ///< ISO 3166-1 alpha-2, any case
    QString deviceType;     ///< mobile, desktop or tablet
    QDateTime createdFrom;  ///< inclusive
    QDateTime createdTo;    ///< exclusive

    bool operator==(const SessionQuery&) const = default;
};

/// Sessions newest first (created_at, then id, both descending).
using SessionPage = Page<Session>;

enum class RevokeOutcome
{
    Revoked,       ///< this call revoked it
    AlreadyRevoked ///< it was revoked before; nothing changed and nothing was audited
};

/// What revokeSession() did, and the session as it is afterwards.
struct SessionRevocation
{
    RevokeOutcome outcome = RevokeOutcome::Revoked;
    Session session;
};

/// Whether `text` is a session IP filter every backend accepts: an address ("185.220.101.47",
/// "2001:db8::1") or a subnet with a prefix length ("185.220.101.0/24", "2001:db8::/64"). IPv4
/// only as four dotted numbers (not the legacy "185.220.101" forms that inet_aton also reads).
bool isValidIpFilter(const QString& text);

// String forms used in the database, in the API and on the command line.
QString toString(RevokeReason reason);
QString toString(RevokeOutcome outcome);
std::optional<RevokeReason> revokeReasonFromString(const QString& text);
std::optional<RevokeOutcome> revokeOutcomeFromString(const QString& text);

} // namespace idc

Q_DECLARE_METATYPE(idc::Session)
Q_DECLARE_METATYPE(idc::SessionQuery)
Q_DECLARE_METATYPE(idc::SessionRevocation)
