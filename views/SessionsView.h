#pragma once

#include "Session.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QCheckBox;
class QProgressBar;
class QPushButton;
class QTableView;
class QTimer;

namespace idc {

class BulkSessionRevoker;
class IdentityBackend;
class SessionTableModel;
struct BulkRevokeSummary;

/// Every customer's sessions, filtered by IP address or subnet, customer, country, device type and age:
/// where a security officer finds what one attacking address is signed in to, and signs out a
/// selection or everything the filter matches, with a count to confirm, progress, a stop
/// button and a summary.
class SessionsView : public QWidget
{
    Q_OBJECT

public:
    explicit SessionsView(IdentityBackend* backend, QWidget* parent = nullptr);

    /// Shows the sessions from one address or subnet (e.g. from a login history row).
    void filterByIp(const QString& ipOrCidr);
    /// Whether "Sign out all matching…" is offered (security officers and admins).
    void setBulkRevokeAllowed(bool allowed);
    /// Loads the current filters again (sessions change elsewhere in the console too).
    void refresh() { apply(); }
    /// The query the table shows, once the filters are valid.
    SessionQuery query() const;
    SessionTableModel* model() const { return m_model; }

signals:
    /// The operator asked to open this customer (double-click on a row).
    void customerActivated(const QUuid& customerId);

private:
    void scheduleApply();
    void apply();
    void updateButtons();
    void updateCount();
    void confirmRevokeSelected();
    void confirmRevokeMatching();
    void startRevoke();
    void onRevokeFinished(const BulkRevokeSummary& summary);
    void setStatus(const QString& text);
    std::optional<SessionQuery> queryFromFilters() const;

    QPointer<IdentityBackend> m_backend;
    SessionTableModel* m_model;
    BulkSessionRevoker* m_revoker;
    QTimer* m_applyTimer;
    quint64 m_countRequest = 0;
    bool m_bulkAllowed = true;
    bool m_filtersValid = true;

    QLineEdit* m_ipEdit;
    QLineEdit* m_customerEdit;
    QComboBox* m_countryCombo;
    QComboBox* m_deviceCombo;
    QComboBox* m_ageCombo;
    QCheckBox* m_activeOnlyCheck;
    QLabel* m_countLabel;
    QTableView* m_table;
    QPushButton* m_revokeSelectedButton;
    QPushButton* m_revokeMatchingButton;
    QPushButton* m_stopButton;
    QProgressBar* m_progress;
    QLabel* m_statusLabel;
};

} // namespace idc
