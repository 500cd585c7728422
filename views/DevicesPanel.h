#pragma once

#include <QPointer>
#include <QUuid>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace idc {

class DeviceTableModel;
class IdentityBackend;

/// The devices tab of a customer's account: what they sign in from, whether each is trusted,
/// and how many sessions run on it. The operator trusts or stops trusting a device, or forgets
/// it, which signs out its sessions in the same step.
class DevicesPanel : public QWidget
{
    Q_OBJECT

public:
    explicit DevicesPanel(IdentityBackend* backend, QWidget* parent = nullptr);

    /// Shows this customer's devices (`name` is used in confirmations); a null id clears.
    void setCustomer(const QUuid& customerId, const QString& name);
    void setCustomerName(const QString& name) { m_customerName = name; }
    DeviceTableModel* model() const { return m_model; }

signals:
    /// A forget signed out sessions; the sessions tab should reload.
    void sessionsChanged();
    /// The number of devices is known (for the tab title).
    void deviceCountChanged(int count);

private:
    void updateButtons();
    void toggleTrust();
    void confirmForget();
    void forget(const QUuid& deviceId, const QString& note);
    void setStatus(const QString& text);

    QPointer<IdentityBackend> m_backend;
    DeviceTableModel* m_model;
    QString m_customerName;
    bool m_busy = false;

    QTableView* m_table;
    QPushButton* m_trustButton;
    QPushButton* m_forgetButton;
    QLabel* m_statusLabel;
};

} // namespace idc
