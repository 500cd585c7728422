#include "SessionTableModel.h"

#include "Async.h"
#include "DisplayFormat.h"

#include <QColor>

namespace idc {

SessionTableModel::SessionTableModel(IdentityBackend* backend, QObject* parent)
    : PagedTableModel(parent)
    , m_backend(backend)
{
}

void SessionTableModel::setQuery(const SessionQuery& query)
{
    beginResetModel();
    m_query = query;
    m_hasQuery = true;
    clearRows(); // pages of the previous query are dropped when they arrive
    m_activeCount.reset();
    endResetModel();
    emit activeCountChanged();
    setLoading(false);

    if (!m_backend)
        return;
    SessionQuery activeQuery = m_query;
    activeQuery.activeOnly = true;
    const quint64 generation = m_generation;
    whenFinished(m_backend->countSessions(activeQuery, countCap), this,
                 [this, generation](const Result<CustomerCount>& count) {
                     if (generation != m_generation || !count)
                         return; // a failed count leaves "unknown"; the page request reports the error
                     m_activeCount = count->count;
                     emit activeCountChanged();
                 });
    requestPage();
}

void SessionTableModel::clear()
{
    beginResetModel();
    m_query = {};
    m_hasQuery = false;
    clearRows();
    m_activeCount.reset();
    endResetModel();
    emit activeCountChanged();
    setLoading(false);
}

void SessionTableModel::reload()
{
    if (m_hasQuery)
        setQuery(m_query);
}

std::optional<QFuture<Result<SessionPage>>> SessionTableModel::fetchPage(const PageCursor& after, int limit)
{
    if (!m_backend)
        return std::nullopt;
    return m_backend->sessions(m_query, after, limit);
}

int SessionTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QVariant SessionTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Session& s = m_rows.at(index.row());
    const auto column = Column(index.column());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (role == SessionIdRole)
        return s.id;
    if (role == IsActiveRole)
        return s.isActive(now);

    if (role == Qt::DisplayRole) {
        switch (column) {
        case Column::Status:
            return DisplayFormat::sessionStateName(s, now);
        case Column::Customer:
            return s.customerEmail;
        case Column::Device:
            return DisplayFormat::deviceName(s.deviceName, s.deviceType);
        case Column::Ip:
            return s.ip;
        case Column::Country:
            return s.country.isEmpty() ? tr("Unknown") : DisplayFormat::countryName(s.country);
        case Column::Created:
            return DisplayFormat::dateTime(s.createdAt);
        case Column::LastSeen:
            return DisplayFormat::dateTime(s.lastSeenAt);
        case Column::Expires:
            return DisplayFormat::dateTime(s.expiresAt);
        case Column::Revoked: {
            if (!s.revokedAt.isValid())
                return {};
            QStringList parts{DisplayFormat::dateTime(s.revokedAt)};
            if (s.revokeReason)
                parts << DisplayFormat::revokeReasonName(*s.revokeReason);
            if (!s.revokedBy.isEmpty())
                parts << tr("by %1").arg(s.revokedBy);
            return parts.join(QStringLiteral(" · "));
        }
        case Column::Count:
            break;
        }
        return {};
    }
    if (role == SortValueRole) {
        switch (column) {
        case Column::Status:
            return s.revokedAt.isValid() ? 2 : s.isActive(now) ? 0 : 1;
        case Column::Customer:
            return s.customerEmail;
        case Column::Device:
            return s.deviceName;
        case Column::Ip:
            return s.ip;
        case Column::Country:
            return s.country;
        case Column::Created:
            return s.createdAt;
        case Column::LastSeen:
            return s.lastSeenAt;
        case Column::Expires:
            return s.expiresAt;
        case Column::Revoked:
            return s.revokedAt;
        case Column::Count:
            break;
        }
        return {};
    }
    if (role == Qt::ToolTipRole) {
        if (column == Column::Revoked && s.revokedAt.isValid() && !s.revokeNote.isEmpty())
            return tr("Note: %1").arg(s.revokeNote);
        if (column == Column::Device && !s.userAgent.isEmpty())
            return s.userAgent;
        return {};
    }
    if (role == Qt::ForegroundRole && column == Column::Status) {
        if (s.isActive(now))
            return QColor(0x2e, 0x7d, 0x32);
        if (s.revokeReason == RevokeReason::SessionLimit || s.revokeReason == RevokeReason::SecurityAlert)
            return QColor(0xc6, 0x28, 0x28);
        return QColor(0x61, 0x61, 0x61);
    }
    return {};
}

QVariant SessionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= int(Column::Count))
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Status:
        return tr("Status");
    case Column::Customer:
        return tr("Customer");
    case Column::Device:
        return tr("Device");
    case Column::Ip:
        return tr("IP address");
    case Column::Country:
        return tr("Country");
    case Column::Created:
        return tr("Created");
    case Column::LastSeen:
        return tr("Last seen");
    case Column::Expires:
        return tr("Expires");
    case Column::Revoked:
        return tr("Revoked");
    case Column::Count:
        break;
    }
    return {};
}

} // namespace idc
