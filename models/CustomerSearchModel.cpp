#include "CustomerSearchModel.h"

#include "Async.h"
#include "DisplayFormat.h"

namespace idc {

CustomerSearchModel::CustomerSearchModel(IdentityBackend* backend, QObject* parent)
    : PagedTableModel(parent)
    , m_backend(backend)
{
}

void CustomerSearchModel::setQuery(const CustomerQuery& query)
{
    beginResetModel();
    m_query = query;
    clearRows(); // results of the previous query are dropped when they arrive
    m_count.reset();
    endResetModel();
    emit matchCountChanged();

    if (!m_backend)
        return;
    const quint64 generation = m_generation;
    whenFinished(m_backend->countCustomers(m_query, countCap), this,
                 [this, generation](const Result<CustomerCount>& count) {
                     if (generation != m_generation || !count)
                         return; // a failed count leaves "unknown"; the page request reports the error
                     m_count = count.value();
                     emit matchCountChanged();
                 });
    m_loading = false;
    requestPage();
}

void CustomerSearchModel::refresh()
{
    setQuery(m_query);
}

std::optional<QFuture<Result<CustomerPage>>> CustomerSearchModel::fetchPage(const PageCursor& after, int limit)
{
    if (!m_backend)
        return std::nullopt;
    return m_backend->searchCustomers(m_query, after, limit);
}

int CustomerSearchModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QVariant CustomerSearchModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Customer& c = m_rows.at(index.row());
    const auto column = Column(index.column());
    if (role == CustomerIdRole)
        return c.id;

    if (role == Qt::DisplayRole) {
        switch (column) {
        case Column::Name:
            return c.fullName;
        case Column::Email:
            return DisplayFormat::maskedEmail(c.email);
        case Column::Country:
            return c.country;
        case Column::Tier:
            return DisplayFormat::tierName(c.loyaltyTier);
        case Column::Status:
            return DisplayFormat::statusName(c.status);
        case Column::Spend:
            return DisplayFormat::money(c.totalSpendCents);
        case Column::CreatedAt:
            return DisplayFormat::date(c.createdAt);
        case Column::LastLogin:
            return c.lastLoginAt.isValid() ? DisplayFormat::dateTime(c.lastLoginAt) : tr("Never");
        case Column::Security: {
            QStringList flags;
            if (c.isLocked())
                flags << tr("Locked");
            if (c.mfaEnabled)
                flags << tr("MFA");
            return flags.join(QStringLiteral(" · "));
        }
        case Column::Count:
            break;
        }
        return {};
    }
    if (role == SortValueRole) {
        switch (column) {
        case Column::Name:
            return c.fullName;
        case Column::Email:
            return c.email;
        case Column::Country:
            return c.country;
        case Column::Tier:
            return int(c.loyaltyTier);
        case Column::Status:
            return toString(c.status);
        case Column::Spend:
            return c.totalSpendCents;
        case Column::CreatedAt:
            return c.createdAt;
        case Column::LastLogin:
            return c.lastLoginAt;
        case Column::Security:
            return int(c.isLocked()) * 2 + int(c.mfaEnabled);
        case Column::Count:
            break;
        }
        return {};
    }
    if (role == Qt::TextAlignmentRole && column == Column::Spend)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && column == Column::Security && c.isLocked())
        return tr("Locked until %1").arg(DisplayFormat::dateTime(c.lockedUntil));
    return {};
}

QVariant CustomerSearchModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= int(Column::Count))
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Name:
        return tr("Name");
    case Column::Email:
        return tr("E-mail");
    case Column::Country:
        return tr("Country");
    case Column::Tier:
        return tr("Tier");
    case Column::Status:
        return tr("Status");
    case Column::Spend:
        return tr("Total spend");
    case Column::CreatedAt:
        return tr("Customer since");
    case Column::LastLogin:
        return tr("Last login");
    case Column::Security:
        return tr("Security");
    case Column::Count:
        break;
    }
    return {};
}

std::optional<CustomerSortKey> CustomerSearchModel::sortKeyFor(Column column)
{
    switch (column) {
    case Column::Name:
        return CustomerSortKey::FullName;
    case Column::Email:
        return CustomerSortKey::Email;
    case Column::Country:
        return CustomerSortKey::Country;
    case Column::Tier:
        return CustomerSortKey::LoyaltyTier;
    case Column::Status:
        return CustomerSortKey::Status;
    case Column::Spend:
        return CustomerSortKey::TotalSpend;
    case Column::CreatedAt:
        return CustomerSortKey::CreatedAt;
    case Column::LastLogin:
        return CustomerSortKey::LastLoginAt;
    case Column::Security:
    case Column::Count:
        break;
    }
    return std::nullopt;
}

void CustomerSearchModel::sort(int column, Qt::SortOrder order)
{
    const std::optional<CustomerSortKey> key = sortKeyFor(Column(column));
    if (!key)
        return;
    CustomerQuery query = m_query;
    query.sortKey = *key;
    query.descending = order == Qt::DescendingOrder;
    if (query != m_query)
        setQuery(query);
}

} // namespace idc
