#pragma once

#include "Customer.h"
#include "Result.h"

#include <QPointer>
#include <QWidget>

class QFormLayout;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableView;

namespace idc {

class AddressTableModel;
class IdentityBackend;

/// One customer's account: profile, contact details (masked until revealed), loyalty,
/// consents, security state and addresses.
class CustomerDetailView : public QWidget
{
    Q_OBJECT

public:
    explicit CustomerDetailView(IdentityBackend* backend, QWidget* parent = nullptr);

    /// Loads and shows the customer; a null id shows the empty state.
    void showCustomer(const QUuid& id);
    QUuid customerId() const { return m_customer.id; }

signals:
    /// The operator revealed the masked contact details of this customer (after the audit trail
    /// recorded it).
    void contactRevealed(const QUuid& customerId);

private:
    void display(const Customer& customer);
    void showError(const Error& error);
    void setRevealed(bool revealed);
    void toggleReveal();
    QLabel* addRow(QFormLayout* form, const QString& label, const QString& objectName);

    QPointer<IdentityBackend> m_backend;
    AddressTableModel* m_addresses;
    Customer m_customer;
    quint64 m_request = 0;
    bool m_revealed = false;

    QStackedWidget* m_pages;
    QLabel* m_emptyLabel;
    QLabel* m_nameLabel;
    QLabel* m_idLabel;
    QLabel* m_badgesLabel;
    QLabel* m_emailLabel;
    QLabel* m_phoneLabel;
    QPushButton* m_revealButton;
    QLabel* m_revealErrorLabel;
    QLabel* m_verifiedLabel;
    QLabel* m_typeLabel;
    QLabel* m_groupLabel;
    QLabel* m_countryLabel;
    QLabel* m_createdLabel;
    QLabel* m_lastLoginLabel;
    QLabel* m_failedLabel;
    QLabel* m_lockLabel;
    QLabel* m_mfaLabel;
    QLabel* m_tierLabel;
    QLabel* m_pointsLabel;
    QLabel* m_spendLabel;
    QLabel* m_marketingLabel;
    QLabel* m_processingLabel;
    QTabWidget* m_tabs;
    QTableView* m_addressTable;
};

} // namespace idc
