#pragma once

#include "Customer.h"

#include <QDateTime>
#include <QJsonArray> // a state's values may be arrays; readers of states need the full type
#include <QJsonObject>
#include <QJsonValue>
#include <QMetaType>
#include <QString>
#include <QUuid>

#include <optional>

namespace idc {

/// One stored audit_events row.
struct AuditEvent
{
    qint64 seq = 0;
    QUuid id;
    QDateTime occurredAt; ///< UTC, milliseconds
    QString actor;
    QString actorRole;
    QString action;
    QString resourceType;
    QString resourceId;
    QUuid customerId;
    QString reason;
    /// The states as the database gives them back (PostgreSQL's jsonb re-formats what it stores),
    /// which is also what the hash covers.
    QJsonValue beforeState = QJsonValue::Null;
    QJsonValue afterState = QJsonValue::Null;
    QString prevHash;
    QString hash;
};

/// How the chain broke at AuditChainReport::firstBrokenSeq.
enum class AuditChainBreak
{
    None,
    RowChanged, ///< the row's hash does not match its contents and prev_hash
    LinkBroken, ///< the row's prev_hash is not the hash of the row before it
};

/// What verifyAuditChain() found.
struct AuditChainReport
{
    qint64 events = 0; ///< rows read
    bool intact = true;
    qint64 firstBrokenSeq = -1;
    AuditChainBreak breakKind = AuditChainBreak::None;
    QString problem;    ///< untranslated detail, e.g. "row 17 was changed: its hash does not match its contents"
    qint64 lastSeq = 0; ///< seq of the newest row (0: none)
    QString headHash;   ///< hash of the newest row (the genesis hash when there is none)
};

/// Which audit events IdentityBackend::auditEvents() lists. Empty members do not filter.
struct AuditQuery
{
    QUuid customerId;
    QString actor;      ///< the operator's name, exactly
    QString action;     ///< exactly, e.g. "session.revoke"
    QString resourceId; ///< exactly, e.g. a session's id
    QDateTime from;     ///< occurred_at, inclusive
    QDateTime to;       ///< occurred_at, exclusive

    bool operator==(const AuditQuery&) const = default;
};

/// Audit events newest first (seq descending).
using AuditEventPage = Page<AuditEvent>;

/// The break kind as the API names it ("none", "row_changed", "link_broken"). (Not an overload of
/// toString(): QCOMPARE would find it by ADL and stop comparing kinds as enums.)
QString auditChainBreakName(AuditChainBreak kind);
std::optional<AuditChainBreak> auditChainBreakFromString(const QString& text);

} // namespace idc

Q_DECLARE_METATYPE(idc::AuditEvent)
Q_DECLARE_METATYPE(idc::AuditQuery)
Q_DECLARE_METATYPE(idc::AuditChainReport)
