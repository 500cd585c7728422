#pragma once

#include "Async.h"
#include "Customer.h"
#include "Result.h"

#include <QAbstractTableModel>
#include <QFuture>
#include <QList>

#include <optional>

namespace idc {

/// What every lazily paged table model shares: the loading state and its signals, and
/// fetchMore() for views. Not a template, so that it can carry signals.
class PagedModelBase : public QAbstractTableModel
{
    Q_OBJECT

public:
    using QAbstractTableModel::QAbstractTableModel;

    bool isLoading() const { return m_loading; }
    void setPageSize(int rows) { m_pageSize = rows; }
    int pageSize() const { return m_pageSize; }

    /// False while a page is in flight (so the view does not ask twice) and after a page failed
    /// (so a failing backend is not asked again and again; reloading starts over).
    bool canFetchMore(const QModelIndex& parent) const override { return !parent.isValid() && m_hasMore && !m_loading; }
    void fetchMore(const QModelIndex& parent) override
    {
        if (canFetchMore(parent))
            requestPage();
    }

signals:
    void loadingChanged(bool loading);
    void errorOccurred(const idc::Error& error);

protected:
    virtual void requestPage() = 0;
    void setLoading(bool loading)
    {
        if (m_loading == loading)
            return;
        m_loading = loading;
        emit loadingChanged(loading);
    }

    PageCursor m_next;
    bool m_hasMore = false;
    bool m_loading = false;
    /// Bumped by every reset: pages that arrive for an older query are dropped.
    quint64 m_generation = 0;
    int m_pageSize = 100;
};

/// The rows of type T, fetched page by page in keyset order through fetchPage(), which the
/// model of each kind implements with its query. The rows already loaded stay when a page fails.
template <typename T>
class PagedTableModel : public PagedModelBase
{
public:
    using PagedModelBase::PagedModelBase;

    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }
    const T* rowAt(int row) const { return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr; }

protected:
    /// The page after `after` for the current query; nullopt when there is nothing to ask (no backend).
    virtual std::optional<QFuture<Result<Page<T>>>> fetchPage(const PageCursor& after, int limit) = 0;

    /// Empties the table for a new query (between beginResetModel() and endResetModel() of the caller).
    void clearRows()
    {
        m_rows.clear();
        m_next = {};
        m_hasMore = false;
        ++m_generation;
    }

    void requestPage() override
    {
        std::optional<QFuture<Result<Page<T>>>> page = fetchPage(m_next, m_pageSize);
        if (!page)
            return;
        setLoading(true);
        const quint64 generation = m_generation;
        whenFinished(std::move(*page), this, [this, generation](const Result<Page<T>>& result) {
            if (generation != m_generation)
                return;
            setLoading(false);
            if (!result) {
                m_hasMore = false;
                emit errorOccurred(result.error());
                return;
            }
            m_next = result->next;
            m_hasMore = !m_next.isNull();
            if (!result->items.isEmpty()) {
                const int first = int(m_rows.size());
                beginInsertRows({}, first, first + int(result->items.size()) - 1);
                m_rows += result->items;
                endInsertRows();
            }
        });
    }

    QList<T> m_rows;
};

} // namespace idc
