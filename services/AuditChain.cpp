#include "AuditChain.h"

#include "SqlDialect.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace idc {
namespace {

QJsonValue textOrNull(const QString& text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue idOrNull(const QUuid& id)
{
    return id.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(id.toString(QUuid::WithoutBraces));
}

QJsonValue stateOrNull(const QJsonValue& state)
{
    // An absent state and a JSON null column read back the same way; both hash as null.
    return state.isUndefined() ? QJsonValue(QJsonValue::Null) : state;
}

} // namespace

QString auditGenesisHash()
{
    return QString(64, u'0');
}

QJsonObject auditCanonicalFields(const AuditChainEntry& entry)
{
    QJsonObject fields;
    fields.insert(QStringLiteral("id"), idOrNull(entry.id));
    fields.insert(QStringLiteral("occurred_at"), SqlDialect::timestamp(entry.occurredAt).toString());
    fields.insert(QStringLiteral("actor"), entry.actor);
    fields.insert(QStringLiteral("actor_role"), entry.actorRole);
    fields.insert(QStringLiteral("action"), entry.action);
    fields.insert(QStringLiteral("resource_type"), entry.resourceType);
    fields.insert(QStringLiteral("resource_id"), textOrNull(entry.resourceId));
    fields.insert(QStringLiteral("customer_id"), idOrNull(entry.customerId));
    fields.insert(QStringLiteral("reason"), textOrNull(entry.reason));
    fields.insert(QStringLiteral("before_state"), stateOrNull(entry.beforeState));
    fields.insert(QStringLiteral("after_state"), stateOrNull(entry.afterState));
    return fields;
}

QString auditEventHash(const QString& prevHash, const QJsonObject& canonicalFields)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(prevHash.toUtf8());
    hash.addData(QByteArrayView("\n", 1));
    hash.addData(QJsonDocument(canonicalFields).toJson(QJsonDocument::Compact));
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace idc
