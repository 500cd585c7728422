#pragma once

#include <QMainWindow>
#include <QPointer>

class QAction;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QStackedWidget;

namespace idc {

class ConnectionManager;
class CredentialStore;
class CustomerSearchModel;
class CustomerSearchView;
class LoginDialog;
class ProfileStore;
struct ConnectionProfile;
struct Error;
struct ExportRequest;

/// The console's window: a navigation list of the sections that work on the open backend,
/// the section itself, and a status bar naming the profile, backend and operator. While no
/// backend is open it shows what is happening (demo generation with progress, connecting,
/// or why it failed).
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(ConnectionManager* connections, ProfileStore* profiles, CredentialStore* credentials,
               QWidget* parent = nullptr);
    ~MainWindow() override;

    /// The customer search section, once connected (for tests).
    CustomerSearchView* customerSearchView() const;

    void showConnectionDialog();
    void showSettingsDialog();

private:
    void buildMenus();
    void showStatusPage(const QString& message, bool busy, bool offerConnect);
    void onConnected();
    void onConnectionFailed(const ConnectionProfile& profile, const Error& error);
    void showOwnMfaDialog();
    void onPasswordRequired(const ConnectionProfile& profile);
    void onLoginRequired(const ConnectionProfile& profile, const Error& reason);
    void updateOperatorLabel();
    void openCustomer(const QUuid& id);
    void clearSections();
    void updateExportActions();
    void exportList();
    void exportCustomerReport();
    /// Asks how to export `request` (kind and filter filled in), then runs it in a progress dialog.
    void startExport(ExportRequest request, const QString& description);

    ConnectionManager* m_connections;
    ProfileStore* m_profiles;
    CredentialStore* m_credentials;

    QListWidget* m_navigation;
    QStackedWidget* m_sections;
    QWidget* m_statusPage;
    QLabel* m_statusMessage;
    QProgressBar* m_progress;
    QPushButton* m_cancelButton;
    QPushButton* m_connectButton;
    QLabel* m_profileLabel;
    QLabel* m_backendLabel;
    QLabel* m_operatorLabel;

    CustomerSearchModel* m_searchModel = nullptr;
    QPointer<CustomerSearchView> m_searchView;
    QPointer<LoginDialog> m_loginDialog;
    QAction* m_signOutAction = nullptr;
    QAction* m_ownMfaAction = nullptr;
    QAction* m_exportListAction = nullptr;
    QAction* m_exportReportAction = nullptr;
    bool m_exportAllowed = false; ///< the operator's role may take data out (ExportCreate)
};

} // namespace idc
