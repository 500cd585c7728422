#pragma once

#include "IdentityBackend.h"
#include "LoginEvent.h"

#include "PagedTableModel.h"

#include <QPointer>

#include <optional>

class QSettings;

namespace idc {

/// The risk thresholds the console asks the backend to apply, kept in the settings.
struct RiskSettings
{
    /// The thresholds in `settings` (defaults where missing or out of range).
    static RiskThresholds load(const QSettings& settings);
    static void save(QSettings& settings, const RiskThresholds& thresholds);
};

/// The login events matching one LoginEventQuery (a customer's or everyone's), newest first,
/// fetched lazily in keyset pages, with the number of matches counted alongside.
class LoginEventTableModel : public PagedTableModel<LoginEvent>
{
    Q_OBJECT

public:
    enum class Column
    {
        Time,
        Outcome,
        Customer, ///< the e-mail tried; views of one customer hide it
        Ip,
        Location,
        Device,
        Risk,
        Count
    };
    enum Role
    {
        EventIdRole = Qt::UserRole + 1, ///< QUuid
        CustomerIdRole,                 ///< QUuid, null for unknown e-mail addresses
        IpRole,                         ///< QString
        FlagsRole,                      ///< int: the RiskFlags
        SuccessRole                     ///< bool
    };

    explicit LoginEventTableModel(IdentityBackend* backend, QObject* parent = nullptr);

    /// Replaces the query: clears the rows, then loads the first page and the count.
    void setQuery(const LoginEventQuery& query);
    const LoginEventQuery& query() const { return m_query; }
    void clear();
    void reload();

    /// How many events match, once counted (at most countCap).
    std::optional<CustomerCount> matchCount() const { return m_count; }
    const LoginEvent* eventAt(int row) const { return rowAt(row); }

    static constexpr qint64 countCap = 100000;

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void matchCountChanged();

protected:
    std::optional<QFuture<Result<LoginEventPage>>> fetchPage(const PageCursor& after, int limit) override;

private:
    QPointer<IdentityBackend> m_backend;
    LoginEventQuery m_query;
    bool m_hasQuery = false;
    std::optional<CustomerCount> m_count;
};

} // namespace idc
