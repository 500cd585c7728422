#pragma once

#include "Customer.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace idc {

class CustomerDetailView;
class CustomerSearchModel;
class IdentityBackend;
struct Error;

/// Find a customer: one search box (id, e-mail, name, phone), filters, a lazily loaded
/// result table sorted on the server, and the selected customer's account beside it.
class CustomerSearchView : public QWidget
{
    Q_OBJECT

public:
    CustomerSearchView(CustomerSearchModel* model, IdentityBackend* backend, QWidget* parent = nullptr);

    /// Puts the cursor in the search box with its text selected (Ctrl+F).
    void focusSearch();
    /// Searches for this customer's id and shows their account (from another section).
    void openCustomer(const QUuid& id);
    /// How long typing pauses before the search runs.
    static constexpr int debounceMs = 250;

private:
    void applyQuery();
    void updateCount();
    void showError(const Error& error);
    void loadCountries();
    void selectPendingCustomer();
    void resetFilters();

    CustomerSearchModel* m_model;
    IdentityBackend* m_backend;
    QTimer* m_debounce;
    QLineEdit* m_searchEdit;
    QComboBox* m_statusCombo;
    QComboBox* m_tierCombo;
    QComboBox* m_countryCombo;
    QComboBox* m_mfaCombo;
    QComboBox* m_lockCombo;
    QCheckBox* m_createdCheck;
    QDateEdit* m_createdFromEdit;
    QDateEdit* m_createdToEdit;
    QPushButton* m_resetButton;
    QLabel* m_countLabel;
    QLabel* m_errorLabel;
    QTableView* m_table;
    CustomerDetailView* m_detail;
    QUuid m_openWhenListed; ///< openCustomer()'s customer, selected once its row arrives
};

} // namespace idc
