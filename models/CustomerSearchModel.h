#pragma once

#include "IdentityBackend.h"

#include "PagedTableModel.h"

#include <QPointer>

#include <optional>

namespace idc {

/// Customers matching a search, fetched lazily in keyset pages. Sorting and filtering happen
/// on the backend; the model only ever holds the pages the view scrolled to. A generation
/// counter drops pages that arrive for a query that has since been replaced.
class CustomerSearchModel : public PagedTableModel<Customer>
{
    Q_OBJECT

public:
    enum class Column
    {
        Name,
        Email,
        CreatedAt, // beside the name: the default order is newest first
        Country,
        Tier,
        Status,
        Spend,
        LastLogin,
        Security,
        Count
    };
    enum Role
    {
        CustomerIdRole = Qt::UserRole + 1,
        SortValueRole
    };

    explicit CustomerSearchModel(IdentityBackend* backend, QObject* parent = nullptr);

    /// Replaces the query: clears the rows, then loads the first page and the count.
    void setQuery(const CustomerQuery& query);
    const CustomerQuery& query() const { return m_query; }
    /// Loads the current query again from the top.
    void refresh();

    /// The count of the current query, once known; `capped` when there are more.
    std::optional<CustomerCount> matchCount() const { return m_count; }
    const Customer* customerAt(int row) const { return rowAt(row); }

    /// How many customers are counted at most (a broad search stays cheap).
    static constexpr qint64 countCap = 10000;

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    /// The server-side sort key behind a column, if it can be sorted.
    static std::optional<CustomerSortKey> sortKeyFor(Column column);

signals:
    void matchCountChanged();

protected:
    std::optional<QFuture<Result<CustomerPage>>> fetchPage(const PageCursor& after, int limit) override;

private:
    QPointer<IdentityBackend> m_backend;
    CustomerQuery m_query;
    std::optional<CustomerCount> m_count;
};

} // namespace idc
