#pragma once

#include "IdentityBackend.h"

#include <QAbstractTableModel>
#include <QPointer>

#include <optional>

namespace idc {

/// Customers matching a search, fetched lazily in keyset pages. Sorting and filtering happen
/// on the backend; the model only ever holds the pages the view scrolled to. A generation
/// counter drops pages that arrive for a query that has since been replaced.
class CustomerSearchModel : public QAbstractTableModel
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

    bool isLoading() const { return m_loading; }
    /// The count of the current query, once known; `capped` when there are more.
    std::optional<CustomerCount> matchCount() const { return m_count; }
    const Customer* customerAt(int row) const;

    void setPageSize(int rows) { m_pageSize = rows; }
    int pageSize() const { return m_pageSize; }
    /// How many customers are counted at most (a broad search stays cheap).
    static constexpr qint64 countCap = 10000;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    /// The server-side sort key behind a column, if it can be sorted.
    static std::optional<CustomerSortKey> sortKeyFor(Column column);

signals:
    void loadingChanged(bool loading);
    void matchCountChanged();
    void errorOccurred(const idc::Error& error);

private:
    void requestPage();
    void setLoading(bool loading);

    QPointer<IdentityBackend> m_backend;
    CustomerQuery m_query;
    QList<Customer> m_rows;
    PageCursor m_next;
    bool m_hasMore = false;
    bool m_loading = false;
    std::optional<CustomerCount> m_count;
    quint64 m_generation = 0;
    int m_pageSize = 100;
};

} // namespace idc
