#pragma once

#include "AuditTrail.h"
#include "IdentityBackend.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace idc {

/// The audit trail matching one AuditQuery, newest first, fetched lazily in keyset pages.
class AuditEventTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Column
    {
        Seq,
        Time,
        Actor,
        Action,
        Resource,
        Reason,
        Change,
        Count
    };
    enum Role
    {
        SeqRole = Qt::UserRole + 1, ///< qint64
        CustomerIdRole,             ///< QUuid, null when the event concerns no customer
        ActionRole                  ///< QString, e.g. "session.revoke"
    };

    explicit AuditEventTableModel(IdentityBackend* backend, QObject* parent = nullptr);

    void setQuery(const AuditQuery& query);
    const AuditQuery& query() const { return m_query; }
    void reload();

    bool isLoading() const { return m_loading; }
    const AuditEvent* eventAt(int row) const;
    void setPageSize(int rows) { m_pageSize = rows; }

    /// "status: active → suspended; sessions_revoked: 3": what changed between the states.
    static QString changeSummary(const AuditEvent& event);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

signals:
    void loadingChanged(bool loading);
    void errorOccurred(const idc::Error& error);

private:
    void requestPage();
    void setLoading(bool loading);

    QPointer<IdentityBackend> m_backend;
    AuditQuery m_query;
    bool m_hasQuery = false;
    QList<AuditEvent> m_rows;
    PageCursor m_next;
    bool m_hasMore = false;
    bool m_loading = false;
    quint64 m_generation = 0;
    int m_pageSize = 100;
};

} // namespace idc
