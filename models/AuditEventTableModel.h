#pragma once

#include "AuditTrail.h"
#include "IdentityBackend.h"

#include "PagedTableModel.h"

#include <QPointer>

namespace idc {

/// The audit trail matching one AuditQuery, newest first, fetched lazily in keyset pages.
class AuditEventTableModel : public PagedTableModel<AuditEvent>
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

    const AuditEvent* eventAt(int row) const { return rowAt(row); }

    /// "status: active → suspended; sessions_revoked: 3": what changed between the states.
    static QString changeSummary(const AuditEvent& event);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    std::optional<QFuture<Result<AuditEventPage>>> fetchPage(const PageCursor& after, int limit) override;

private:
    QPointer<IdentityBackend> m_backend;
    AuditQuery m_query;
    bool m_hasQuery = false;
};

} // namespace idc
