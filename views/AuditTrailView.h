#pragma once

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace idc {

class AuditEventTableModel;
class IdentityBackend;
struct AuditChainReport;
struct AuditQuery;

/// The audit trail, newest first, filtered by action, operator, customer and time; the selected
/// event's before and after states and hashes; and a check of the whole hash chain that says
/// whether any row was changed or removed, and where.
class AuditTrailView : public QWidget
{
    Q_OBJECT

public:
    explicit AuditTrailView(IdentityBackend* backend, QWidget* parent = nullptr);

    AuditEventTableModel* model() const { return m_model; }
    /// The query the table shows (what "Export this list" exports).
    AuditQuery query() const;
    /// Reads the trail again from the top (after changes elsewhere in the console).
    void refresh();
    /// Checks the whole chain; the result shows beside the button.
    void verify();

signals:
    void customerActivated(const QUuid& customerId);
    void verified(bool intact);

private:
    void apply();
    void showSelected();
    void showReport(const AuditChainReport& report);
    std::optional<AuditQuery> queryFromFilters() const;

    QPointer<IdentityBackend> m_backend;
    AuditEventTableModel* m_model;
    QTimer* m_applyTimer;
    quint64 m_verifyRequest = 0;

    QComboBox* m_actionCombo;
    QLineEdit* m_actorEdit;
    QLineEdit* m_customerEdit;
    QComboBox* m_rangeCombo;
    QPushButton* m_verifyButton;
    QLabel* m_chainLabel;
    QTableView* m_table;
    QPlainTextEdit* m_details;
    QLabel* m_statusLabel;
};

} // namespace idc
