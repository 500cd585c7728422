#pragma once

#include "LoginEvent.h"

#include <QDateTime>
#include <QPointer>
#include <QWidget>

class QBarCategoryAxis;
class QChart;
class QChartView;
class QComboBox;
class QDateTimeAxis;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedBarSeries;
class QTableView;
class QTimer;
class QToolButton;
class QValueAxis;

namespace idc {

class IdentityBackend;
class LoginEventTableModel;

/// Login history, everyone's or one customer's: filters (range, outcome, failure reason, IP
/// or subnet, country), risk badges to filter on, a chart of successes and failures by hour
/// or day whose bars filter the table to their hour or day, and the events newest first.
class LoginHistoryView : public QWidget
{
    Q_OBJECT

public:
    explicit LoginHistoryView(IdentityBackend* backend, QWidget* parent = nullptr);

    /// Shows one customer's history (hides the e-mail column); a null id shows everyone's.
    void setCustomer(const QUuid& customerId);
    /// The thresholds behind the risk flags (from the settings).
    void setThresholds(const RiskThresholds& thresholds);
    /// Filters to one address or subnet.
    void filterByIp(const QString& ipOrCidr);
    /// Shows only the events of the chart's bin `index` (as a click on that bar does); -1 shows
    /// the whole range again.
    void selectBin(int index);

    LoginEventTableModel* model() const { return m_model; }
    /// The query the table shows (what "Export this list" exports).
    LoginEventQuery query() const;
    /// The bins the chart shows (every hour or day of the range, empty ones included).
    const QList<LoginHistogramBin>& bins() const { return m_bins; }
    HistogramBucket bucket() const { return m_bucket; }

signals:
    /// The operator asked to open this customer (double-click on a row).
    void customerActivated(const QUuid& customerId);
    /// The operator asked for the sessions from this address.
    void sessionsFromIpRequested(const QString& ip);
    /// The chart has its bins for the current filters.
    void chartUpdated();

private:
    void scheduleApply();
    void apply();
    void loadChart(const LoginEventQuery& query);
    void showChart(const QList<LoginHistogramBin>& bins);
    void updateCount();
    void highlightBin(int index);
    void updateButtons();
    void setStatus(const QString& text);
    std::optional<LoginEventQuery> queryFromFilters() const;

    QPointer<IdentityBackend> m_backend;
    LoginEventTableModel* m_model;
    QTimer* m_applyTimer;
    QUuid m_customerId;
    RiskThresholds m_thresholds;
    HistogramBucket m_bucket = HistogramBucket::Hour;
    QDateTime m_rangeFrom;
    QDateTime m_rangeTo;
    QList<LoginHistogramBin> m_bins;
    LoginEventQuery m_chartQuery; ///< what the bins count
    int m_selectedBin = -1;
    quint64 m_chartRequest = 0;

    QComboBox* m_rangeCombo;
    QComboBox* m_outcomeCombo;
    QComboBox* m_reasonCombo;
    QLineEdit* m_ipEdit;
    QComboBox* m_countryCombo;
    QList<QToolButton*> m_flagButtons;
    QChart* m_chart;
    QChartView* m_chartView;
    QStackedBarSeries* m_series = nullptr;
    QBarCategoryAxis* m_axisX;
    QDateTimeAxis* m_axisTime;
    QValueAxis* m_axisY;
    QLabel* m_binLabel;
    QPushButton* m_wholeRangeButton;
    QLabel* m_countLabel;
    QTableView* m_table;
    QPushButton* m_sessionsButton;
    QLabel* m_statusLabel;
};

} // namespace idc
