#include "AuditEventTableModel.h"

#include "Async.h"
#include "DisplayFormat.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSet>

namespace idc {

namespace {

QString valueText(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("—");
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QLocale::c().toString(value.toDouble(), 'g', 15);
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}

} // namespace

AuditEventTableModel::AuditEventTableModel(IdentityBackend* backend, QObject* parent)
    : PagedTableModel(parent)
    , m_backend(backend)
{
}

void AuditEventTableModel::setQuery(const AuditQuery& query)
{
    beginResetModel();
    m_query = query;
    m_hasQuery = true;
    clearRows();
    endResetModel();
    setLoading(false);
    requestPage();
}

void AuditEventTableModel::reload()
{
    if (m_hasQuery)
        setQuery(m_query);
}

std::optional<QFuture<Result<AuditEventPage>>> AuditEventTableModel::fetchPage(const PageCursor& after, int limit)
{
    if (!m_backend)
        return std::nullopt;
    return m_backend->auditEvents(m_query, after, limit);
}

QString AuditEventTableModel::changeSummary(const AuditEvent& event)
{
    const QJsonObject before = event.beforeState.toObject();
    const QJsonObject after = event.afterState.toObject();
    QStringList keys = before.keys();
    for (const QString& key : after.keys())
        if (!before.contains(key))
            keys << key;
    QStringList parts;
    for (const QString& key : keys) {
        const bool inBefore = before.contains(key);
        const bool inAfter = after.contains(key);
        if (inBefore && inAfter && before.value(key) == after.value(key))
            continue;
        if (inBefore && inAfter)
            parts << QStringLiteral("%1: %2 → %3").arg(key, valueText(before.value(key)), valueText(after.value(key)));
        else if (inAfter)
            parts << QStringLiteral("%1: %2").arg(key, valueText(after.value(key)));
        else
            parts << QStringLiteral("%1: %2 → —").arg(key, valueText(before.value(key)));
    }
    return parts.join(QStringLiteral("; "));
}

int AuditEventTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QVariant AuditEventTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEvent& e = m_rows.at(index.row());
    const auto column = Column(index.column());
    switch (role) {
    case SeqRole:
        return e.seq;
    case CustomerIdRole:
        return e.customerId;
    case ActionRole:
        return e.action;
    case Qt::DisplayRole:
        switch (column) {
        case Column::Seq:
            return QLocale().toString(e.seq);
        case Column::Time:
            return DisplayFormat::dateTime(e.occurredAt);
        case Column::Actor:
            return tr("%1 (%2)").arg(e.actor, DisplayFormat::operatorRoleName(e.actorRole));
        case Column::Action:
            return e.action;
        case Column::Resource:
            return e.resourceId.isEmpty() ? e.resourceType : tr("%1 %2").arg(e.resourceType, e.resourceId);
        case Column::Reason:
            return e.reason;
        case Column::Change:
            return changeSummary(e);
        case Column::Count:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == Column::Change || column == Column::Seq)
            return tr("Hash %1\nPrevious %2").arg(e.hash, e.prevHash);
        return {};
    case Qt::TextAlignmentRole:
        if (column == Column::Seq)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant AuditEventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= int(Column::Count))
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Seq:
        return tr("#");
    case Column::Time:
        return tr("Time");
    case Column::Actor:
        return tr("Operator");
    case Column::Action:
        return tr("Action");
    case Column::Resource:
        return tr("Resource");
    case Column::Reason:
        return tr("Reason");
    case Column::Change:
        return tr("Change");
    case Column::Count:
        break;
    }
    return {};
}

} // namespace idc
