#pragma once

#include "Customer.h"
#include "Result.h"
#include "Session.h"

#include <QFuture>
#include <QPointer>
#include <QWidget>

#include <memory>

class QFormLayout;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableView;

namespace idc {

class AddressTableModel;
class BulkSessionRevoker;
class DevicesPanel;
class MfaPanel;
class LoginHistoryView;
struct BulkRevokeSummary;
class IdentityBackend;
class SessionTableModel;

/// One customer's account: profile, contact details (masked until revealed), loyalty,
/// consents, security state, addresses and sessions (which the operator can sign out).
class CustomerDetailView : public QWidget
{
    Q_OBJECT

public:
    explicit CustomerDetailView(IdentityBackend* backend, QWidget* parent = nullptr);
    ~CustomerDetailView() override;

    /// Loads and shows the customer; a null id shows the empty state.
    void showCustomer(const QUuid& id);
    QUuid customerId() const { return m_customer.id; }
    /// The customer shown (empty when none is).
    const Customer& customer() const { return m_customer; }
    /// Whether Suspend…/Reactivate… are offered (security officers and admins).
    void setSuspendAllowed(bool allowed);

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

    // Account actions
    void updateAccountActions();
    void confirmUnlock();
    void confirmStatusChange();
    void runAccountAction(QFuture<Result<Customer>> action, const QString& doneText);
    void reloadCustomer();
    void loadLoginHistoryIfShown();

    // Sessions tab
    QWidget* createSessionsTab();
    void updateSessionButtons();
    void updateSessionsTabTitle();
    void confirmRevokeSession();
    void confirmRevokeAll();
    void revokeSession(const QUuid& sessionId, RevokeReason reason, const QString& note);
    void startRevokeAll(const QUuid& customerId, const QString& name, RevokeReason reason, const QString& note);
    void finishRevokeAll(const BulkRevokeSummary& summary);
    void cancelRevokeAll();
    void setSessionsStatus(const QString& text);

    QPointer<IdentityBackend> m_backend;
    AddressTableModel* m_addresses;
    Customer m_customer;
    quint64 m_request = 0;
    QUuid m_requestedId; ///< the customer showCustomer() was last asked for
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
    MfaPanel* m_mfa = nullptr;
    QPushButton* m_unlockButton;
    QPushButton* m_suspendButton;
    QLabel* m_accountActionLabel;
    bool m_accountActionInFlight = false;
    bool m_suspendAllowed = true;
    QLabel* m_tierLabel;
    QLabel* m_pointsLabel;
    QLabel* m_spendLabel;
    QLabel* m_marketingLabel;
    QLabel* m_processingLabel;
    QTabWidget* m_tabs;
    QTableView* m_addressTable;

    SessionTableModel* m_sessions;
    DevicesPanel* m_devices = nullptr;
    LoginHistoryView* m_logins = nullptr;
    QWidget* m_sessionsTab = nullptr;
    QTableView* m_sessionTable = nullptr;
    QPushButton* m_revokeSessionButton = nullptr;
    QPushButton* m_revokeAllButton = nullptr;
    QPushButton* m_cancelRevokeAllButton = nullptr;
    QLabel* m_sessionsStatusLabel = nullptr;
    bool m_revokeInFlight = false; ///< one revoke (or one revoke-all run) at a time
    BulkSessionRevoker* m_revokeAll;
    QUuid m_revokeAllCustomer;
    QString m_revokeAllName;
};

} // namespace idc
