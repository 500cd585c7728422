#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QUuid>

namespace idc {

/// The prev_hash of the first audit event: 64 zeros.
QString auditGenesisHash();

/// One audit_events row as the hash chain sees it (every column except seq, prev_hash and hash).
struct AuditChainEntry
{
    QUuid id;
    QDateTime occurredAt;
    QString actor;
    QString actorRole;
    QString action;
    QString resourceType;
    QString resourceId;                        ///< empty: NULL
    QUuid customerId;                          ///< null: NULL
    QString reason;                            ///< empty: NULL
    QJsonValue beforeState = QJsonValue::Null; ///< a JSON object, or Null
    QJsonValue afterState = QJsonValue::Null;  ///< a JSON object, or Null
};

/// The canonical form of an audit row that its hash covers: a JSON object keyed by column name
/// (action, actor, actor_role, after_state, before_state, customer_id, id, occurred_at, reason,
/// resource_id, resource_type). Ids are lower-case without braces; occurred_at is the text
/// SqlDialect::timestamp() binds (UTC, milliseconds, "Z"); empty or missing values are JSON null;
/// before/after states are embedded as JSON values, not as text, so that the hash does not depend
/// on how a database re-formats a jsonb column.
QJsonObject auditCanonicalFields(const AuditChainEntry& entry);

/// Lower-case hex SHA-256 over `prevHash` + "\n" + the compact JSON of `canonicalFields`. A
/// QJsonObject serialises with its keys sorted, so the encoding is canonical by construction.
QString auditEventHash(const QString& prevHash, const QJsonObject& canonicalFields);

} // namespace idc
