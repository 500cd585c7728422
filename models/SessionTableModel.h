#pragma once

#include "IdentityBackend.h"

#include "PagedTableModel.h"

#include <QPointer>

#include <optional>

namespace idc {

/// The sessions matching one SessionQuery (typically one customer's, history included), newest
/// first, fetched lazily in keyset pages like CustomerSearchModel. A generation counter drops
/// pages that arrive for a query that has since been replaced or reloaded.
class SessionTableModel : public PagedTableModel<Session>
{
    Q_OBJECT

public:
    enum class Column
    {
        Status,
        Customer, ///< e-mail; views of one customer's sessions hide it
        Device,
        Ip,
        Country,
        Created,
        LastSeen,
        Expires,
        Revoked,
        Count
    };
    enum Role
    {
        SessionIdRole = Qt::UserRole + 1, ///< QUuid
        IsActiveRole,                     ///< bool: neither revoked nor expired now
        SortValueRole                     ///< typed value behind the display text
    };

    explicit SessionTableModel(IdentityBackend* backend, QObject* parent = nullptr);

    /// Replaces the query: clears the rows, then loads the first page and the active count.
    void setQuery(const SessionQuery& query);
    const SessionQuery& query() const { return m_query; }
    /// Shows nothing (no customer); pages still in flight are dropped.
    void clear();
    /// Loads the current query again from the top (after a revocation).
    void reload();

    /// How many sessions of the query are active now, once known.
    std::optional<qint64> activeCount() const { return m_activeCount; }
    const Session* sessionAt(int row) const { return rowAt(row); }

    /// How many active sessions are counted at most.
    static constexpr qint64 countCap = 1000;

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void activeCountChanged();

protected:
    std::optional<QFuture<Result<SessionPage>>> fetchPage(const PageCursor& after, int limit) override;

private:
    QPointer<IdentityBackend> m_backend;
    SessionQuery m_query;
    bool m_hasQuery = false;
    std::optional<qint64> m_activeCount;
};

} // namespace idc
